// Traffic in the dump to a virtual server's own address that none of its vports takes
// (lbcap/no-vport-for-traffic): found only by joining the dump with the configuration, reported
// once per address and kind of traffic, pointing at the VIP, and for ESP fixed from the dump.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
  CAPTURE_LANGUAGE,
  CONFIG_LANGUAGE,
  createLanguageService,
  type LanguageService,
} from '../../../server/src/service';
import { fixture, messageOf } from '../support';

const CONFIG_URI = 'file:///ws/box.a10.cfg';
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

const VPN_VIP = fixture('join/vip-ports.a10.cfg');

/** ESP back from the peer to the VPN VIP (never sent on), HTTPS and HTTP to the web VIP, IKE to the VPN VIP. */
const DUMP = fixture('join/vip-ports.axdebug.txt');

function service(configText = VPN_VIP): LanguageService {
  const config = TextDocument.create(CONFIG_URI, CONFIG_LANGUAGE, 1, configText);
  return createLanguageService({ workspace: { configDocuments: () => [config] } });
}

const capture = TextDocument.create('file:///ws/dump.axdebug.txt', CAPTURE_LANGUAGE, 1, DUMP);

function unserved(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.code === 'lbcap/no-vport-for-traffic');
}

describe('Traffic to a VIP port the configuration lacks', () => {
  it('reports ESP to a VIP without `port 0 others` and HTTP to a VIP with only 443, each once, on its first packet', () => {
    const found = unserved(service().doValidation(capture));
    assert.deepStrictEqual(
      found.map((d) => `${d.range.start.line + 1}: ${messageOf(d)}`),
      [
        '3: 2 packets of ESP reach virtual server vip_vpn in box.a10.cfg (line 4) at its address 210.21.1.10, and none of its vports (`port 0 udp`) takes ESP; ' +
          'the dump shows none of them sent on: the balancer dropped them. Add a `port 0 others` vport if the VIP should take this traffic.',
        '7: 1 packet of TCP port 80 reaches virtual server vip_web in box.a10.cfg (line 8) at its address 210.21.1.20, and none of its vports (`port 443 https`) takes TCP port 80; ' +
          'the dump shows it not sent on: the balancer dropped it. Add a `port 80 tcp` vport if the VIP should take this traffic.',
      ],
    );
    assert.deepStrictEqual(found[0].relatedInformation, [
      {
        location: {
          uri: CONFIG_URI,
          range: { start: { line: 3, character: 0 }, end: { line: 3, character: 38 } },
        },
        message: 'Virtual server vip_vpn: no vport for ESP',
      },
    ]);
    assert.strictEqual(
      found[0].codeDescription?.href,
      'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/lbcap-no-vport-for-traffic.md',
    );
  });

  it("offers the configuration's own `others` fix for the ESP, as an edit of the configuration file", () => {
    const lens = service();
    const actions = lens.doCodeActions(capture, EVERYWHERE, unserved(lens.doValidation(capture)));
    assert.deepStrictEqual(
      actions.map((a) => a.title),
      ["Add 'port 0 others' to vip_vpn in box.a10.cfg"],
    );
    assert.strictEqual(
      actions[0].edit?.changes?.[CONFIG_URI]?.[0].newText,
      '\n   port 0  others\n      service-group vpn_udp',
    );
  });

  it('reports nothing once the VIP has the vport, nor without a configuration', () => {
    const fixed = VPN_VIP.replace(
      '      service-group vpn_udp\n!\nslb virtual-server vip_web',
      '      service-group vpn_udp\n   port 0  others\n      service-group vpn_udp\n   port 80 http\n      service-group vpn_udp\n!\nslb virtual-server vip_web',
    );
    assert.deepStrictEqual(
      unserved(service(fixed).doValidation(capture)).map((d) => d.range.start.line + 1),
      [7],
      'the 80 vport went to the VPN VIP, so only the web VIP still lacks it',
    );
    assert.deepStrictEqual(unserved(createLanguageService().doValidation(capture)), []);
  });

  it('matches a masked VIP address on its visible octets and says the traffic may reach it', () => {
    const summary = 'vip_210.21.*.*(A) 210.21.*.*\nport 0 udp\nmember:vpn_udp 0/udp\n';
    const [finding] = unserved(service(summary).doValidation(capture));
    assert.match(
      messageOf(finding),
      /^2 packets of ESP may reach virtual server vip_210\.21\.\*\.\* /,
    );
  });

  it('never floods: past 20 kinds of traffic, the last finding sums up the rest', () => {
    const scan = Array.from(
      { length: 25 },
      (_, i) =>
        `@${200 + i} i( 6, 0, b${i})> ip 198.51.100.7 > 210.21.1.20 tcp 40000 > ${1000 + i} S 1:0(0)`,
    ).join('\n');
    const dump = TextDocument.create(
      'file:///ws/scan.axdebug.txt',
      CAPTURE_LANGUAGE,
      1,
      `${scan}\n`,
    );
    const found = unserved(service().doValidation(dump));
    assert.strictEqual(found.length, 20);
    assert.match(
      messageOf(found[19]),
      /^6 more kinds of traffic reach a virtual server on a port none of its vports takes; the first is: 1 packet of TCP port 1019 reaches/,
    );
  });

  it('counts a vport with `range` as taking every port of its range', () => {
    const ranged = 'slb virtual-server web 210.21.1.20\n   port 8000 tcp range 10\n!\n';
    const dump = TextDocument.create(
      'file:///ws/ranged.axdebug.txt',
      CAPTURE_LANGUAGE,
      1,
      [
        '@1 i( 6, 0, c1)> ip 198.51.100.7 > 210.21.1.20 tcp 40000 > 8005 S 1:0(0)',
        '@2 i( 6, 0, c2)> ip 198.51.100.7 > 210.21.1.20 tcp 40001 > 8011 S 2:0(0)',
        '',
      ].join('\n'),
    );
    assert.deepStrictEqual(
      unserved(service(ranged).doValidation(dump)).map((d) => messageOf(d).split(';')[0]),
      [
        '1 packet of TCP port 8011 reaches virtual server web in box.a10.cfg (line 1) at its address 210.21.1.20, and none of its vports (`port 8000 tcp range 10`) takes TCP port 8011',
      ],
    );
  });

  it("leaves out what the balancer sent itself: its own ping to a VIP's address reached no vport", () => {
    const own = TextDocument.create(
      'file:///ws/own.axdebug.txt',
      CAPTURE_LANGUAGE,
      1,
      '@1 o( 6, 0, d1)> ip 210.21.1.20 > 210.21.1.10 icmp echo (ping) request seq=1\n',
    );
    assert.deepStrictEqual(unserved(service().doValidation(own)), []);
  });
});
