// Each configuration rule: what it reports, in the user's words and at its default severity, and
// what it leaves alone (a real running-config's normal forms are never reported).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { configRules } from '../../../server/src/service';
import { configDocument, diagnosticsOf, messageOf, repoRoot } from '../support';
import { codes, finding, lines } from './support';

/** The findings of one inline document (a whole running-config unless it says otherwise). */
function check(...text: string[]): string[] {
  return diagnosticsOf(configDocument(lines(...text))).map(finding);
}

/** Only the codes and lines. */
function codesOf(...text: string[]): string[] {
  return codes(diagnosticsOf(configDocument(lines(...text))));
}

const HEADER = '!version 2.7.2-P4, build 32 (Jun-10-2015,13:11)';

describe('Configuration rules', () => {
  describe('the catalogue', () => {
    const rules = Object.values(configRules);

    it('has stable, unique lbconf/ codes and a default severity for each rule', () => {
      assert.strictEqual(new Set(rules.map((r) => r.code)).size, rules.length);
      for (const rule of rules) {
        assert.match(rule.code, /^lbconf\/[a-z-]+$/);
        assert.ok(['error', 'warning', 'information', 'hint'].includes(rule.severity), rule.code);
      }
    });

    it('has a doc page per rule, which the diagnostic links to', () => {
      for (const rule of rules) {
        const page = path.join(repoRoot, 'docs', 'rules', `${rule.code.replace('/', '-')}.md`);
        assert.ok(fs.existsSync(page), `${rule.code}: ${page} is missing`);
        const text = fs.readFileSync(page, 'utf8');
        assert.ok(text.includes(rule.code), `${page} does not name ${rule.code}`);
        assert.ok(
          text.includes(rule.severity),
          `${page} does not give the default severity ${rule.severity}`,
        );
      }
      const [diagnostic] = diagnosticsOf(
        configDocument(lines(HEADER, 'slb server s1', '   port 80 tcp', 'end')),
      );
      assert.strictEqual(
        diagnostic.codeDescription?.href,
        'https://github.com/balancer-lens/balancer-lens/blob/main/docs/rules/lbconf-missing-address.md',
      );
    });
  });

  describe('lbconf/undefined-reference', () => {
    it('reports a name a whole running-config uses but does not define, once per name, on its first use', () => {
      const diagnostics = diagnosticsOf(
        configDocument(
          lines(
            HEADER,
            'slb virtual-server v 1.2.3.4',
            '   port 80 tcp',
            '      service-group web',
            '   port 81 tcp',
            '      service-group web',
            '      source-nat pool SNAT',
            'end',
          ),
        ),
      );
      assert.deepStrictEqual(diagnostics.map(finding), [
        '4:21 warning lbconf/undefined-reference Service group `web` is not defined: no `slb service-group web` in this configuration.',
        '7:23 warning lbconf/undefined-reference NAT pool `SNAT` is not defined: no `ip nat pool SNAT` in this configuration.',
      ]);
      assert.deepStrictEqual(
        diagnostics[0].relatedInformation?.map((r) => r.location.range.start.line + 1),
        [6],
      );
    });

    it('covers servers (both member forms), health monitors, access lists, VRIDs and HA groups', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'slb service-group g tcp',
          '    member s2:80',
          '  member s4 80',
          '  health-check hm',
          'slb virtual-server v 1.2.3.4',
          '  vrid 3',
          '  ha-group 2',
          '  port 80 tcp',
          '    service-group g',
          '    access-list 101 source-nat-pool P',
          'ip nat pool P 1.2.3.5 1.2.3.6 netmask /24',
          'end',
        ),
        [
          'lbconf/undefined-reference@3',
          'lbconf/undefined-reference@4',
          'lbconf/undefined-reference@5',
          'lbconf/undefined-reference@7',
          'lbconf/undefined-reference@8',
          'lbconf/undefined-reference@11',
        ],
      );
    });

    it('is quiet on built-ins (VRID 0, template default) and on a fragment that keeps no object of that kind', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'slb virtual-server v 1.2.3.4',
          '  vrid 0',
          '  port 80 tcp',
          '    template tcp default',
          'end',
        ),
        [],
      );
      // A pasted VIP without the header or `end`: its groups may live on the box.
      assert.deepStrictEqual(
        codesOf('slb virtual-server v 1.2.3.4', '  port 80 tcp', '    service-group web'),
        [],
      );
    });

    it('reports in a fragment too once the fragment keeps objects of that kind (a miss is then a typo)', () => {
      assert.deepStrictEqual(
        codesOf(
          'slb service-group web tcp',
          '  member s1 80',
          'slb virtual-server v 1.2.3.4',
          '  port 80 tcp',
          '    service-group webb',
        ),
        ['lbconf/unused-definition@1', 'lbconf/undefined-reference@5'],
      );
    });

    it('never reports the status summary form: it lists what the box has', () => {
      assert.deepStrictEqual(
        codesOf('vip_1.2.3.4(A) 1.2.3.4', 'port 80 tcp', 'member:web 80/tcp'),
        [],
      );
    });
  });

  describe('lbconf/undefined-template', () => {
    it('is information, and only where the workspace defines other templates of the type', () => {
      const vip = [
        'slb virtual-server v 1.2.3.4',
        '  port 80 tcp',
        '    template tcp idle_301',
        '    template http xff',
      ];
      assert.deepStrictEqual(codesOf(HEADER, ...vip, 'end'), []);
      const diagnostics = diagnosticsOf(
        configDocument(
          lines(HEADER, 'slb template tcp idle_300', '  idle-timeout 300', ...vip, 'end'),
        ),
      );
      assert.deepStrictEqual(diagnostics.map(finding), [
        '6:18 information lbconf/undefined-template Template `tcp idle_301` is not in the workspace, which defines other tcp templates (idle_300). It may be built in or kept elsewhere; if not, it is a typo.',
      ]);
    });

    it('never reports aFleX scripts: they are files on the box', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'slb virtual-server v 1.2.3.4',
          '  port 80 http',
          '    aflex redirect',
          'end',
        ),
        [],
      );
    });
  });

  describe('lbconf/unused-definition', () => {
    it('is a hint, marked unnecessary, on servers, service groups, NAT pools and health monitors nothing uses', () => {
      const diagnostics = diagnosticsOf(
        configDocument(
          lines(
            HEADER,
            'ip nat pool P 1.2.3.5 1.2.3.6 netmask /24',
            'health monitor hm',
            '  method icmp',
            'slb server s 10.0.0.1',
            '  port 80 tcp',
            'slb service-group g tcp',
            'end',
          ),
        ),
      );
      assert.deepStrictEqual(codes(diagnostics), [
        'lbconf/unused-definition@2',
        'lbconf/unused-definition@3',
        'lbconf/unused-definition@5',
        'lbconf/unused-definition@7',
      ]);
      assert.ok(
        diagnostics.every(
          (d) =>
            d.severity === DiagnosticSeverity.Hint && d.tags?.includes(DiagnosticTag.Unnecessary),
        ),
      );
      assert.strictEqual(
        messageOf(diagnostics[2]),
        'Server `s` is defined but not used: no service group has it as a member.',
      );
    });

    it('counts every kind of use: members, vports, access lists, `ip nat inside source`, pool groups, templates', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'access-list 101 permit ip any any',
          'ip nat pool P1 1.2.3.5 1.2.3.6 netmask /24',
          'ip nat pool P2 1.2.3.7 1.2.3.8 netmask /24',
          'ip nat pool P3 1.2.3.9 1.2.3.9 netmask /24',
          'ip nat pool-group PG P3',
          'ip nat inside source list 101 pool P1',
          'health monitor hm',
          '  method icmp',
          'slb template port tp',
          '  health-check hm',
          'slb server s 10.0.0.1',
          '  port 80 tcp',
          '    template port tp',
          'slb service-group g tcp',
          '  member s 80',
          'slb virtual-server v 1.2.3.4',
          '  port 80 tcp',
          '    service-group g',
          '    access-list 101 source-nat-pool P2',
          '    source-nat pool PG',
          'end',
        ),
        [],
      );
    });
  });

  describe('lbconf/missing-address', () => {
    it('reports a new server or VIP without an address, as an error', () => {
      assert.deepStrictEqual(
        check(
          HEADER,
          'slb server s',
          '  port 80 tcp',
          'slb virtual-server v',
          '  port 80 tcp',
          'end',
        ),
        [
          '2:12 error lbconf/missing-address Server `s` has no address: ACOS creates a server only with one (`slb server s 10.0.0.1`, or a host name).',
          '2:12 hint lbconf/unused-definition Server `s` is defined but not used: no service group has it as a member.',
          '4:20 error lbconf/missing-address Virtual server `v` has no address: ACOS creates a VIP only with one (`slb virtual-server v 203.0.113.10`). Opened again later, a VIP needs none.',
        ],
      );
    });

    it('accepts a block opened again without its address, and a server by host name or IPv6', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'slb server s1 www.example.com',
          'slb server s2 2001:db8::1',
          'slb service-group g tcp',
          '  member s1 80',
          '  member s2 80',
          'slb virtual-server v 1.2.3.4',
          '  port 80 tcp',
          '    service-group g',
          'slb virtual-server v',
          '  port 81 tcp',
          '    service-group g',
          'end',
        ),
        [],
      );
    });
  });

  describe('lbconf/malformed-address', () => {
    it('reports addresses ACOS refuses: octets past 255, a NAT pool of the wrong family, a netmask with holes', () => {
      assert.deepStrictEqual(
        check(
          HEADER,
          'slb virtual-server v 1.2.3.256',
          'ip nat pool P 10.0.0.1 10.0.0.02 netmask /24',
          'ip nat pool Q 10.0.1.1 10.0.1.2 netmask 255.0.255.0',
          'end',
        ).filter((f) => !f.includes('unused')),
        [
          '2:22 error lbconf/malformed-address `1.2.3.256` is not an IPv4 or IPv6 address: virtual server `v` needs one.',
          '3:24 error lbconf/malformed-address `10.0.0.02` is not an IPv4 address.',
          '4:41 error lbconf/malformed-address The netmask `255.0.255.0` cannot be read: 255.0.255.0 is not a netmask: its ones are not contiguous.',
        ],
      );
    });
  });

  describe('service group protocols', () => {
    it('lbconf/service-group-protocol-changed: a group declared again with another protocol', () => {
      assert.deepStrictEqual(
        check(
          HEADER,
          'slb service-group g tcp',
          'slb service-group g udp',
          'slb virtual-server v 1.2.3.4',
          '  port 1 tcp',
          '    service-group g',
          'end',
        ),
        [
          '3:21 error lbconf/service-group-protocol-changed Service group `g` was declared `tcp` above: ACOS does not change the protocol of an existing group, so this `udp` is refused.',
        ],
      );
    });

    it('lbconf/service-group-without-protocol: a group no declaration gives a protocol, or an application type as one', () => {
      assert.deepStrictEqual(
        check(
          HEADER,
          'slb service-group g',
          'slb service-group h http',
          'slb virtual-server v 1.2.3.4',
          '  port 1 tcp',
          '    service-group g',
          '  port 2 tcp',
          '    service-group h',
          'end',
        ),
        [
          '2:19 error lbconf/service-group-without-protocol Service group `g` is declared without a protocol: ACOS creates a group only with `tcp` or `udp` (`slb service-group g tcp`).',
          '3:21 error lbconf/service-group-without-protocol Service group `h` has no protocol: `http` is not tcp or udp (an application type such as http goes on the vport).',
        ],
      );
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'slb service-group g tcp',
          'slb service-group g',
          '  member s 80',
          'slb server s 1.1.1.1',
          'end',
        ).filter((c) => !c.startsWith('lbconf/unused')),
        [],
      );
    });

    it('lbconf/vport-protocol-mismatch: a UDP vport on a TCP group and the reverse, but never an `others` vport', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'slb service-group t tcp',
          'slb service-group u udp',
          'slb virtual-server v 1.2.3.4',
          '  port 53 dns-udp',
          '    service-group t',
          '  port 80 http',
          '    service-group u',
          '  port 0 others',
          '    service-group u',
          '  port 443 https',
          '    service-group t',
          'end',
        ),
        ['lbconf/vport-protocol-mismatch@6', 'lbconf/vport-protocol-mismatch@8'],
      );
    });
  });

  describe('ports and values', () => {
    it('lbconf/port-out-of-range: ports past 65535, ranges past 254, a range that runs past the last port', () => {
      assert.deepStrictEqual(
        check(
          HEADER,
          'slb virtual-server v 1.2.3.4',
          '  port 65536 tcp',
          '  port 80 tcp range 255',
          '  port 65530 tcp range 10',
          'end',
        ),
        [
          '3:8 error lbconf/port-out-of-range A port is a number from 0 to 65535, not 65536.',
          '4:21 error lbconf/port-out-of-range A port range is a number from 0 to 254, not 255.',
          '5:24 error lbconf/port-out-of-range `port 65530 ... range 10` runs past port 65535.',
        ],
      );
    });

    it('lbconf/invalid-port-type: a port without a type, a server port that is not tcp or udp', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'slb server s 10.0.0.1',
          '  port 80 http',
          'slb virtual-server v 1.2.3.4',
          '  port 80',
          'end',
        ).filter((c) => !c.startsWith('lbconf/unused')),
        ['lbconf/invalid-port-type@3', 'lbconf/invalid-port-type@5'],
      );
    });

    it('lbconf/value-out-of-range: VRIDs, HA groups, priorities, weights, limits (with the loosest bounds of ACOS 2 and 4)', () => {
      assert.deepStrictEqual(
        check(
          HEADER,
          'slb server s 10.0.0.1',
          '  weight 1000',
          '  conn-limit 0',
          'slb service-group g tcp',
          '    member s:80 priority 17',
          '  min-active-member 1025',
          'slb virtual-server v 1.2.3.4',
          '  vrid 32',
          '  ha-group 0',
          '  port 80 tcp',
          '    service-group g',
          'end',
        ),
        [
          '4:14 error lbconf/value-out-of-range A connection limit is a number from 1 to 64000000, not 0.',
          '6:26 error lbconf/value-out-of-range A member priority is a number from 1 to 16, not 17.',
          '7:21 error lbconf/value-out-of-range A minimum of active members is a number from 1 to 1024, not 1025.',
          '9:8 error lbconf/value-out-of-range A VRID is a number from 0 to 31, not 32.',
          '10:12 error lbconf/value-out-of-range An HA group is a number from 1 to 31, not 0.',
        ],
      );
    });

    it('lbconf/malformed-member: a member without its port, in either form', () => {
      assert.deepStrictEqual(
        check(
          HEADER,
          'slb server s 10.0.0.1',
          'slb service-group g tcp',
          '    member s:',
          '  member s',
          '  member s http',
          'end',
        ).filter((f) => !f.includes('unused')),
        [
          '4:12 error lbconf/malformed-member This member cannot be read: `s:` has no port after the colon.',
          '5:10 error lbconf/malformed-member This member cannot be read: the member `s` has no port: write `member s PORT`.',
          '6:10 error lbconf/malformed-member This member cannot be read: `http` is not a port number.',
        ],
      );
    });

    it('reads a server name that holds colons (ACOS 2 `member SERVER:1:80`)', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'slb server SERVER:1 10.0.0.1',
          '  port 80 tcp',
          'slb service-group g tcp',
          '    member SERVER:1:80',
          'slb virtual-server v 1.2.3.4',
          '  port 80 tcp',
          '    service-group g',
          'end',
        ),
        [],
      );
    });
  });

  describe('NAT pools', () => {
    it('reports a reversed range, a netmask of 0, a netmask too small, and says what netmask would hold the range', () => {
      assert.deepStrictEqual(
        check(
          HEADER,
          'ip nat pool A 10.0.0.9 10.0.0.1 netmask /24',
          'ip nat pool B 10.0.1.1 10.0.1.2 netmask /0',
          'ip nat pool C 10.0.2.250 10.0.3.5 netmask 255.255.255.0',
          'slb virtual-server v 1.2.3.4',
          '  port 1 tcp',
          '    source-nat pool A',
          '  port 2 tcp',
          '    source-nat pool B',
          '  port 3 tcp',
          '    source-nat pool C',
          'end',
        ),
        [
          '2:15 error lbconf/nat-pool-reversed NAT pool `A` ends (10.0.0.1) before it starts (10.0.0.9).',
          "3:41 error lbconf/nat-pool-netmask-zero NAT pool `B` has a netmask of 0: ACOS needs the pool's subnet, such as `/24`.",
          '4:43 error lbconf/nat-pool-netmask-too-small NAT pool `C` runs from 10.0.2.250 to 10.0.3.5, which one /24 subnet does not hold: the netmask must be /23 or shorter.',
        ],
      );
    });

    it('reports pools that share addresses, once, on the later one', () => {
      const diagnostics = diagnosticsOf(
        configDocument(
          lines(
            HEADER,
            'ip nat pool A 10.0.0.1 10.0.0.10 netmask /24',
            'ip nat pool B 10.0.0.10 10.0.0.20 netmask /24',
            'ip nat pool C 10.0.0.21 10.0.0.22 netmask /24',
            'end',
          ),
        ),
      );
      assert.deepStrictEqual(
        diagnostics.filter((d) => d.code === 'lbconf/nat-pool-overlap').map(finding),
        [
          "3:13 warning lbconf/nat-pool-overlap NAT pool `B` (10.0.0.10-10.0.0.20) shares addresses with `A` (10.0.0.1-10.0.0.10): ACOS refuses overlapping pools, and two vports translating to one address break each other's sessions.",
        ],
      );
    });

    it('tells a pool redefined differently (an error) from the same line written twice (a duplicate)', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'ip nat pool A 10.0.0.1 10.0.0.2 netmask /24',
          'ip nat pool A 10.0.0.1 10.0.0.3 netmask /24',
          'ip nat pool B 10.0.1.1 10.0.1.2 netmask /24',
          'ip nat pool B 10.0.1.1 10.0.1.2 netmask /24',
          'end',
        ).filter((c) => !c.startsWith('lbconf/unused')),
        ['lbconf/nat-pool-redefined@3', 'lbconf/duplicate-line@5'],
      );
    });

    it('calls a line written the same way as any line above a duplicate, even when both differ from the first', () => {
      // Removing the first line then leaves the same finding on the third: a fix adds nothing.
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'ip nat pool A 10.0.0.1 10.0.0.3 netmask /24',
          'ip nat pool A 10.0.0.1 10.0.0.2 netmask /24',
          'ip nat pool A 10.0.0.1 10.0.0.2 netmask /24',
          'end',
        ).filter((c) => !c.startsWith('lbconf/unused')),
        ['lbconf/nat-pool-redefined@3', 'lbconf/duplicate-line@4'],
      );
    });

    it('reads IPv6 pools and every option of the ACOS 2 and 4 forms without complaint', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'vrrp-a vrid 1',
          'ha group 2 priority 100',
          'ip nat pool A 10.0.0.1 10.0.0.2 netmask /24 gateway 10.0.0.254 vrid 1 ip-rr port-overload',
          'ip nat pool B 10.0.1.1 10.0.1.2 netmask 255.255.255.0 ha-group-id 2',
          'ipv6 nat pool C 2001:db8::10 2001:db8::20 netmask 64',
          'slb virtual-server v 1.2.3.4',
          '  port 1 tcp',
          '    source-nat pool A',
          '  port 2 tcp',
          '    source-nat pool B',
          '  port 3 tcp',
          '    source-nat pool C',
          'end',
        ),
        [],
      );
    });
  });

  describe('lbconf/delete-undefined', () => {
    it('reports `no ...` of an object never defined, and accepts deleting one that is', () => {
      assert.deepStrictEqual(
        check(
          HEADER,
          'slb server s 10.0.0.1',
          'no slb server s',
          'no slb server t',
          'no ip nat pool P',
          'end',
        ),
        [
          '4:15 warning lbconf/delete-undefined This deletes server `t`, which is not defined anywhere in the configuration: nothing to delete (a typo?).',
          '5:16 warning lbconf/delete-undefined This deletes NAT pool `P`, which is not defined anywhere in the configuration: nothing to delete (a typo?).',
        ],
      );
    });
  });

  describe('lbconf/line-outside-block', () => {
    it('reports the indented lines a `!` at column 0 cut off from their block, once per run', () => {
      const found = check(
        HEADER,
        'slb virtual-server v 203.0.113.10',
        '  port 0 tcp',
        '  port 0 udp',
        '!',
        '  port 0 others',
        '    service-group g',
        'slb server s 10.0.0.1',
        'end',
      ).filter((f) => f.includes('line-outside-block'));
      assert.deepStrictEqual(found, [
        '6:3 warning lbconf/line-outside-block These 2 indented lines belong to no command: a `!` at the start of a line ends the block above, so ACOS reads `port 0 others` as a command of its own. Indent the `!` (or remove it) to keep them in the block.',
      ]);
      const [diagnostic] = diagnosticsOf(
        configDocument(
          lines(
            HEADER,
            'slb virtual-server v 203.0.113.10',
            '  port 0 tcp',
            '!',
            '  port 0 others',
            'end',
          ),
        ),
      ).filter((d) => d.code === 'lbconf/line-outside-block');
      assert.deepStrictEqual(
        diagnostic.relatedInformation?.map((r) => [r.location.range.start.line + 1, r.message]),
        [[4, 'the `!` that ends the block']],
      );
    });

    it('leaves alone a `!` between blocks, an indented `!` inside one, and indented lines before any block (a fragment)', () => {
      const found = codesOf(
        '  port 0 others',
        HEADER,
        'slb virtual-server v 203.0.113.10',
        '  port 0 tcp',
        '  !',
        '  port 0 others',
        '!',
        'slb server s 10.0.0.1',
        'end',
      );
      assert.deepStrictEqual(
        found.filter((c) => c === 'lbconf/line-outside-block'),
        [],
      );
    });
  });

  describe('lbconf/unknown-command', () => {
    it('is information, once per command and object, for a command a checked block does not know', () => {
      const diagnostics = diagnosticsOf(
        configDocument(
          lines(
            HEADER,
            'slb server s 10.0.0.1',
            '  frobnicate 1',
            '  frobnicate 2',
            'slb service-group g tcp',
            '  member s 80',
            'slb server s',
            '  frobnicate 3',
            'end',
          ),
        ),
      );
      assert.deepStrictEqual(diagnostics.map(finding), [
        '3:3 information lbconf/unknown-command Balancer Lens does not know `frobnicate` in server `s`; ACOS may accept it, but it is not checked.',
        '5:19 hint lbconf/unused-definition Service group `g` is defined but not used: no vport or template forwards to it.',
      ]);
      assert.deepStrictEqual(
        diagnostics[0].relatedInformation?.map((r) => r.location.range.start.line + 1),
        [4, 8],
      );
    });

    it('is never reported for blocks the table does not check (interfaces, templates, routing) nor at the top level', () => {
      assert.deepStrictEqual(
        codesOf(
          HEADER,
          'interface ethernet 1',
          '  lldp enable rx tx',
          'slb template http t',
          '  some-new-option x',
          'router bgp 1',
          '  bgp graceful-restart',
          'some-top-level-command x',
          'end',
        ),
        [],
      );
    });

    it('tells vport types it does not know, as information', () => {
      assert.deepStrictEqual(
        check(HEADER, 'slb virtual-server v 1.2.3.4', '  port 443 quic', 'end'),
        [
          '3:12 information lbconf/unknown-command Balancer Lens does not know the vport type `quic`; ACOS may, but this vport is not checked.',
        ],
      );
    });

    it('sums up past twenty unknown commands', () => {
      const unknown = Array.from({ length: 30 }, (_, i) => `  option-${i} x`);
      const found = codesOf(HEADER, 'slb server s 10.0.0.1', ...unknown, 'end').filter((c) =>
        c.startsWith('lbconf/unknown-command'),
      );
      assert.strictEqual(found.length, 21);
      const last = diagnosticsOf(
        configDocument(lines(HEADER, 'slb server s 10.0.0.1', ...unknown, 'end')),
      ).at(-1)!;
      assert.match(messageOf(last), /^And 10 more commands Balancer Lens does not know/);
    });
  });
});
