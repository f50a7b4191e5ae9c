// A word of megabytes (a damaged file, a binary pasted in) is cut with an ellipsis wherever the
// service shows it: diagnostics' messages, the outline, code actions' titles; the edits keep it whole.
import * as assert from 'assert';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service';
import { messageText } from '../../server/src/service/diagnostics';
import { cutLongWords, cutWord, LONGEST_WORD } from '../../server/src/service/ellipsis';
import { applyAction, captureDocument, configDocument, fixture } from './support';

/** Every text a person reads of a document: messages, related messages, outline names and details, action titles. */
function shownTexts(document: ReturnType<typeof configDocument>): string[] {
  const service = createLanguageService({ workspace: { configDocuments: () => [document] } });
  const diagnostics = service.doValidation(document);
  const everything = {
    start: { line: 0, character: 0 },
    end: { line: document.lineCount, character: 0 },
  };
  const names = (symbols: DocumentSymbol[]): string[] =>
    symbols.flatMap((s) => [s.name, s.detail ?? '', ...names(s.children ?? [])]);
  return [
    ...diagnostics.flatMap((d) => [
      messageText(d.message),
      ...(d.relatedInformation ?? []).map((r) => r.message),
    ]),
    ...names(service.findDocumentSymbols(document)),
    ...service.doCodeActions(document, everything, diagnostics).map((a) => a.title),
  ];
}

/** The longest run of characters without whitespace in any of the texts. */
function longestWord(texts: readonly string[]): number {
  return Math.max(0, ...texts.flatMap((t) => (t.match(/\S+/g) ?? []).map((w) => w.length)));
}

describe('Long words cut with an ellipsis', () => {
  it('cuts a word longer than 100 characters in the middle, keeping its start and its last 20', () => {
    const word = `${'a'.repeat(200)}-the-end-of-its-name`;
    const cut = cutWord(word);
    assert.strictEqual(cut, `${'a'.repeat(79)}…-the-end-of-its-name`);
    assert.strictEqual(cut.length, LONGEST_WORD);
    assert.strictEqual(cutWord('web1'), 'web1');
    assert.strictEqual(cutWord('x'.repeat(LONGEST_WORD)), 'x'.repeat(LONGEST_WORD));
    assert.strictEqual(cutWord('abcdefghij', 5), 'ab…ij');
  });

  it('never cuts a surrogate pair in two', () => {
    const word = '😀'.repeat(100); // 200 UTF-16 code units
    const cut = cutWord(word);
    assert.ok(
      !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(cut),
      cut,
    );
    assert.strictEqual(cut, `${'😀'.repeat(39)}…${'😀'.repeat(10)}`);
  });

  it('cuts only the long words of a text, whatever surrounds them', () => {
    const text = `Server '${'w'.repeat(1_000_000)}' is defined but never used.`;
    assert.strictEqual(
      cutLongWords(text),
      `Server '${'w'.repeat(78)}…${'w'.repeat(19)}' is defined but never used.`,
    );
    assert.strictEqual(cutLongWords('Server web is defined.'), 'Server web is defined.');
  });

  it('no message, outline entry or code action of a configuration echoes a name of megabytes', () => {
    const name = 'x'.repeat(1_000_000);
    const document = configDocument(
      [
        `slb server ${name} 10.0.0.1`,
        '   port 80 tcp',
        `slb service-group ${name}-group tcp`,
        `   member ${name}-missing:80`,
        `slb virtual-server ${name}-vip 203.0.113.${name}`,
        '   port 0 tcp',
        `      service-group ${name}-other`,
        `      source-nat pool ${name}-pool`,
        '',
      ].join('\n'),
    );
    const shown = shownTexts(document);
    assert.ok(
      shown.some((text) => text.includes('…')),
      'something was cut',
    );
    assert.strictEqual(longestWord(shown), LONGEST_WORD);
  });

  it("a code action's edit keeps the whole name its title cuts", () => {
    const group = `g${'x'.repeat(500)}`;
    const document = configDocument(
      [
        'slb server web 10.0.0.1',
        ' port 80 tcp',
        'slb service-group web-group tcp',
        ' member web:80',
        'slb virtual-server vip 203.0.113.10',
        ' port 80 tcp',
        `  service-group ${group}`,
        '',
      ].join('\n'),
    );
    const service = createLanguageService({ workspace: { configDocuments: () => [document] } });
    const diagnostics = service.doValidation(document);
    const everything = { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } };
    const create = service
      .doCodeActions(document, everything, diagnostics)
      .find((a) => a.title.startsWith('Create'));
    assert.ok(create, 'a fix that creates the group');
    assert.strictEqual(create.title, `Create service group ${cutWord(`'${group}'`)} (tcp)`);
    assert.ok(
      applyAction(document, create).includes(`slb service-group ${group} `),
      'the edit has the whole name',
    );
  });

  it('no message or outline entry of a capture echoes a line of megabytes', () => {
    const long = 'x'.repeat(2_000_000);
    const dump = fixture('seed/capture-before-fix.axdebug.txt');
    const document = captureDocument(
      `${dump}${long}\n13:00:00.000001 IP ${long} > 1.2.3.4.500: UDP, length 8\n13:00:00.000002 IP 10.0.0.1.500 > 1.2.3.4.500: ${long}\n`,
    );
    assert.ok(longestWord(shownTexts(document)) <= LONGEST_WORD);
  });
});
