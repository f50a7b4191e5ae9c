// Which VIP of the workspace handled a capture finding's traffic. The dump never names it: the
// translated source seen on the uplink is the VIP's own address or lies in a NAT pool of its
// vports, or the VIP is the wildcard 0.0.0.0 one. Masked addresses match on their visible part.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { modelOf } from '../../../server/src/service/config/model';
import { parseConfig } from '../../../server/src/service/config/parser';
import type { IndexedConfig } from '../../../server/src/service/config/symbols';
import { CONFIG_LANGUAGE } from '../../../server/src/service/languages';
import {
  describeMatch,
  FollowedVipIndex,
  matchingVips,
  poolsOf,
  type SeenAddress,
  vipsOf,
} from '../../../server/src/service/join/vipMatch';

/** A configuration document of the workspace, read as the service reads it. */
function site(text: string, uri = 'file:///ws/box.a10.cfg'): IndexedConfig {
  const document = TextDocument.create(uri, CONFIG_LANGUAGE, 1, text);
  return { uri, document, model: modelOf(parseConfig(text)) };
}

/** The source the balancer translated the inside host to, as the sent copy on line 4 shows it. */
function seen(address: string): SeenAddress[] {
  return [{ address, line: 3 }];
}

/** `VIP kind` of each match, strongest first. */
function matches(sites: IndexedConfig[], addresses: SeenAddress[]): string[] {
  return matchingVips(sites, addresses).map(
    (m) => `${m.vip.name} ${m.kind}${m.masked ? ' (masked)' : ''}`,
  );
}

const VIP_AT_183 = [
  'slb virtual-server vip_vpn 183.62.8.14',
  '  port 0 tcp',
  '  port 0 udp',
  '    service-group vpn_udp',
  '!',
  '',
].join('\n');

const POOL_VIP = [
  'ip nat pool SNAT_ISP2 183.62.8.10 183.62.8.20 netmask /24',
  '!',
  'slb virtual-server vip_vpn 210.21.1.10',
  '  port 0 udp',
  '    source-nat pool SNAT_ISP2',
  '    service-group vpn_udp',
  '!',
  '',
].join('\n');

const WILDCARD = [
  'slb virtual-server _wildcard_vserver 0.0.0.0',
  '  port 0 udp',
  '    service-group vpn_udp',
  '!',
  '',
].join('\n');

const MASKED_SUMMARY = [
  'vip_183.62.*.*(A) 183.62.*.*',
  'port 0 tcp',
  'member:vpn_tcp 0/tcp',
  'port 0 udp',
  'member:vpn_udp 0/udp',
  '',
].join('\n');

