// lbconf/missing-others-vport: a wildcard VIP with `port 0 udp` (and tcp) but no `port 0 others`
// drops ESP, AH, GRE and ICMP; its quick fix writes the vport in the style of the block it edits.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../../server/src/service';
import {
  applyAction,
  codesOf,
  configDocument,
  diagnosticsOf,
  fixture,
  messageOf,
  quickFixesOf,
} from '../support';

describe('lbconf/missing-others-vport', () => {
  it("warns on the seed's VIP, on its name, in the user's words", () => {
    const [diagnostic] = diagnosticsOf(configDocument(fixture('seed/vip-before-fix.summary.txt')));
    assert.strictEqual(diagnostic.code, 'lbconf/missing-others-vport');
    assert.strictEqual(diagnostic.severity, 2 /* Warning */);
    assert.deepStrictEqual(diagnostic.range, {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 14 },
    });
    assert.match(
      messageOf(diagnostic),
      /vip_210\.21\.\*\.\* forwards `port 0 tcp` and `port 0 udp` but has no `port 0 others`/,
    );
    assert.match(messageOf(diagnostic), /ESP, AH, GRE and ICMP .* neither translated nor accepted/);
    assert.match(
      messageOf(diagnostic),
      /IPsec tunnel comes up \(IKE runs over UDP\) but carries no data/,
    );
  });

  it('warns on ACOS 2 and ACOS 4 running-configs alike', () => {
    assert.deepStrictEqual(codesOf(configDocument(fixture('config/acos2-wildcard.a10.cfg'))), [
      'lbconf/missing-others-vport@21',
    ]);
    assert.deepStrictEqual(codesOf(configDocument(fixture('config/acos4-inbound.a10.cfg'))), [
      'lbconf/missing-others-vport@24',
    ]);
  });

  it('is quiet on a VIP that has `others`, on a web VIP, and on a TCP-only wildcard', () => {
    assert.deepStrictEqual(codesOf(configDocument(fixture('seed/vip-after-fix.summary.txt'))), []);
    assert.deepStrictEqual(
      codesOf(configDocument(fixture('config/acos2-wildcard.fixed.a10.cfg'))),
      [],
    );
    assert.deepStrictEqual(
      codesOf(
        configDocument(
          'slb virtual-server web 1.2.3.4\n  port 443 https\n    service-group s\n!\n',
        ),
      ),
      [],
    );
    assert.deepStrictEqual(
      codesOf(
        configDocument('slb virtual-server w 0.0.0.0\n  port 0 tcp\n    service-group t\n!\n'),
      ),
      [],
    );
  });

  it('counts a VIP opened twice as one: `others` in the second block silences the first', () => {
    const text = [
      'slb virtual-server v 0.0.0.0',
      '  port 0 tcp',
      '  port 0 udp',
      '!',
      'slb virtual-server v',
      '  port 0 others',
      '!',
    ].join('\n');
    assert.deepStrictEqual(codesOf(configDocument(text)), []);
  });

  it('still warns when the `port 0 others` is disabled: a disabled vport takes no traffic', () => {
    const text = [
      'slb virtual-server v 0.0.0.0',
      '  port 0 udp',
      '    service-group u',
      '  port 0 others',
      '    service-group u',
      '    disable',
      '!',
      '',
    ].join('\n');
    const [diagnostic] = diagnosticsOf(configDocument(text));
    assert.strictEqual(diagnostic.code, 'lbconf/missing-others-vport');
    assert.match(
      messageOf(diagnostic),
      /v forwards `port 0 udp` but its `port 0 others` is disabled: ESP, AH, GRE and ICMP/,
    );
  });

  describe('quick fix', () => {
    it('enables a disabled `port 0 others` instead of adding a second one', () => {
      const text = [
        'slb virtual-server v 0.0.0.0',
        '  port 0 udp',
        '    service-group u',
        '  port 0 others',
        '    service-group u',
        '    disable',
        '!',
        '',
      ].join('\n');
      const document = configDocument(text);
      const [fix] = quickFixesOf(document);
      assert.strictEqual(fix.title, "Enable 'port 0 others' of v");
      const fixed = applyAction(document, fix);
      assert.strictEqual(
        fixed,
        [
          'slb virtual-server v 0.0.0.0',
          '  port 0 udp',
          '    service-group u',
          '  port 0 others',
          '    service-group u',
          '!',
          '',
        ].join('\n'),
      );
      assert.deepStrictEqual(codesOf(configDocument(fixed)), []);
    });

    it('does not copy `disable` from the vport it copies: a disabled `others` would fix nothing', () => {
      const text = [
        'slb virtual-server v 0.0.0.0',
        '  port 0 tcp',
        '    service-group t',
        '  port 0 udp',
        '    service-group u',
        '    disable',
        '!',
        '',
      ].join('\n');
      const document = configDocument(text);
      assert.strictEqual(
        applyAction(document, quickFixesOf(document)[0]),
        [
          'slb virtual-server v 0.0.0.0',
          '  port 0 tcp',
          '    service-group t',
          '  port 0 udp',
          '    service-group u',
          '    disable',
          '  port 0 others',
          '    service-group u',
          '!',
          '',
        ].join('\n'),
      );
    });

    it("turns the seed's VIP summary into exactly the seed's fixed summary", () => {
      const document = configDocument(fixture('seed/vip-before-fix.summary.txt'));
      const [fix] = quickFixesOf(document);
      assert.strictEqual(fix.title, "Add 'port 0 others' to vip_210.21.*.*");
      assert.strictEqual(fix.kind, 'quickfix');
      assert.strictEqual(fix.isPreferred, true);
      assert.strictEqual(applyAction(document, fix), fixture('seed/vip-after-fix.summary.txt'));
    });

    it('writes ACOS 2 style: two spaces in `port 0  others`, children copied from the UDP vport without `name` and `template udp`', () => {
      const document = configDocument(fixture('config/acos2-wildcard.a10.cfg'));
      assert.strictEqual(
        applyAction(document, quickFixesOf(document)[0]),
        fixture('config/acos2-wildcard.fixed.a10.cfg'),
      );
    });

    it('writes ACOS 4 style: 2 and 4 spaces, children copied from the UDP vport without `template udp`', () => {
      const document = configDocument(fixture('config/acos4-inbound.a10.cfg'));
      assert.strictEqual(
        applyAction(document, quickFixesOf(document)[0]),
        fixture('config/acos4-inbound.fixed.a10.cfg'),
      );
    });

    it('adds the vport after the last vport of a VIP opened twice, spaced like the UDP vport it copies', () => {
      const text = [
        'slb virtual-server v 0.0.0.0',
        '   port 0  udp',
        '!',
        'slb virtual-server v',
        '   port 0  tcp',
        '      service-group t',
        '      template tcp x',
        '!',
        '',
      ].join('\n');
      const document = configDocument(text);
      const fixed = applyAction(document, quickFixesOf(document)[0]);
      assert.strictEqual(
        fixed,
        [
          'slb virtual-server v 0.0.0.0',
          '   port 0  udp',
          '!',
          'slb virtual-server v',
          '   port 0  tcp',
          '      service-group t',
          '      template tcp x',
          '   port 0  others',
          '!',
          '',
        ].join('\n'),
      );
    });

    it('keeps CRLF line ends and a file without a final line end intact', () => {
      const text = fixture('seed/vip-before-fix.summary.txt')
        .replace(/\n/g, '\r\n')
        .replace(/\r\n$/, '');
      const document = configDocument(text);
      const expected = fixture('seed/vip-after-fix.summary.txt')
        .replace(/\n/g, '\r\n')
        .replace(/\r\n$/, '');
      assert.strictEqual(applyAction(document, quickFixesOf(document)[0]), expected);
    });

    it('leaves no warning behind once applied', () => {
      for (const name of [
        'seed/vip-before-fix.summary.txt',
        'config/acos2-wildcard.a10.cfg',
        'config/acos4-inbound.a10.cfg',
      ]) {
        const document = configDocument(fixture(name));
        assert.deepStrictEqual(
          codesOf(configDocument(applyAction(document, quickFixesOf(document)[0]))),
          [],
          name,
        );
      }
    });

    it('makes its fix from the current text, whatever data the editor passes back', () => {
      const document = configDocument(fixture('seed/vip-before-fix.summary.txt'));
      const service = createLanguageService();
      const [diagnostic] = service.doValidation(document);
      const range = diagnostic.range;
      for (const data of [
        { vip: 'x', edit: { newText: 1 } },
        undefined,
        {
          vip: 'x',
          edit: {
            range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
            newText: '',
          },
        },
      ]) {
        const actions = service.doCodeActions(document, range, [{ ...diagnostic, data }]);
        assert.deepStrictEqual(
          actions.map((a) => [
            a.title,
            TextDocument.applyEdits(document, a.edit?.changes?.[document.uri] ?? []),
          ]),
          [["Add 'port 0 others' to vip_210.21.*.*", fixture('seed/vip-after-fix.summary.txt')]],
          JSON.stringify(data),
        );
      }
      // A diagnostic the document no longer has (or never had) gets nothing.
      assert.deepStrictEqual(
        service.doCodeActions(document, range, [
          { ...diagnostic, message: 'Virtual server vip_other forwards ...' },
        ]),
        [],
      );
    });
  });
});
