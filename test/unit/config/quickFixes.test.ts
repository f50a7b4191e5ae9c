// The quick fixes of the configuration rules, applied and compared as whole texts: each writes
// in the style of the file it edits (ACOS 2 or 4 indentation, `!` separators, line ends).
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver-types';
import { createLanguageService } from '../../../server/src/service';
import { configDocument } from '../support';
import { lines } from './support';

const HEADER = '!version 2.7.2-P4, build 32 (Jun-10-2015,13:11)';

/** The quick fixes offered for the findings of one code, by title, with the text each makes. */
function fixes(text: string, code: string): Map<string, string> {
  const service = createLanguageService();
  const document = configDocument(text);
  const diagnostics = service.doValidation(document).filter((d) => d.code === code);
  assert.ok(diagnostics.length > 0, `no ${code} in:\n${text}`);
  const actions = service.doCodeActions(
    document,
    diagnostics[0].range,
    JSON.parse(JSON.stringify(diagnostics)) as typeof diagnostics,
  );
  return new Map(
    actions.map((a: CodeAction) => [
      a.title,
      TextDocument.applyEdits(document, a.edit?.changes?.[document.uri] ?? []),
    ]),
  );
}

function fix(text: string, code: string, title: string): string {
  const offered = fixes(text, code);
  const fixed = offered.get(title);
  assert.ok(
    fixed !== undefined,
    `"${title}" is not offered; offered: ${[...offered.keys()].join(' | ')}`,
  );
  return fixed;
}

/** A text's findings as `code: message`, in order. */
function findingsOf(text: string): string[] {
  return createLanguageService()
    .doValidation(configDocument(text))
    .map(
      (d) => `${String(d.code)}: ${typeof d.message === 'string' ? d.message : d.message.value}`,
    );
}

