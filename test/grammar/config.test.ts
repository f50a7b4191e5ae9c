// The balancer-config grammar (syntaxes/balancer-config.tmLanguage.json) on every line of the
// seed's VIP summaries and the ACOS 2 / ACOS 4 sample configurations, then construct by construct.
import * as assert from 'node:assert/strict';
import {
  type Expectation,
  type Line,
  expectDocument,
  expectFullyScoped,
  expectNoScope,
  expectScope,
  expectScopes,
  fixtureFiles,
  readFixture,
  tokenize,
} from './tokenize';

const HEADER = 'comment.line.header';
const COMMENT = 'comment.line.exclamation-mark';
const BLOCK = 'keyword.control.block';
const SETTING = 'keyword.other.setting';
const IPV4 = 'constant.numeric.ip-address.ipv4';
const MASKED = 'constant.numeric.ip-address.ipv4.masked';

/** `!`: the line that closes a block, a comment. */
const comment = (): Expectation[] => [['!', COMMENT]];
/** `!Current configuration ...` and the other headers ACOS writes. */
const header = (text: string): Expectation[] => [
  ['!', 'punctuation.definition.comment'],
  [text.slice(1), HEADER],
];
/** `port N TYPE` (any indentation, one or two spaces before TYPE). */
const vport = (port: string, type: string): Expectation[] => [
  ['port', 'keyword.other.port'],
  [port, 'constant.numeric.port'],
  [type, `support.type.protocol.${type}`],
];
/** `member:NAME PORT/PROTO` of the summary form. */
const summaryMember = (name: string, port: string, protocol: string): Expectation[] => [
  ['member', SETTING],
  [':', 'punctuation.separator.member'],
  [name, 'variable.other.member'],
  [port, 'constant.numeric.port'],
  ['/', 'punctuation.separator.port-protocol'],
  [protocol, `support.type.protocol.${protocol}`],
];
/** `vip_NAME(A) ADDRESS` of the summary form. */
const summaryHead = (name: string, state: string, address: string): Expectation[] => [
  [name, 'entity.name.type.virtual-server'],
  ['(', 'punctuation.definition.state.begin'],
  [state, 'constant.language.state'],
  [')', 'punctuation.definition.state.end'],
  [address, MASKED],
];

async function doc(text: string): Promise<Line[]> {
  return tokenize('config', text);
}