describe('Matching a capture finding to a VIP', () => {
  it("matches by the VIP's own address when the translated source is it", () => {
    const [match] = matchingVips([site(VIP_AT_183)], seen('183.62.8.14'));
    assert.strictEqual(match.kind, 'vip-address');
    assert.strictEqual(
      describeMatch(match),
      "matched by the VIP's own address: the translated source 183.62.8.14 seen on the uplink (line 4) is 183.62.8.14",
    );
  });

  it('matches by a NAT pool of its vports when the translated source lies in the pool', () => {
    const [match] = matchingVips([site(POOL_VIP)], seen('183.62.8.14'));
    assert.strictEqual(match.kind, 'nat-pool');
    assert.strictEqual(
      describeMatch(match),
      'matched by a NAT pool: the translated source 183.62.8.14 seen on the uplink (line 4) is in pool SNAT_ISP2 of its vports',
    );
    assert.deepStrictEqual(
      matches([site(POOL_VIP)], seen('183.62.8.21')),
      [],
      'one past the pool is outside it',
    );
  });

  it('matches the wildcard 0.0.0.0 VIP whatever the addresses, even when the dump shows none', () => {
    assert.deepStrictEqual(matches([site(WILDCARD)], []), ['_wildcard_vserver wildcard']);
    assert.strictEqual(
      describeMatch(matchingVips([site(WILDCARD)], [])[0]),
      'matched as the wildcard VIP: 0.0.0.0 takes all traffic through the balancer',
    );
  });

  it('matches masked addresses on their visible octets, on either side', () => {
    assert.deepStrictEqual(matches([site(MASKED_SUMMARY)], seen('183.62.8.14')), [
      'vip_183.62.*.* vip-address (masked)',
    ]);
    assert.deepStrictEqual(matches([site(VIP_AT_183)], seen('183.62.*.*')), [
      'vip_vpn vip-address (masked)',
    ]);
    assert.deepStrictEqual(matches([site(POOL_VIP)], seen('183.62.*.*')), [
      'vip_vpn nat-pool (masked)',
    ]);
    assert.strictEqual(
      describeMatch(matchingVips([site(MASKED_SUMMARY)], seen('183.62.*.*'))[0]),
      "matched by the VIP's own address: the translated source 183.62.*.* seen on the uplink (line 4) may be 183.62.*.*",
    );
  });

  it('matches nothing on a fully masked address: `*.*.*.*` would name every VIP', () => {
    assert.deepStrictEqual(
      matches([site(VIP_AT_183), site(POOL_VIP, 'file:///ws/pool.a10.cfg')], seen('*.*.*.*')),
      [],
    );
  });

  it('matches nothing when the visible octets differ, and ignores VIPs that carry no IKE', () => {
    assert.deepStrictEqual(
      matches(
        [site(POOL_VIP), site(MASKED_SUMMARY, 'file:///ws/vip.summary.txt')],
        seen('198.51.100.7'),
      ),
      [],
    );
    const web = site(
      [
        'slb virtual-server vip_web 183.62.8.14',
        '  port 443 https',
        '    service-group web',
        '!',
        '',
      ].join('\n'),
    );
    assert.deepStrictEqual(vipsOf(web), []);
    assert.deepStrictEqual(matches([web], seen('183.62.8.14')), []);
  });

  it('orders several matches deterministically: own address, then pool, then wildcard; then by file and line', () => {
    const sites = [
      site(WILDCARD, 'file:///ws/a.a10.cfg'),
      site(POOL_VIP, 'file:///ws/b.a10.cfg'),
      site(VIP_AT_183, 'file:///ws/c.a10.cfg'),
    ];
    assert.deepStrictEqual(matches(sites, seen('183.62.8.14')), [
      'vip_vpn vip-address',
      'vip_vpn nat-pool',
      '_wildcard_vserver wildcard',
    ]);
    assert.deepStrictEqual(
      matchingVips(sites, seen('183.62.8.14')).map((m) => m.vip.site.uri),
      ['file:///ws/c.a10.cfg', 'file:///ws/b.a10.cfg', 'file:///ws/a.a10.cfg'],
    );
  });

  it('knows whether a VIP has `port 0 others` by now, and offers its edit only when it has not', () => {
    const fixed = site(WILDCARD.replace('!\n', '  port 0 others\n    service-group vpn_udp\n!\n'));
    const [vip] = vipsOf(fixed);
    assert.strictEqual(vip.hasOthers, true);
    assert.strictEqual(vip.addOthers, undefined);
    assert.strictEqual(vipsOf(site(WILDCARD))[0].hasOthers, false);
  });

  it('reads a pool kept in another file of the workspace: its own file first, else the first other file by name', () => {
    const vipOnly = site(POOL_VIP.split('\n').slice(2).join('\n'), 'file:///ws/vip-fragment.cfg');
    const pool = (range: string): string => `ip nat pool SNAT_ISP2 ${range} netmask /24\n`;
    const z = site(pool('183.62.8.10 183.62.8.20'), 'file:///ws/z-pools.cfg');
    const a = site(pool('183.62.9.10 183.62.9.20'), 'file:///ws/a-pools.cfg');
    const [vip] = vipsOf(vipOnly);
    // Listed z first (as a host may list them), the pool is still a's: the same for any order.
    assert.deepStrictEqual(
      poolsOf(vip, [vipOnly, z, a]).map((p) => `${p.name} ${p.addresses} ${p.location.uri}`),
      ['SNAT_ISP2 183.62.9.10-183.62.9.20 file:///ws/a-pools.cfg'],
    );
    assert.deepStrictEqual(matches([vipOnly, z, a], seen('183.62.9.14')), ['vip_vpn nat-pool']);
    assert.deepStrictEqual(
      matches([vipOnly, z, a], seen('183.62.8.14')),
      [],
      "z's pool is not the one the VIP uses",
    );
  });

  it('follows a changing workspace file by file: a VIP added, a pool changed, a file gone', () => {
    const followed = new FollowedVipIndex();
    const pools = site(
      'ip nat pool SNAT_ISP2 183.62.8.10 183.62.8.20 netmask /24\n',
      'file:///ws/pools.cfg',
    );
    const vip = site(POOL_VIP.split('\n').slice(2).join('\n'), 'file:///ws/vip.cfg');
    const first = [pools, vip];
    followed.follow(first);
    assert.deepStrictEqual(matches(first, seen('183.62.8.14')), ['vip_vpn nat-pool']);

    // The pool moved on disk, and a wildcard VIP was added in a new file.
    const moved = site(
      'ip nat pool SNAT_ISP2 183.62.9.10 183.62.9.20 netmask /24\n',
      'file:///ws/pools.cfg',
    );
    const second = [moved, vip, site(WILDCARD, 'file:///ws/wildcard.cfg')];
    followed.follow(second);
    assert.deepStrictEqual(matches(second, seen('183.62.8.14')), ['_wildcard_vserver wildcard']);
    assert.deepStrictEqual(matches(second, seen('183.62.9.14')), [
      'vip_vpn nat-pool',
      '_wildcard_vserver wildcard',
    ]);

    // The pools file deleted: the VIP's pool is defined nowhere.
    const third = [vip, second[2]];
    followed.follow(third);
    assert.deepStrictEqual(matches(third, seen('183.62.9.14')), ['_wildcard_vserver wildcard']);
    // An older list still answers for itself.
    assert.deepStrictEqual(matches(first, seen('183.62.8.14')), ['vip_vpn nat-pool']);
  });
});