describe('Configuration quick fixes', () => {
  describe('undefined references', () => {
    const acos2 = lines(
      HEADER,
      'slb server web1 10.0.0.1',
      '   port 80  tcp',
      '!',
      'slb service-group web_80 tcp',
      '    member web1:80',
      '!',
      'slb virtual-server v 1.2.3.4',
      '   port 80  http',
      '      service-group web_8O',
      '   port 8080  http',
      '      service-group web_8O',
      '!',
      'end',
      '',
    );

    it("changes every use of a mistyped name to the defined one ('Change to')", () => {
      assert.strictEqual(
        fix(acos2, 'lbconf/undefined-reference', "Change to 'web_80'"),
        acos2.replaceAll('web_8O', 'web_80'),
      );
    });

    it("creates a missing service group before the block that uses it, with the protocol its vport needs and the file's `!`", () => {
      const text = lines(
        HEADER,
        'slb virtual-server v 1.2.3.4',
        '   port 53  dns-udp',
        '      service-group dns',
        '!',
        'end',
        '',
      );
      assert.deepStrictEqual(
        [...fixes(text, 'lbconf/undefined-reference').keys()],
        ["Create service group 'dns' (udp)", 'Ignore lbconf/undefined-reference on this line'],
      );
      assert.strictEqual(
        fix(text, 'lbconf/undefined-reference', "Create service group 'dns' (udp)"),
        lines(
          HEADER,
          'slb service-group dns udp',
          '!',
          'slb virtual-server v 1.2.3.4',
          '   port 53  dns-udp',
          '      service-group dns',
          '!',
          'end',
          '',
        ),
      );
    });

    it("offers both protocols for an `others` vport, and creates a health monitor in the file's indentation (ACOS 4, CRLF)", () => {
      const vip = lines(
        HEADER,
        'slb virtual-server v 1.2.3.4',
        '  port 0 others',
        '    service-group g',
        '!',
        'end',
        '',
      );
      assert.deepStrictEqual(
        [...fixes(vip, 'lbconf/undefined-reference').keys()].filter((t) => t.startsWith('Create')),
        ["Create service group 'g' (tcp)", "Create service group 'g' (udp)"],
      );
      const server = lines(
        HEADER,
        'slb server s 10.0.0.1',
        '  health-check hm',
        '  port 80 tcp',
        'end',
        '',
      ).replaceAll('\n', '\r\n');
      assert.strictEqual(
        fix(server, 'lbconf/undefined-reference', "Create health monitor 'hm' (ping)"),
        lines(
          HEADER,
          'health monitor hm',
          '  method icmp',
          'slb server s 10.0.0.1',
          '  health-check hm',
          '  port 80 tcp',
          'end',
          '',
        ).replaceAll('\n', '\r\n'),
      );
    });

    it('the created object clears the finding', () => {
      const text = lines(
        HEADER,
        'slb virtual-server v 1.2.3.4',
        '   port 53  dns-udp',
        '      service-group dns',
        '!',
        'end',
        '',
      );
      const fixed = fix(text, 'lbconf/undefined-reference', "Create service group 'dns' (udp)");
      assert.deepStrictEqual(
        createLanguageService()
          .doValidation(configDocument(fixed))
          .map((d) => d.code),
        [],
      );
    });
  });

  describe('service groups and vports', () => {
    it('sets a redeclared group back to its first protocol', () => {
      const text = lines(
        HEADER,
        'slb service-group g tcp',
        '!',
        'slb service-group g udp',
        '!',
        'end',
      );
      assert.strictEqual(
        fix(text, 'lbconf/service-group-protocol-changed', "Change to 'tcp'"),
        text.replace('g udp', 'g tcp'),
      );
    });

    it('adds the protocol the vports using a group need', () => {
      const text = lines(
        HEADER,
        'slb service-group g',
        '!',
        'slb virtual-server v 1.2.3.4',
        '  port 53 udp',
        '    service-group g',
        'end',
      );
      assert.deepStrictEqual(
        [...fixes(text, 'lbconf/service-group-without-protocol').keys()],
        ["Add 'udp'", 'Ignore lbconf/service-group-without-protocol on this line'],
      );
      assert.strictEqual(
        fix(text, 'lbconf/service-group-without-protocol', "Add 'udp'"),
        text.replace('service-group g\n', 'service-group g udp\n'),
      );
    });

    it('points a vport at the group of the right protocol with the same members (vpn_tcp -> vpn_udp)', () => {
      const text = lines(
        HEADER,
        'slb server fw 10.0.0.1',
        'slb service-group vpn_tcp tcp',
        '    member fw:0',
        'slb service-group vpn_udp udp',
        '    member fw:0',
        'slb virtual-server v 1.2.3.4',
        '   port 0  tcp',
        '      service-group vpn_tcp',
        '   port 0  udp',
        '      service-group vpn_tcp',
        '   port 0  others',
        '      service-group vpn_udp',
        'end',
      );
      assert.strictEqual(
        fix(text, 'lbconf/vport-protocol-mismatch', "Use service group 'vpn_udp'"),
        text.replace('udp\n      service-group vpn_tcp', 'udp\n      service-group vpn_udp'),
      );
    });

    it("changes the group's protocol when every vport using it has the other one", () => {
      const text = lines(
        HEADER,
        'slb service-group dns tcp',
        'slb virtual-server v 1.2.3.4',
        '  port 53 dns-udp',
        '    service-group dns',
        'end',
      );
      assert.strictEqual(
        fix(text, 'lbconf/vport-protocol-mismatch', "Make service group 'dns' udp"),
        text.replace('dns tcp', 'dns udp'),
      );
    });
  });

  describe('NAT pools and duplicates', () => {
    it('swaps a reversed range', () => {
      const text = lines(HEADER, 'ip nat pool P 10.0.0.9 10.0.0.1 netmask /24', 'end');
      assert.strictEqual(
        fix(text, 'lbconf/nat-pool-reversed', 'Swap to 10.0.0.1 10.0.0.9'),
        text.replace('10.0.0.9 10.0.0.1', '10.0.0.1 10.0.0.9'),
      );
    });

    it('widens a netmask that does not hold the range, as a prefix or as a dotted mask', () => {
      const prefix = lines(HEADER, 'ip nat pool P 10.0.2.250 10.0.3.5 netmask /24', 'end');
      assert.strictEqual(
        fix(prefix, 'lbconf/nat-pool-netmask-too-small', 'Change the netmask to /23'),
        prefix.replace('/24', '/23'),
      );
      const dotted = lines(
        HEADER,
        'ip nat pool P 10.0.2.250 10.0.3.5 netmask 255.255.255.0',
        'end',
      );
      assert.strictEqual(
        fix(dotted, 'lbconf/nat-pool-netmask-too-small', 'Change the netmask to /23'),
        dotted.replace('255.255.255.0', '255.255.254.0'),
      );
    });

    it('removes a duplicate line with its line end, and the last line with the line end before it', () => {
      const member = lines(
        HEADER,
        'slb server s 10.0.0.1',
        'slb service-group g tcp',
        '    member s:80',
        '    member s:80',
        '!',
        'end',
      );
      assert.strictEqual(
        fix(member, 'lbconf/duplicate-line', 'Remove the duplicate line'),
        member.replace('    member s:80\n    member s:80\n', '    member s:80\n'),
      );
      const last = lines(
        HEADER,
        'ip nat pool P 10.0.0.1 10.0.0.2 netmask /24',
        'ip nat pool P 10.0.0.1 10.0.0.2 netmask /24',
      );
      assert.strictEqual(
        fix(last, 'lbconf/duplicate-line', 'Remove the duplicate line'),
        lines(HEADER, 'ip nat pool P 10.0.0.1 10.0.0.2 netmask /24'),
      );
    });
  });

  describe("'Add port 0 others' where a VIP's blocks differ", () => {
    it('indents the copied lines under the new vport as they were under theirs, leaving out what goes with `name`', () => {
      const text = lines(
        'slb virtual-server v 0.0.0.0',
        '  port 0 udp',
        '    name v_UDP',
        '      ! a note under the name',
        '    service-group g',
        '!',
        'slb virtual-server v',
        '   port 0  tcp',
        '!',
        '',
      );
      assert.strictEqual(
        fix(text, 'lbconf/missing-others-vport', "Add 'port 0 others' to v"),
        lines(
          'slb virtual-server v 0.0.0.0',
          '  port 0 udp',
          '    name v_UDP',
          '      ! a note under the name',
          '    service-group g',
          '!',
          'slb virtual-server v',
          '   port 0  tcp',
          '   port 0 others',
          '     service-group g',
          '!',
          '',
        ),
      );
    });

    it('writes into the status summary when the VIP was pasted both ways and only the summary has the wildcard', () => {
      const text = lines(
        'vip_v(A) 1.2.3.4',
        'port 0 udp',
        'member:g 0/udp',
        'slb virtual-server vip_v 1.2.3.4',
        '   port 500 udp',
        '!',
        '',
      );
      assert.strictEqual(
        fix(text, 'lbconf/missing-others-vport', "Add 'port 0 others' to vip_v"),
        lines(
          'vip_v(A) 1.2.3.4',
          'port 0 udp',
          'member:g 0/udp',
          'port 0 others',
          'member:g 0/others',
          'slb virtual-server vip_v 1.2.3.4',
          '   port 500 udp',
          '!',
          '',
        ),
      );
    });
  });

  describe('a diagnostic of an older text (the editor shows it for a moment after an edit)', () => {
    /**
     * The text each fix offered for `before`'s findings of a code makes when asked for, by the same
     * service, once the document has become `after`: the editor passes back the old diagnostics.
     */
    function staleFixes(before: string, after: string, code: string): Map<string, string> {
      const service = createLanguageService();
      const old = configDocument(before);
      const diagnostics = service.doValidation(old).filter((d) => d.code === code);
      assert.ok(diagnostics.length > 0, `no ${code} in:\n${before}`);
      const now = TextDocument.create(old.uri, old.languageId, 2, after);
      service.doValidation(now);
      const actions = service.doCodeActions(
        now,
        diagnostics[0].range,
        JSON.parse(JSON.stringify(diagnostics)) as typeof diagnostics,
      );
      return new Map(
        actions.map((a: CodeAction) => [
          a.title,
          TextDocument.applyEdits(now, a.edit?.changes?.[now.uri] ?? []),
        ]),
      );
    }

    const group = lines(
      HEADER,
      'slb server s 10.0.0.1',
      'slb server t 10.0.0.2',
      'slb service-group g tcp',
      '    member s:80',
      '    member t:80',
      '    member s:80',
      '!',
      'end',
    );

    it('removes the duplicate line where it is now, not the line that moved under the old range', () => {
      const after = group.replace('    member t:80\n', '    member t:80\n    member t:8080\n');
      assert.strictEqual(
        staleFixes(group, after, 'lbconf/duplicate-line').get('Remove the duplicate line'),
        lines(
          HEADER,
          'slb server s 10.0.0.1',
          'slb server t 10.0.0.2',
          'slb service-group g tcp',
          '    member s:80',
          '    member t:80',
          '    member t:8080',
          '!',
          'end',
        ),
      );
    });

    it('offers nothing once the finding is gone', () => {
      const after = group.replace('    member t:80\n    member s:80\n', '    member t:80\n');
      assert.deepStrictEqual([...staleFixes(group, after, 'lbconf/duplicate-line').keys()], []);
    });

    it("adds 'port 0 others' after the VIP's vports as they are now, not inside the vport that moved to the old place", () => {
      const before = lines(
        HEADER,
        'slb virtual-server v 1.2.3.4',
        '   port 0  udp',
        '      service-group g',
        '      template udp quick',
        '!',
        'end',
      );
      // A vport typed above the wildcard: the old insertion point is now inside it.
      const after = lines(
        HEADER,
        'slb virtual-server v 1.2.3.4',
        '   port 53  udp',
        '      template udp quick',
        '   port 0  udp',
        '      service-group g',
        '      template udp quick',
        '!',
        'end',
      );
      assert.strictEqual(
        staleFixes(before, after, 'lbconf/missing-others-vport').get("Add 'port 0 others' to v"),
        lines(
          HEADER,
          'slb virtual-server v 1.2.3.4',
          '   port 53  udp',
          '      template udp quick',
          '   port 0  udp',
          '      service-group g',
          '      template udp quick',
          '   port 0  others',
          '      service-group g',
          '!',
          'end',
        ),
      );
    });

    it('makes the fix of a finding the editor passes with mangled data from the current text', () => {
      const service = createLanguageService();
      const document = configDocument(group);
      const [duplicate] = service
        .doValidation(document)
        .filter((d) => d.code === 'lbconf/duplicate-line');
      const forged = {
        ...duplicate,
        data: {
          fixes: [
            {
              title: 'Remove the duplicate line',
              changes: {
                [document.uri]: [
                  {
                    range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
                    newText: '',
                  },
                ],
              },
            },
          ],
        },
      };
      const actions = service.doCodeActions(document, duplicate.range, [forged]);
      assert.deepStrictEqual(
        actions.map((a) => [
          a.title,
          TextDocument.applyEdits(document, a.edit?.changes?.[document.uri] ?? []),
        ]),
        [
          [
            'Remove the duplicate line',
            group.replace('    member t:80\n    member s:80\n', '    member t:80\n'),
          ],
          [
            'Ignore lbconf/duplicate-line on this line',
            group.replace(
              '    member t:80\n    member s:80\n',
              '    member t:80\n    ! balancer-lens-disable-next-line lbconf/duplicate-line\n    member s:80\n',
            ),
          ],
        ],
      );
    });
  });

  describe('a fix never trades its finding for another', () => {
    it('removes a mistyped member whose group already has the member it would become, instead of listing it twice', () => {
      const text = lines(
        HEADER,
        'slb server web1 10.0.0.1',
        '   port 80  tcp',
        'slb service-group web_80 tcp',
        '    member web1:80',
        '    member web9:80',
        '!',
        'end',
      );
      assert.deepStrictEqual(
        [...fixes(text, 'lbconf/undefined-reference').keys()],
        [
          "Remove the line: 'web1' is already a member there",
          'Ignore lbconf/undefined-reference on this line',
        ],
      );
      const fixed = fix(
        text,
        'lbconf/undefined-reference',
        "Remove the line: 'web1' is already a member there",
      );
      assert.strictEqual(
        fixed,
        lines(
          HEADER,
          'slb server web1 10.0.0.1',
          '   port 80  tcp',
          'slb service-group web_80 tcp',
          '    member web1:80',
          '!',
          'end',
        ),
      );
      assert.deepStrictEqual(
        findingsOf(fixed),
        findingsOf(text).filter((f) => !f.startsWith('lbconf/undefined-reference')),
      );
    });

    it('changes the uses where the member is new and removes the line where it is not (ACOS 4 members)', () => {
      const text = lines(
        HEADER,
        'slb server web1 10.0.0.1',
        '  port 80 tcp',
        'slb service-group a tcp',
        '  member web1 80',
        '  member web9 80',
        'slb service-group b tcp',
        '  member web9 80',
        'end',
      );
      const fixed = fix(
        text,
        'lbconf/undefined-reference',
        "Change to 'web1', removing the line where 'web1' is already a member",
      );
      assert.strictEqual(
        fixed,
        lines(
          HEADER,
          'slb server web1 10.0.0.1',
          '  port 80 tcp',
          'slb service-group a tcp',
          '  member web1 80',
          'slb service-group b tcp',
          '  member web1 80',
          'end',
        ),
      );
      assert.deepStrictEqual(
        findingsOf(fixed),
        findingsOf(text).filter((f) => !f.startsWith('lbconf/undefined-reference')),
      );
    });

    it("does not change a vport's group to a look-alike of the other protocol", () => {
      const text = lines(
        HEADER,
        'slb service-group dns1 tcp',
        'slb service-group dns2 udp',
        'slb virtual-server v 1.2.3.4',
        '  port 53 udp',
        '    service-group dns3',
        '  port 53 tcp',
        '    service-group dns1',
        '  port 54 udp',
        '    service-group dns2',
        'end',
      );
      assert.deepStrictEqual(
        [...fixes(text, 'lbconf/undefined-reference').keys()],
        [
          "Change to 'dns2'",
          "Create service group 'dns3' (udp)",
          'Ignore lbconf/undefined-reference on this line',
        ],
      );
    });

    it('creates a missing group with the protocol of every vport using it, and none when they carry both', () => {
      const both = lines(
        HEADER,
        'slb virtual-server v 1.2.3.4',
        '  port 53 udp',
        '    service-group dns',
        '  port 53 tcp',
        '    service-group dns',
        'end',
      );
      assert.deepStrictEqual(
        [...fixes(both, 'lbconf/undefined-reference').keys()],
        ['Ignore lbconf/undefined-reference on this line'],
      );
      const others = lines(
        HEADER,
        'slb virtual-server v 1.2.3.4',
        '  port 0 others',
        '    service-group vpn',
        '  port 0 udp',
        '    service-group vpn',
        'end',
      );
      assert.deepStrictEqual(
        [...fixes(others, 'lbconf/undefined-reference').keys()],
        ["Create service group 'vpn' (udp)", 'Ignore lbconf/undefined-reference on this line'],
      );
    });

    it("swaps a reversed pool's ends with the netmask the range needs, which went unchecked while it was reversed", () => {
      const text = lines(
        HEADER,
        'ip nat pool P 10.0.3.5 10.0.2.250 netmask /24',
        'ip nat pool Q 10.0.0.9 10.0.0.1',
        'end',
      );
      const reversed = fixes(text, 'lbconf/nat-pool-reversed');
      assert.strictEqual(
        reversed.get('Swap to 10.0.2.250 10.0.3.5 with netmask /23'),
        text.replace('10.0.3.5 10.0.2.250 netmask /24', '10.0.2.250 10.0.3.5 netmask /23'),
      );
      const fixed = fix(
        text,
        'lbconf/nat-pool-reversed',
        'Swap to 10.0.0.1 10.0.0.9 with netmask /28',
      );
      assert.strictEqual(fixed, text.replace('10.0.0.9 10.0.0.1', '10.0.0.1 10.0.0.9 netmask /28'));
    });

    it('removes a reversed pool defined again the right way round next, swaps its copies with it, and offers no swap into another pool', () => {
      const again = lines(
        HEADER,
        'ip nat pool P 10.0.0.9 10.0.0.1 netmask /24',
        'ip nat pool P 10.0.0.1 10.0.0.9 netmask /24',
        'end',
      );
      assert.strictEqual(
        fix(
          again,
          'lbconf/nat-pool-reversed',
          "Remove the line: NAT pool 'P' is defined again as the swap would write it",
        ),
        lines(HEADER, 'ip nat pool P 10.0.0.1 10.0.0.9 netmask /24', 'end'),
      );
      // Its copies go with it: the next copy would be the reversed definition ACOS keeps.
      const copied = lines(
        HEADER,
        'ip nat pool P 10.0.0.9 10.0.0.1 netmask /24',
        'ip nat pool P 10.0.0.9 10.0.0.1 netmask /24',
        'ip nat pool P 10.0.0.1 10.0.0.9 netmask /24',
        'end',
      );
      assert.strictEqual(
        fix(
          copied,
          'lbconf/nat-pool-reversed',
          "Remove the line: NAT pool 'P' is defined again as the swap would write it",
        ),
        lines(HEADER, 'ip nat pool P 10.0.0.1 10.0.0.9 netmask /24', 'end'),
      );
      // Removed, the pool's next definition is the one ACOS keeps: here `/0`, with findings of its own.
      const between = lines(
        HEADER,
        'ip nat pool P 10.0.0.9 10.0.0.1 netmask /24',
        'ip nat pool P 10.0.0.1 10.0.0.9 netmask /0',
        'ip nat pool P 10.0.0.1 10.0.0.9 netmask /24',
        'end',
      );
      assert.deepStrictEqual(
        [...fixes(between, 'lbconf/nat-pool-reversed').keys()],
        ['Ignore lbconf/nat-pool-reversed on this line'],
      );
      const copies = lines(
        HEADER,
        'ip nat pool P 10.0.0.9 10.0.0.1 netmask /24',
        'ip nat pool P 10.0.0.9 10.0.0.1 netmask /24',
        'end',
      );
      assert.strictEqual(
        fix(copies, 'lbconf/nat-pool-reversed', 'Swap to 10.0.0.1 10.0.0.9'),
        copies.replaceAll('10.0.0.9 10.0.0.1', '10.0.0.1 10.0.0.9'),
      );
      const overlap = lines(
        HEADER,
        'ip nat pool P 10.0.0.9 10.0.0.1 netmask /24',
        'ip nat pool Q 10.0.0.5 10.0.0.20 netmask /24',
        'end',
      );
      assert.deepStrictEqual(
        [...fixes(overlap, 'lbconf/nat-pool-reversed').keys()],
        ['Ignore lbconf/nat-pool-reversed on this line'],
      );
    });

    it('widens the netmask of a pool and of its copies, which would differ from it otherwise', () => {
      const text = lines(
        HEADER,
        'ip nat pool P 10.0.2.250 10.0.3.5 netmask /24',
        'ip nat pool P 10.0.2.250 10.0.3.5 netmask /24',
        'end',
      );
      assert.strictEqual(
        fix(text, 'lbconf/nat-pool-netmask-too-small', 'Change the netmask to /23'),
        text.replaceAll('/24', '/23'),
      );
    });

    it("changes a group's unreadable protocol only to the one it was declared with", () => {
      const text = lines(
        HEADER,
        'slb service-group g tcp',
        '!',
        'slb service-group g http',
        '!',
        'end',
      );
      assert.deepStrictEqual(
        [...fixes(text, 'lbconf/service-group-without-protocol').keys()],
        ["Change to 'tcp'", 'Ignore lbconf/service-group-without-protocol on this line'],
      );
    });

    it('removes neighbouring member lines in one edit', () => {
      const text = lines(
        HEADER,
        'slb server web1 10.0.0.1',
        'slb service-group g tcp',
        '  member web1 0',
        '  member web9 0',
        '  member web9 0',
      );
      assert.strictEqual(
        fix(
          text,
          'lbconf/undefined-reference',
          "Remove the 2 lines: 'web1' is already a member there",
        ),
        lines(HEADER, 'slb server web1 10.0.0.1', 'slb service-group g tcp', '  member web1 0'),
      );
    });

    it("offers for a group's unreadable protocol only the one its vports take", () => {
      const text = lines(
        HEADER,
        'slb service-group g http',
        'slb virtual-server v 1.2.3.4',
        '  port 80 http',
        '    service-group g',
        'end',
      );
      assert.deepStrictEqual(
        [...fixes(text, 'lbconf/service-group-without-protocol').keys()],
        ["Change to 'tcp'", 'Ignore lbconf/service-group-without-protocol on this line'],
      );
    });
  });

  describe('the suppression comment', () => {
    it("writes `! balancer-lens-disable-next-line CODE` above the line, in the line's indentation, and the finding goes", () => {
      const text = lines(HEADER, 'slb server s 10.0.0.1', '   frobnicate on', 'end');
      const fixed = fix(
        text,
        'lbconf/unknown-command',
        'Ignore lbconf/unknown-command on this line',
      );
      assert.strictEqual(
        fixed,
        lines(
          HEADER,
          'slb server s 10.0.0.1',
          '   ! balancer-lens-disable-next-line lbconf/unknown-command',
          '   frobnicate on',
          'end',
        ),
      );
      assert.deepStrictEqual(
        createLanguageService()
          .doValidation(configDocument(fixed))
          .map((d) => d.code),
        ['lbconf/unused-definition'],
      );
    });

    it('adds the code to a suppression comment already above the line', () => {
      const text = lines(
        HEADER,
        '! balancer-lens-disable-next-line lbconf/unused-definition',
        'slb server s',
        'end',
      );
      assert.strictEqual(
        fix(text, 'lbconf/missing-address', 'Ignore lbconf/missing-address on this line'),
        lines(
          HEADER,
          '! balancer-lens-disable-next-line lbconf/unused-definition lbconf/missing-address',
          'slb server s',
          'end',
        ),
      );
    });

    it('comes after the real fixes, never before', () => {
      const text = lines(
        HEADER,
        'slb service-group web tcp',
        'slb virtual-server v 1.2.3.4',
        '  port 80 tcp',
        '    service-group wbe',
        'end',
      );
      assert.deepStrictEqual(
        [...fixes(text, 'lbconf/undefined-reference').keys()],
        [
          "Change to 'web'",
          "Create service group 'wbe' (tcp)",
          'Ignore lbconf/undefined-reference on this line',
        ],
      );
    });
  });
});