describe('balancer-config grammar', () => {
  describe('the seed VIP summaries, every line', () => {
    const before: Expectation[][] = [
      summaryHead('vip_210.21.*.*', 'A', '210.21.*.*'),
      vport('0', 'tcp'),
      summaryMember('vpn_tcp', '0', 'tcp'),
      vport('0', 'udp'),
      summaryMember('vpn_udp', '0', 'udp'),
    ];
    const after: Expectation[][] = [
      ...before,
      vport('0', 'others'),
      summaryMember('vpn_udp', '0', 'others'),
    ];

    it('vip-before-fix.summary.txt', async () => {
      const lines = await doc(readFixture('test/fixtures/seed/vip-before-fix.summary.txt'));
      expectDocument(lines, before);
      lines.forEach(expectFullyScoped);
    });

    it('vip-after-fix.summary.txt: the added `others` vport and member', async () => {
      const lines = await doc(readFixture('test/fixtures/seed/vip-after-fix.summary.txt'));
      expectDocument(lines, after);
      lines.forEach(expectFullyScoped);
    });

    it('keeps the masked name whole: the address inside the name is not an address', async () => {
      const [head] = await doc('vip_210.21.*.*(A) 210.21.*.*');
      expectNoScope(head, 'vip_210.21.*.*', 'constant.numeric');
      expectScope(head, '210.21.*.*', MASKED, 2);
    });
  });

  describe('the ACOS 2 sample (3-space children, `port 0  tcp`, `member SERVER:PORT`), every line', () => {
    const rows: Expectation[][] = [
      header('!Current configuration: 1187 bytes'),
      header('!Configuration last updated at 10:21:07 CST Sun Mar 25 2012'),
      header('!version 2.6.1-GR1-P5, build 64 (Jan-20-2012,09:43)'),
      comment(),
      [
        ['hostname', BLOCK],
        ['LLB-1', 'entity.name.type.hostname'],
      ],
      comment(),
      [
        ['ip nat pool', BLOCK],
        ['SNAT_ISP1', 'entity.name.type.nat-pool'],
        ['210.21.1.10', IPV4],
        ['210.21.1.10', IPV4],
        ['netmask', SETTING],
        ['/24', 'constant.numeric.netmask'],
      ],
      comment(),
      [
        ['slb server', BLOCK],
        ['GW_ISP1', 'entity.name.type.server'],
        ['210.21.1.1', IPV4],
      ],
      vport('0', 'tcp'),
      [
        ['no', 'keyword.other.negation'],
        ['health-check', SETTING],
      ],
      vport('0', 'udp'),
      [
        ['no', 'keyword.other.negation'],
        ['health-check', SETTING],
      ],
      comment(),
      [
        ['slb service-group', BLOCK],
        ['vpn_tcp', 'entity.name.type.service-group'],
        ['tcp', 'support.type.protocol.tcp'],
      ],
      [
        ['member', SETTING],
        ['GW_ISP1', 'variable.other.server'],
        [':', 'punctuation.separator.port'],
        ['0', 'constant.numeric.port'],
      ],
      comment(),
      [
        ['slb service-group', BLOCK],
        ['vpn_udp', 'entity.name.type.service-group'],
        ['udp', 'support.type.protocol.udp'],
      ],
      [
        ['member', SETTING],
        ['GW_ISP1', 'variable.other.server'],
        [':', 'punctuation.separator.port'],
        ['0', 'constant.numeric.port'],
      ],
      comment(),
      [
        ['slb virtual-server', BLOCK],
        ['_wildcard_vserver', 'entity.name.type.virtual-server'],
        ['0.0.0.0', IPV4],
      ],
      vport('0', 'tcp'),
      [
        ['name', SETTING],
        ['_wildcard_vserver_TCP', 'entity.name.type.vport'],
      ],
      [
        ['service-group', SETTING],
        ['vpn_tcp', 'variable.other.service-group'],
      ],
      [
        ['source-nat pool', SETTING],
        ['SNAT_ISP1', 'variable.other.nat-pool'],
      ],
      [['no-dest-nat', SETTING]],
      [
        ['template', SETTING],
        ['tcp', 'support.type.template'],
        ['idle_300', 'variable.other.template'],
      ],
      vport('0', 'udp'),
      [
        ['name', SETTING],
        ['_wildcard_vserver_UDP', 'entity.name.type.vport'],
      ],
      [
        ['service-group', SETTING],
        ['vpn_udp', 'variable.other.service-group'],
      ],
      [
        ['source-nat pool', SETTING],
        ['SNAT_ISP1', 'variable.other.nat-pool'],
      ],
      [['no-dest-nat', SETTING]],
      [
        ['template', SETTING],
        ['udp', 'support.type.template'],
        ['udp_120', 'variable.other.template'],
      ],
      comment(),
      [['end', 'keyword.control.end']],
    ];

    it('acos2-wildcard.a10.cfg', async () => {
      const lines = await doc(readFixture('test/fixtures/config/acos2-wildcard.a10.cfg'));
      expectDocument(lines, rows);
      lines.forEach(expectFullyScoped);
    });

    it('acos2-wildcard.fixed.a10.cfg: the same with the `port 0  others` vport added', async () => {
      const others: Expectation[][] = [
        vport('0', 'others'),
        [
          ['service-group', SETTING],
          ['vpn_udp', 'variable.other.service-group'],
        ],
        [
          ['source-nat pool', SETTING],
          ['SNAT_ISP1', 'variable.other.nat-pool'],
        ],
        [['no-dest-nat', SETTING]],
      ];
      const lines = await doc(readFixture('test/fixtures/config/acos2-wildcard.fixed.a10.cfg'));
      // The new vport goes after the last vport, before the `!` that closes the virtual server.
      expectDocument(lines, [...rows.slice(0, 33), ...others, ...rows.slice(33)]);
      lines.forEach(expectFullyScoped);
    });
  });

  describe('the ACOS 4 sample (2/4-space children, `member SERVER PORT`), every line', () => {
    const rows: Expectation[][] = [
      header('!Current configuration: 1342 bytes'),
      header('!Configuration last updated at 09:12:44 CST Tue Mar 10 2020'),
      header('!Configuration last saved at 09:12:50 CST Tue Mar 10 2020'),
      header('!64-bit Advanced Core OS (ACOS) version 4.1.4-GR1-P2, build 81 (Jan-10-2020,11:45)'),
      comment(),
      [
        ['ip nat pool', BLOCK],
        ['SNAT_ISP1', 'entity.name.type.nat-pool'],
        ['210.21.1.10', IPV4],
        ['210.21.1.10', IPV4],
        ['netmask', SETTING],
        ['/24', 'constant.numeric.netmask'],
        ['gateway', SETTING],
        ['210.21.1.1', IPV4],
      ],
      comment(),
      [
        ['slb server', BLOCK],
        ['FW_OUTSIDE', 'entity.name.type.server'],
        ['10.1.1.254', IPV4],
      ],
      vport('0', 'tcp'),
      [['health-check-disable', SETTING]],
      vport('0', 'udp'),
      [['health-check-disable', SETTING]],
      vport('443', 'tcp'),
      comment(),
      [
        ['slb service-group', BLOCK],
        ['vpn_tcp', 'entity.name.type.service-group'],
        ['tcp', 'support.type.protocol.tcp'],
      ],
      [
        ['member', SETTING],
        ['FW_OUTSIDE', 'variable.other.server'],
        ['0', 'constant.numeric.port'],
      ],
      comment(),
      [
        ['slb service-group', BLOCK],
        ['vpn_udp', 'entity.name.type.service-group'],
        ['udp', 'support.type.protocol.udp'],
      ],
      [
        ['member', SETTING],
        ['FW_OUTSIDE', 'variable.other.server'],
        ['0', 'constant.numeric.port'],
      ],
      comment(),
      [
        ['slb service-group', BLOCK],
        ['web_https', 'entity.name.type.service-group'],
        ['tcp', 'support.type.protocol.tcp'],
      ],
      [
        ['member', SETTING],
        ['FW_OUTSIDE', 'variable.other.server'],
        ['443', 'constant.numeric.port'],
      ],
      comment(),
      [
        ['slb virtual-server', BLOCK],
        ['vip_vpn', 'entity.name.type.virtual-server'],
        ['210.21.1.10', IPV4],
      ],
      vport('0', 'tcp'),
      [
        ['source-nat pool', SETTING],
        ['SNAT_ISP1', 'variable.other.nat-pool'],
      ],
      [
        ['service-group', SETTING],
        ['vpn_tcp', 'variable.other.service-group'],
      ],
      [['use-rcv-hop-for-resp', SETTING]],
      [
        ['template', SETTING],
        ['tcp', 'support.type.template'],
        ['idle_300', 'variable.other.template'],
      ],
      vport('0', 'udp'),
      [
        ['source-nat pool', SETTING],
        ['SNAT_ISP1', 'variable.other.nat-pool'],
      ],
      [
        ['service-group', SETTING],
        ['vpn_udp', 'variable.other.service-group'],
      ],
      [['use-rcv-hop-for-resp', SETTING]],
      [
        ['template', SETTING],
        ['udp', 'support.type.template'],
        ['udp_120', 'variable.other.template'],
      ],
      comment(),
      [
        ['slb virtual-server', BLOCK],
        ['vip_web', 'entity.name.type.virtual-server'],
        ['210.21.1.20', IPV4],
      ],
      [
        ['port', 'keyword.other.port'],
        ['443', 'constant.numeric.port'],
        ['https', 'support.type.protocol.application'],
      ],
      [
        ['service-group', SETTING],
        ['web_https', 'variable.other.service-group'],
      ],
      comment(),
      [['end', 'keyword.control.end']],
    ];

    it('acos4-inbound.a10.cfg', async () => {
      const lines = await doc(readFixture('test/fixtures/config/acos4-inbound.a10.cfg'));
      expectDocument(lines, rows);
      lines.forEach(expectFullyScoped);
    });

    it('acos4-inbound.fixed.a10.cfg: the same with the `port 0 others` vport added', async () => {
      const others: Expectation[][] = [
        vport('0', 'others'),
        [
          ['source-nat pool', SETTING],
          ['SNAT_ISP1', 'variable.other.nat-pool'],
        ],
        [
          ['service-group', SETTING],
          ['vpn_udp', 'variable.other.service-group'],
        ],
        [['use-rcv-hop-for-resp', SETTING]],
      ];
      const lines = await doc(readFixture('test/fixtures/config/acos4-inbound.fixed.a10.cfg'));
      // The new vport goes after the last vport of vip_vpn, before the `!` that closes it.
      expectDocument(lines, [...rows.slice(0, 34), ...others, ...rows.slice(34)]);
      lines.forEach(expectFullyScoped);
    });
  });

  describe('comments', () => {
    it('starts a comment at `!` after white space, not inside a word', async () => {
      const [line] = await doc('slb server GW 10.0.0.1 ! the gateway, not pass!word');
      expectScope(line, 'GW', 'entity.name.type.server');
      expectScope(line, '10.0.0.1', IPV4);
      expectScope(line, '! the gateway, not pass!word', COMMENT);
      const [word] = await doc('hostname pass!word');
      expectScope(word, 'pass!word', 'entity.name.type.hostname');
      expectNoScope(word, 'pass!word', 'comment');
    });

    it('gives only the headers ACOS writes the header scope', async () => {
      const [plain, header] = await doc('! version control is elsewhere\n!version 4.1.4-GR1-P2');
      expectScope(plain, '! version control is elsewhere', COMMENT);
      expectNoScope(plain, 'version', HEADER);
      expectScope(header, '!version 4.1.4-GR1-P2', HEADER);
    });
  });

  describe('vports', () => {
    it('scopes each vport type distinctly, `others` recognisably', async () => {
      const lines = await doc(
        [
          '   port 0  others',
          '  port 53 dns-udp',
          '  port 80 fast-http',
          '  port 8080 tcp-proxy',
          '  port 5060 sip',
          '  port 21 ftp range 2',
          '  port 9 wibble',
        ].join('\n'),
      );
      expectScopes(lines[0], vport('0', 'others'));
      expectNoScope(lines[0], 'others', 'support.type.protocol.tcp');
      for (const [index, type] of ['dns-udp', 'fast-http', 'tcp-proxy', 'sip', 'ftp'].entries()) {
        expectScope(lines[index + 1], type, 'support.type.protocol.application');
      }
      expectScopes(lines[5], [
        ['range', SETTING],
        ['2', 'constant.numeric.integer'],
      ]);
      expectScope(lines[6], 'wibble', 'support.type.protocol.unknown');
    });

    it('scopes the vport children and what they refer to', async () => {
      const lines = await doc(
        [
          'slb virtual-server vs1 2001:db8::10',
          '   port 80  http',
          '      aflex redirect_rule',
          '      conn-limit 1000',
          '      access-list 101 source-nat-pool SNAT_ISP1',
          '      template persist source-ip sticky_src',
          '      disable',
          '      enable',
        ].join('\n'),
      );
      expectScopes(lines[0], [
        ['vs1', 'entity.name.type.virtual-server'],
        ['2001:db8::10', 'constant.numeric.ip-address.ipv6'],
      ]);
      expectScopes(lines[2], [
        ['aflex', SETTING],
        ['redirect_rule', 'variable.other.aflex'],
      ]);
      expectScopes(lines[3], [
        ['conn-limit', SETTING],
        ['1000', 'constant.numeric.integer'],
      ]);
      expectScopes(lines[4], [
        ['access-list', SETTING],
        ['101', 'variable.other.access-list'],
        ['source-nat-pool', SETTING],
        ['SNAT_ISP1', 'variable.other.nat-pool'],
      ]);
      expectScopes(lines[5], [
        ['template', SETTING],
        ['persist source-ip', 'support.type.template'],
        ['sticky_src', 'variable.other.template'],
      ]);
      expectScope(lines[6], 'disable', SETTING);
      expectScope(lines[7], 'enable', SETTING);
    });

    it('reads a name that merely contains a protocol as a name', async () => {
      const [line] = await doc('slb service-group vpn-tcp tcp');
      expectScope(line, 'vpn-tcp', 'entity.name.type.service-group');
      expectNoScope(line, 'vpn-tcp', 'support.type.protocol');
      expectScope(line, 'tcp', 'support.type.protocol.tcp', 2);
    });
  });

  describe('other blocks', () => {
    it('scopes templates, health monitors, interfaces, vrrp-a and `no`', async () => {
      const lines = await doc(
        [
          'slb template persist source-ip sticky_src',
          'health monitor hm_icmp',
          '  method icmp',
          'slb server SRV6 2001:db8::10',
          '   health-check hm_icmp',
          'interface ethernet 1',
          '  ip address 10.1.1.1 255.255.255.0',
          'vrrp-a vrid 0',
          'no slb server OLD 1.2.3.4',
        ].join('\n'),
      );
      expectScopes(lines[0], [
        ['slb template', BLOCK],
        ['persist source-ip', 'support.type.template'],
        ['sticky_src', 'entity.name.type.template'],
      ]);
      expectScopes(lines[1], [
        ['health monitor', BLOCK],
        ['hm_icmp', 'entity.name.type.health-monitor'],
      ]);
      expectScopes(lines[2], [
        ['method', SETTING],
        ['icmp', 'support.type.method'],
      ]);
      expectScope(lines[3], '2001:db8::10', 'constant.numeric.ip-address.ipv6');
      expectScopes(lines[4], [
        ['health-check', SETTING],
        ['hm_icmp', 'variable.other.health-monitor'],
      ]);
      expectScopes(lines[5], [
        ['interface', BLOCK],
        ['ethernet', 'entity.name.type.interface'],
        ['1', 'entity.name.type.interface'],
      ]);
      expectScopes(lines[6], [
        ['ip address', SETTING],
        ['10.1.1.1', IPV4],
        ['255.255.255.0', 'constant.numeric.netmask'],
      ]);
      expectNoScope(lines[6], '255.255.255.0', 'constant.numeric.ip-address');
      expectScopes(lines[7], [
        ['vrrp-a', BLOCK],
        ['vrid', SETTING],
        ['0', 'constant.numeric.integer'],
      ]);
      expectScopes(lines[8], [
        ['no', 'keyword.other.negation'],
        ['slb server', BLOCK],
        ['OLD', 'entity.name.type.server'],
      ]);
    });

    it('scopes dotted and prefix netmasks', async () => {
      const [pool, route] = await doc(
        'ip nat pool P2 10.2.2.100 10.2.2.100 netmask 255.255.255.0 vrid 1\nip route 10.0.0.0/8 210.21.1.1',
      );
      expectScopes(pool, [
        ['netmask', SETTING],
        ['255.255.255.0', 'constant.numeric.netmask'],
        ['vrid', SETTING],
        ['1', 'constant.numeric.integer'],
      ]);
      expectScopes(route, [
        ['ip', 'keyword.other.command'],
        ['10.0.0.0', IPV4],
        ['/8', 'constant.numeric.netmask'],
        ['210.21.1.1', IPV4],
      ]);
    });

    it('tells masked, plain and impossible addresses apart', async () => {
      const [line] = await doc('   frobnicate *.*.*.* 183.62.*.* 10.1.1.254 999.1.1.1 1.2.3.4.5');
      expectScope(line, '*.*.*.*', MASKED);
      expectScope(line, '183.62.*.*', MASKED);
      expectScope(line, '10.1.1.254', IPV4);
      expectNoScope(line, '10.1.1.254', MASKED);
      expectNoScope(line, '999.1.1.1', 'constant.numeric.ip-address');
      expectNoScope(line, '1.2.3.4.5', 'constant.numeric.ip-address');
    });
  });

  describe('unknown lines', () => {
    it('do not change how the following lines read', async () => {
      const lines = await doc(
        [
          'this line is Unknown (garbage "quote [ {',
          '   frobnicate 1.2.3.4 ! note',
          '\u0000\u0001\u00ff binary ( [ {',
          'slb server GW 10.0.0.1',
          '   port 0  others',
        ].join('\n'),
      );
      expectScope(lines[1], 'frobnicate', 'keyword.other.command');
      expectScope(lines[1], '1.2.3.4', IPV4);
      expectScope(lines[1], '! note', COMMENT);
      expectScopes(lines[3], [
        ['slb server', BLOCK],
        ['GW', 'entity.name.type.server'],
        ['10.0.0.1', IPV4],
      ]);
      expectScopes(lines[4], vport('0', 'others'));
      for (const line of lines) {
        assert.ok(line.endsAtRoot, `line ${line.index + 1} leaves the grammar in a nested rule`);
      }
    });

    it('end every line of every configuration fixture in the root state', async () => {
      const files = [
        ...fixtureFiles('test/fixtures/config', '.a10.cfg'),
        ...fixtureFiles('test/fixtures/seed', '.summary.txt'),
      ];
      assert.ok(files.length >= 6, `fixtures found: ${files.join(', ')}`);
      for (const file of files) {
        for (const line of await doc(readFixture(file))) {
          assert.ok(
            line.endsAtRoot,
            `${file}:${line.index + 1} leaves the grammar in a nested rule`,
          );
        }
      }
    });
  });
});
