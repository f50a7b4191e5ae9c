// Redacting configurations and dumps for sharing: secrets removed, addresses and names replaced
// the same way in every file of a run, masks kept, and the way back with the key.
import * as assert from 'assert';
import { redactionKey } from '../../../server/src/service/redact/key';
import { REMOVED, Redactor } from '../../../server/src/service/redact/redactor';

const KEY = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 255);

function redactor(names = false): Redactor {
  return new Redactor(redactionKey(KEY), { names });
}

/** The lines of a text. */
const lines = (text: string): string[] => text.split('\n');

describe('Redaction: secrets', () => {
  it('removes every secret ACOS writes, keeping the line and its command', () => {
    const config = [
      'hostname lb-dc1',
      'admin ops password encrypted GxQzY2FkZmFzZGZhc2Rm',
      'enable-password s3cret!',
      'snmp-server community read pubLic0 remote 192.0.2.10',
      'snmp-server SNMPv3 user mon group g v3 auth sha AuthPass1 priv aes PrivPass2',
      'radius-server host 10.9.9.9 secret encrypted R4diusS3cret',
      'tacacs-server host 10.9.9.8 secret T4cacsKey',
      'interface ethernet 1',
      '  ip ospf message-digest-key 1 md5 OspfKey9',
      'router bgp 65000',
      '  neighbor 198.51.100.1 password BgpPass7',
      'slb template server-ssl to-app',
      '  passphrase encrypted PhR4se',
      'glm token vTH123abc',
      'backup periodic scp://backup:ScpPass1@10.0.0.9/lb.cfg',
      'slb template http auth',
      '  request-header-insert "Authorization: Basic dXNlcjpwYXNz"',
    ].join('\n');
    const result = redactor().redact(config, 'config');
    for (const secret of [
      'GxQzY2FkZmFzZGZhc2Rm',
      's3cret!',
      'pubLic0',
      'AuthPass1',
      'PrivPass2',
      'R4diusS3cret',
      'T4cacsKey',
      'OspfKey9',
      'BgpPass7',
      'PhR4se',
      'vTH123abc',
      'ScpPass1',
      'dXNlcjpwYXNz',
    ]) {
      assert.ok(!result.text.includes(secret), `${secret} survived`);
    }
    const out = lines(result.text);
    assert.strictEqual(out.length, 17);
    assert.strictEqual(out[1], `admin ops password encrypted ${REMOVED}`);
    assert.match(
      out[3],
      new RegExp(`^snmp-server community read ${REMOVED} remote \\d+\\.\\d+\\.\\d+\\.10$`),
    );
    assert.deepStrictEqual(
      result.secrets.map((s) => `${s.line + 1}: ${s.what}`),
      [
        '2: password',
        '3: password',
        '4: SNMP community',
        '5: SNMPv3 key',
        '5: SNMPv3 key',
        '6: shared secret',
        '7: shared secret',
        '9: key',
        '11: password',
        '13: passphrase',
        '14: token',
        '15: password in a URL',
        '17: HTTP credential',
      ],
    );
  });

  it('removes certificates and private keys line by line, keeping their markers and the line count', () => {
    const text = [
      'slb ssl-load certificate',
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA',
      'q83kd==',
      '-----END RSA PRIVATE KEY-----',
      'slb server s1 10.0.0.1',
    ].join('\n');
    const out = lines(redactor().redact(text, 'config').text);
    assert.deepStrictEqual(out.slice(1, 5), [
      '-----BEGIN RSA PRIVATE KEY-----',
      REMOVED,
      REMOVED,
      '-----END RSA PRIVATE KEY-----',
    ]);
  });

  it('removes an SNMP community tcpdump prints in a dump', () => {
    const dump =
      '10:00:00.000000 IP 10.1.1.1.40000 > 10.1.1.2.161:  C="private" GetRequest(28)  .1.3.6.1.2.1.1.5.0';
    const result = redactor().redact(dump, 'capture');
    assert.ok(!result.text.includes('private'));
    assert.ok(result.text.includes('.1.3.6.1.2.1.1.5.0'), 'an OID is no address');
  });
});

