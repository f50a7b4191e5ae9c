import * as assert from 'assert';
import { parseConfig } from '../../../server/src/service/config/parser';
import { fixture } from '../support';

/** Each virtual server as `name @address: port type, port type`. */
function outline(text: string): string[] {
  return parseConfig(text).virtualServers.map(
    (vip) =>
      `${vip.form} ${vip.name.text} @${vip.address?.text ?? '-'}: ${vip.vports.map((v) => `${v.port.text} ${v.type?.text ?? '?'} [${v.children.map((c) => c.text.trim()).join('; ')}]`).join(', ')}`,
  );
}

describe('Configuration parser', () => {
  it('reads the seed summary form: a VIP head with its state letter, vports and their members', () => {
    assert.deepStrictEqual(outline(fixture('seed/vip-before-fix.summary.txt')), [
      'summary vip_210.21.*.* @210.21.*.*: 0 tcp [member:vpn_tcp 0/tcp], 0 udp [member:vpn_udp 0/udp]',
    ]);
    assert.deepStrictEqual(outline(fixture('seed/vip-after-fix.summary.txt')), [
      'summary vip_210.21.*.* @210.21.*.*: 0 tcp [member:vpn_tcp 0/tcp], 0 udp [member:vpn_udp 0/udp], 0 others [member:vpn_udp 0/others]',
    ]);
  });

  it('reads an ACOS 2 running-config: headers, blocks ended by `!`, double-spaced vports and their children', () => {
    const config = parseConfig(fixture('config/acos2-wildcard.a10.cfg'));
    assert.deepStrictEqual(
      config.blocks.map((b) => b.head.text),
      [
        'hostname LLB-1',
        'ip nat pool SNAT_ISP1 210.21.1.10 210.21.1.10 netmask /24',
        'slb server GW_ISP1 210.21.1.1',
        'slb service-group vpn_tcp tcp',
        'slb service-group vpn_udp udp',
        'slb virtual-server _wildcard_vserver 0.0.0.0',
        'end',
      ],
    );
    assert.deepStrictEqual(outline(fixture('config/acos2-wildcard.a10.cfg')), [
      'cli _wildcard_vserver @0.0.0.0: ' +
        '0 tcp [name _wildcard_vserver_TCP; service-group vpn_tcp; source-nat pool SNAT_ISP1; no-dest-nat; template tcp idle_300], ' +
        '0 udp [name _wildcard_vserver_UDP; service-group vpn_udp; source-nat pool SNAT_ISP1; no-dest-nat; template udp udp_120]',
    ]);
  });

  it('reads an ACOS 4 running-config with two virtual servers', () => {
    assert.deepStrictEqual(outline(fixture('config/acos4-inbound.a10.cfg')), [
      'cli vip_vpn @210.21.1.10: ' +
        '0 tcp [source-nat pool SNAT_ISP1; service-group vpn_tcp; use-rcv-hop-for-resp; template tcp idle_300], ' +
        '0 udp [source-nat pool SNAT_ISP1; service-group vpn_udp; use-rcv-hop-for-resp; template udp udp_120]',
      'cli vip_web @210.21.1.20: 443 https [service-group web_https]',
    ]);
  });

  it('treats what follows `!` as a comment and keeps lines VIP-level options apart from vports', () => {
    const text = [
      'slb virtual-server v1 1.2.3.4 ! the public VIP',
      '  port 0 udp',
      '    service-group g ! borrowed',
      '  ha-group 1',
      '!',
    ].join('\n');
    const [vip] = parseConfig(text).virtualServers;
    assert.strictEqual(vip.address?.text, '1.2.3.4');
    assert.deepStrictEqual(
      vip.vports[0].children.map((c) => c.words.map((w) => w.text).join(' ')),
      ['service-group g'],
    );
  });

  it('keeps every vport of a VIP whose vports are indented unevenly (an ACOS 2 vport pasted beside an ACOS 4 one)', () => {
    const text = [
      'slb virtual-server _wc 0.0.0.0',
      '   port 0  tcp',
      '      service-group vpn_tcp',
      '  port 0 udp',
      '    service-group vpn_udp',
      '!',
    ].join('\n');
    assert.deepStrictEqual(outline(text), [
      'cli _wc @0.0.0.0: 0 tcp [service-group vpn_tcp], 0 udp [service-group vpn_udp]',
    ]);
  });

  it('keeps every line, with offsets, for CRLF and lone CR line ends alike', () => {
    for (const eol of ['\r\n', '\r']) {
      const text = fixture('seed/vip-before-fix.summary.txt').replace(/\n/g, eol);
      const config = parseConfig(text);
      assert.strictEqual(config.lines.length, 6);
      assert.strictEqual(text.slice(config.lines[1].start, config.lines[1].end), 'port 0 tcp');
      assert.strictEqual(outline(text).length, 1);
    }
  });

  it('reads an empty document and stray indented lines without complaint', () => {
    assert.deepStrictEqual(parseConfig('').virtualServers, []);
    assert.deepStrictEqual(outline('   port 0 tcp\n      service-group x\n'), []);
  });
});
