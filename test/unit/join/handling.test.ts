// The hover of a packet names the VIP, vport, service group and NAT pool of the workspace's
// configurations that handled it: found by the address it was sent to (a VIP's or a pool's), by
// the address its source was translated to, or as the wildcard VIP the balancer forwards the rest
// through. A packet no vport takes says so: ESP without `port 0 others` is the seed's story.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CAPTURE_LANGUAGE,
  CONFIG_LANGUAGE,
  createLanguageService,
} from '../../../server/src/service';
import { fixture } from '../support';

const SEED = fixture('seed/capture-before-fix.axdebug.txt');

/** The hover's Markdown on a 1-based line of a dump, with the given configuration files in the workspace. */
function hoverText(dump: string, line: number, configs: Record<string, string>): string {
  const documents = Object.entries(configs).map(([name, text]) =>
    TextDocument.create(`file:///ws/${name}`, CONFIG_LANGUAGE, 1, text),
  );
  const service = createLanguageService({ workspace: { configDocuments: () => documents } });
  const capture = TextDocument.create('file:///ws/dump.axdebug.txt', CAPTURE_LANGUAGE, 1, dump);
  const hover = service.doHover(capture, { line: line - 1, character: 3 });
  assert.ok(hover, `no hover on line ${line}`);
  return (hover.contents as { value: string }).value;
}

/** The hover's configuration paragraph, or '' when it has none. */
function configurationPart(text: string): string {
  return text.split('\n\n').find((part) => part.startsWith('**Configuration:**')) ?? '';
}

describe('Which VIP, vport and service group handled a packet (hover)', () => {
  const acos2 = { 'llb-acos2.a10.cfg': fixture('config/acos2-wildcard.a10.cfg') };

  it('names the wildcard VIP, its `port 0 tcp` vport, the service group and the NAT pool for a TCP SYN of the seed', () => {
    assert.strictEqual(
      configurationPart(hoverText(SEED, 5, acos2)),
      '**Configuration:** through virtual server [\\_wildcard\\_vserver](file:///ws/llb-acos2.a10.cfg#L21) ' +
        '([llb-acos2.a10.cfg line 21](file:///ws/llb-acos2.a10.cfg#L21)), matched as the wildcard VIP: 0.0.0.0 takes all traffic through the balancer: ' +
        'vport [port 0 tcp](file:///ws/llb-acos2.a10.cfg#L22), service group [vpn\\_tcp](file:///ws/llb-acos2.a10.cfg#L15), ' +
        'source NAT pool [SNAT\\_ISP1](file:///ws/llb-acos2.a10.cfg#L7) (210.21.1.10).',
    );
  });

  it('says that the wildcard VIP has no vport for the seed’s ESP: it needs `port 0 others`', () => {
    const part = configurationPart(hoverText(SEED, 1, acos2));
    assert.match(part, /virtual server \[\\_wildcard\\_vserver\]/);
    assert.match(
      part,
      /It has \*\*no vport for ESP\*\* \(it needs `port 0 others`\): the balancer neither translates/,
    );
  });

  it('names the `others` vport once the configuration has it', () => {
    const fixed = { 'llb-acos2.a10.cfg': fixture('config/acos2-wildcard.fixed.a10.cfg') };
    assert.match(
      configurationPart(hoverText(SEED, 1, fixed)),
      /vport \[port 0 {1,2}others\]\(file:\/\/\/ws\/llb-acos2\.a10\.cfg#L\d+\)/,
    );
  });

  it('finds the VIP a packet was sent to by its own address, and the vport of its port', () => {
    const dump = [
      '@100 i( 1, 100, 1)> ip 198.51.100.7 > 203.0.113.10 tcp 40000 > 443 S 1:0(0)',
      '@100 o( 6, 0, 1)> ip 198.51.100.7 > 10.0.0.5 tcp 40000 > 443 S 1:0(0)',
      '',
    ].join('\n');
    const web = [
      'slb service-group web tcp',
      '  member web1:443',
      '!',
      'slb virtual-server vip_web 203.0.113.10',
      '  port 80 http',
      '    service-group web',
      '  port 443 https',
      '    service-group web',
      '!',
      '',
    ].join('\n');
    const part = configurationPart(hoverText(dump, 1, { 'web.a10.cfg': web }));
    assert.match(part, /virtual server \[vip\\_web\]\(file:\/\/\/ws\/web\.a10\.cfg#L4\)/);
    assert.match(part, /matched by the VIP's own address/);
    assert.match(
      part,
      /vport \[port 443 https\]\(file:\/\/\/ws\/web\.a10\.cfg#L7\), service group \[web\]\(file:\/\/\/ws\/web\.a10\.cfg#L1\)\.$/,
    );
  });

  it('reads a NAT pool defined in another file of the workspace', () => {
    const dump = [
      '@100 i( 1, 100, 1)> ip 10.1.1.254 > 198.51.100.7 udp 500 > 500',
      '@100 o( 6, 0, 1)> ip 183.62.8.14 > 198.51.100.7 udp 500 > 500',
      '',
    ].join('\n');
    const vip = [
      'slb virtual-server vip_vpn 210.21.1.10',
      '  port 0 udp',
      '    source-nat pool SNAT_ISP2',
      '    service-group vpn_udp',
      '!',
      '',
    ].join('\n');
    const pools = 'ip nat pool SNAT_ISP2 183.62.8.10 183.62.8.20 netmask /24\n';
    const part = configurationPart(
      hoverText(dump, 1, { 'vip.a10.cfg': vip, 'pools.a10.cfg': pools }),
    );
    assert.match(
      part,
      /matched by a NAT pool: the translated source 183\.62\.8\.14 seen on the uplink \(line 2\) is in pool SNAT\\_ISP2/,
    );
    assert.match(
      part,
      /source NAT pool \[SNAT\\_ISP2\]\(file:\/\/\/ws\/pools\.a10\.cfg#L1\) \(183\.62\.8\.10-183\.62\.8\.20\)/,
    );
    assert.match(part, /service group `vpn_udp` \(not defined in the workspace\)/);
  });

  it('adds nothing when no configuration is in the workspace, or none matches', () => {
    assert.strictEqual(configurationPart(hoverText(SEED, 5, {})), '');
    const web = 'slb virtual-server vip_web 203.0.113.10\n  port 443 https\n!\n';
    assert.strictEqual(configurationPart(hoverText(SEED, 5, { 'web.a10.cfg': web })), '');
  });
});