describe('Redaction: addresses in text', () => {
  it('replaces each address the same way in a configuration and a dump, ports and masks kept', () => {
    const r = redactor();
    const config = r.redact(
      'slb virtual-server vip 203.0.113.80\n   port 0 others\nip nat pool P 203.0.113.100 203.0.113.110 netmask 255.255.255.0',
      'config',
    ).text;
    const dump = r.redact(
      '@1 i( 1, 100, 1)> ip 10.1.1.254 > 203.0.113.80 esp spi=0x1 seq=0x1\n10:00:00.000000 IP 203.0.113.80.500 > 198.51.100.7.500: isakmp: phase 1 I ident',
      'capture',
    ).text;
    const vip = /virtual-server vip (\S+)/.exec(config)![1];
    assert.notStrictEqual(vip, '203.0.113.80');
    assert.ok(dump.includes(`> ${vip} esp`), dump);
    assert.ok(dump.includes(`IP ${vip}.500 > `), 'a tcpdump port stays after the address');
    assert.ok(config.includes('netmask 255.255.255.0'));
    assert.ok(
      !dump.includes('10.1.1.254') && /ip 10\.\d+\.\d+\.254 >/.test(dump),
      'a private address stays in 10/8',
    );
  });

  it('keeps masked addresses masked, mapping only what they show', () => {
    const r = redactor();
    const out = r.redact(
      'vip_183.62.*.*(A) 183.62.*.*\n@1 o( 6, 0, 1)> ip 183.62.10.20 > *.*.*.*',
      'capture',
    ).text;
    const [masked, full] = [/vip_(\S+)\(A\)/.exec(out)![1], /ip (\S+) >/.exec(out)![1]];
    assert.match(masked, /^\d+\.\d+\.\*\.\*$/);
    assert.notStrictEqual(masked, '183.62.*.*');
    assert.strictEqual(
      full.split('.').slice(0, 2).join('.'),
      masked.split('.').slice(0, 2).join('.'),
      'the shown octets match the full address',
    );
    assert.ok(out.endsWith('> *.*.*.*'));
  });

  it('maps IPv6 addresses, with and without a tcpdump port, and keeps link-local and multicast', () => {
    const out = redactor().redact(
      '10:00:00.000000 IP6 2001:db8:1::1.500 > 2001:db8:2::2.500: isakmp: parent_sa ikev2_init[I]\n10:00:01.000000 IP6 fe80::1 > ff02::1: ICMP6, router advertisement, length 64',
      'capture',
    ).text;
    assert.ok(!out.includes('2001:db8:1::1') && !out.includes('2001:db8:2::2'));
    assert.match(out, /IP6 2001:db8:\S+\.500 > 2001:db8:\S+\.500: isakmp/);
    assert.ok(out.includes('IP6 fe80::1 > ff02::1: ICMP6'));
  });

  it('leaves version numbers, OIDs, times and MAC addresses alone', () => {
    const text =
      '!version 4.1.4-GR1-P12, build 77\n10:00:01.000000 00:11:22:33:44:55 > 66:77:88:99:aa:bb, ethertype IPv4 (0x0800)\nsnmp oid 1.3.6.1.4.1.22610';
    assert.strictEqual(redactor().redact(text, 'capture').text, text);
  });
});

describe('Redaction: names', () => {
  it('leaves names alone unless asked', () => {
    const text = 'hostname lb-dc1\nslb server web1 10.0.0.1\n';
    assert.ok(redactor(false).redact(text, 'config').text.includes('web1'));
  });

  it('replaces object names, host names, descriptions and domain names the same way everywhere, keywords kept', () => {
    const r = redactor(true);
    const config = [
      'hostname lb-dc1',
      'slb server web1 www.example.net',
      '   description "rack 4 web"',
      '   port 80 tcp',
      'slb service-group web-grp tcp',
      '   member web1:80',
      'slb virtual-server vs_https 192.0.2.80',
      '   port 443 tcp',
      '      service-group web-grp ! web-grp carries the site',
    ].join('\n');
    const dump =
      '10:00:00.000000 IP 192.0.2.80.443 > 10.0.0.1.80: Flags [S], seq 1, win 0, length 0 in slot1/tmm0 lis=/Common/vs_https';
    r.learn(config, 'config');
    const out = r.redact(config, 'config').text;
    const shared = r.redact(dump, 'capture').text;
    for (const name of ['lb-dc1', 'web1', 'web-grp', 'vs_https', 'rack 4 web', 'www.example.net']) {
      assert.ok(!out.includes(name) && !shared.includes(name), `${name} survived`);
    }
    const vs = /virtual-server (\S+)/.exec(out)![1];
    assert.ok(
      shared.endsWith(`lis=/Common/${vs}`),
      'the F5 listener names the same virtual server',
    );
    const group = /service-group (\S+) tcp/.exec(out)![1];
    assert.ok(
      out.includes(`      service-group ${group} ! ${group} carries the site`),
      'a comment names it the same way',
    );
    assert.match(out, /member n-[a-z2-7]{8}:80/);
    assert.match(out, /slb server n-[a-z2-7]{8} www\.n-[a-z2-7]{8}\.net/);
    assert.ok(out.includes('   port 443 tcp'));
  });

  it('replaces host names tcpdump printed for the ends of a packet, ports kept', () => {
    const r = redactor(true);
    const out = r.redact(
      '10:00:09.000000 IP fw1.corp.example.com.isakmp > peer-gw.isakmp: isakmp: phase 1 I ident',
      'capture',
    ).text;
    assert.match(
      out,
      /IP n-[a-z2-7]{8}\.corp\.n-[a-z2-7]{8}\.com\.isakmp > n-[a-z2-7]{8}\.isakmp: isakmp/,
    );
  });
});

describe('Redaction: the way back', () => {
  it('unredact maps addresses and names of a redacted text back to the originals', () => {
    const r = redactor(true);
    const config = 'slb virtual-server vpn-vip 203.0.113.80\n   port 0 udp\n';
    r.learn(config, 'config');
    const redacted = r.redact(config, 'config').text;
    const [, vip, address] = /virtual-server (\S+) (\S+)/.exec(redacted)!;
    const host = r.redact('10.1.1.254', 'capture').text;
    const finding = `VIP ${vip} (${address}) has no port 0 others: ${host} sent ESP to it`;
    const back = redactor(true);
    back.knowNames(r.names());
    assert.strictEqual(
      back.unredact(finding),
      'VIP vpn-vip (203.0.113.80) has no port 0 others: 10.1.1.254 sent ESP to it',
    );
  });
});
