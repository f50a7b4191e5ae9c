// Whatever a user opens, in either language, the language service answers: it never throws,
// every range it returns lies inside the document, and every call returns quickly.
import * as assert from 'assert';
import fc from 'fast-check';
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service';
import {
  anyText,
  assertRangeInside,
  assertWellFormedDiagnostic,
  captureText,
  configText,
  documentOf,
  fixture,
  hostileName,
  LANGUAGES,
  lineLengths,
  mutatedSeed,
  randomText,
  settled,
} from './documents';
import { rendered } from '../markdown';

const language = fc.constantFrom(...LANGUAGES);

/** A VIP the missing-others rule reports, for the tests that hand fixes back. */
const SEED_VIP = 'vip_210.21.*.*(A) 210.21.*.*\nport 0 udp\nmember:vpn_udp 0/udp\n';

/** Hover positions: mostly near the document's lines, some before it, past it or past a line's end. */
const positions = fc.array(
  fc.record({
    line: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: -3, max: 10_000 })),
    character: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: -3, max: 1_000_000 })),
  }),
  { maxLength: 8 },
);

/** What the generated documents drew out of the service: a property that never gets an answer proves nothing. */
const seen = { diagnostics: 0, hovers: 0, fixes: 0 };

function resetSeen(): void {
  Object.assign(seen, { diagnostics: 0, hovers: 0, fixes: 0 });
}

/** Validates, hovers every line and the random positions, and asks for fixes: all must hold up. */
function exercise(languageId: string, text: string, randomPositions: readonly Position[]): void {
  const service = createLanguageService();
  const document = documentOf(languageId, text);
  const lengths = lineLengths(text);

  const diagnostics = settled('doValidation', () => service.doValidation(document));
  assert.ok(Array.isArray(diagnostics));
  for (const diagnostic of diagnostics) assertWellFormedDiagnostic(text, document.uri, diagnostic);
  seen.diagnostics += diagnostics.length;

  const everyLine = lengths.map((_, line) => ({ line, character: 0 }));
  for (const position of [...everyLine, ...randomPositions]) {
    const hover = settled('doHover', () => service.doHover(document, position));
    if (hover === null) continue;
    seen.hovers += 1;
    const where = `hover at ${JSON.stringify(position)}`;
    assert.ok(
      position.line >= 0 && position.line < lengths.length,
      `${where}: a hover outside the document`,
    );
    assert.ok(
      typeof hover.contents === 'object' &&
        'kind' in hover.contents &&
        hover.contents.kind === 'markdown',
      `${where}: not markdown`,
    );
    assert.ok(hover.contents.value.trim().length > 0, `${where}: empty`);
    assert.ok(hover.range, `${where}: no range`);
    assertRangeInside(text, hover.range, where);
    assert.ok(
      hover.range.start.line <= position.line && position.line <= hover.range.end.line,
      `${where}: explains ${JSON.stringify(hover.range)}, not the hovered line`,
    );
  }

  // The editor hands diagnostics back after a JSON round trip; the service must read them so.
  const echoed = JSON.parse(JSON.stringify(diagnostics)) as Diagnostic[];
  const whole = {
    start: { line: 0, character: 0 },
    end: { line: lengths.length - 1, character: lengths.at(-1)! },
  };
  const actions = settled('doCodeActions', () => service.doCodeActions(document, whole, echoed));
  seen.fixes += actions.length;
  for (const action of actions) {
    assert.strictEqual(action.kind, 'quickfix', action.title);
    assert.ok(action.title.length > 0);
    const changes = action.edit?.changes ?? {};
    assert.deepStrictEqual(
      Object.keys(changes),
      [document.uri],
      `${action.title}: edits another document`,
    );
    for (const edit of changes[document.uri])
      assertRangeInside(text, edit.range, `${action.title} edit`);
    for (const fixed of action.diagnostics ?? []) {
      assert.ok(
        echoed.some((d) => JSON.stringify(d) === JSON.stringify(fixed)),
        `${action.title}: fixes a diagnostic it was not given`,
      );
    }
  }

  service.forget(document.uri);
}

describe('The language service on any document (property)', function () {
  this.timeout(30_000);
  beforeEach(resetSeen);

  it('holds up on random strings: binary code units, grammar-shaped noise, bare line ends', () => {
    fc.assert(
      fc.property(randomText, language, positions, (text, languageId, ps) =>
        exercise(languageId, text, ps),
      ),
      { numRuns: 400 },
    );
  });

  it('holds up on configurations built from real keywords, vports, members and VIP heads', () => {
    fc.assert(
      fc.property(configText, language, positions, (text, languageId, ps) =>
        exercise(languageId, text, ps),
      ),
      { numRuns: 300 },
    );
    assert.ok(seen.fixes > 0, 'no configuration drew a quick fix');
  });

  it('holds up on axdebug dumps with random fields, masked addresses and missing spaces', () => {
    fc.assert(
      fc.property(captureText, language, positions, (text, languageId, ps) =>
        exercise(languageId, text, ps),
      ),
      { numRuns: 300 },
    );
    assert.ok(seen.hovers > 0 && seen.diagnostics > 0, `only ${JSON.stringify(seen)} answers`);
  });

  it("holds up on the seed's files with lines deleted, duplicated, swapped, truncated and typed into", () => {
    fc.assert(
      fc.property(mutatedSeed(), language, positions, (text, languageId, ps) =>
        exercise(languageId, text, ps),
      ),
      { numRuns: 300 },
    );
    assert.ok(
      seen.hovers > 0 && seen.diagnostics > 0 && seen.fixes > 0,
      `only ${JSON.stringify(seen)} answers`,
    );
  });

  it('holds up when a dump meets a configuration: findings, hovers, fixes, the report and the diagram', () => {
    let joined = 0;
    fc.assert(
      fc.property(
        fc.oneof(captureText, mutatedSeed()),
        fc.oneof(configText, mutatedSeed()),
        fc.array(fc.integer({ min: -5, max: 400 }), { maxLength: 12 }),
        (dumpText, configurationText, rows) => {
          const config = documentOf('balancer-config', configurationText);
          const service = createLanguageService({ workspace: { configDocuments: () => [config] } });
          const dump = documentOf('balancer-capture', dumpText);
          const diagnostics = settled('doValidation', () => service.doValidation(dump));
          for (const diagnostic of diagnostics)
            assertWellFormedDiagnostic(dumpText, dump.uri, diagnostic, {
              [config.uri]: configurationText,
            });
          for (const line of lineLengths(dumpText).keys())
            settled('doHover', () => service.doHover(dump, { line, character: 0 }));
          const echoed = JSON.parse(JSON.stringify(diagnostics)) as Diagnostic[];
          const everywhere = {
            start: { line: 0, character: 0 },
            end: { line: dump.lineCount, character: 0 },
          };
          for (const action of settled('doCodeActions', () =>
            service.doCodeActions(dump, everywhere, echoed),
          )) {
            joined += 1;
            // A capture's fix edits the configuration, inside its text, and nothing else.
            assert.deepStrictEqual(
              Object.keys(action.edit?.changes ?? {}),
              [config.uri],
              action.title,
            );
            for (const edit of action.edit!.changes![config.uri])
              assertRangeInside(configurationText, edit.range, action.title);
          }
          const report = settled('explainCapture', () =>
            service.explainCapture(dump, { linksRelativeTo: 'file:///' }),
          );
          assert.ok(typeof report === 'string' && report.startsWith('# Capture report'));
          const diagram = settled('getFlowDiagram', () => service.getFlowDiagram(dump));
          assert.ok('error' in diagram || Array.isArray(diagram.rows));
          const answered = settled('getFlowDiagramRows', () =>
            service.getFlowDiagramRows(dump, rows),
          );
          assert.ok('error' in answered || answered.length === rows.length);
        },
      ),
      { numRuns: 200 },
    );
    assert.ok(joined > 0, 'no dump drew a fix of its configuration');
  });

  it('gives the same findings and hovers whatever the line ends (LF, CRLF, CR)', () => {
    const linesOf = fc
      .oneof(configText, captureText, mutatedSeed())
      .map((t) => t.split(/\r\n|\r|\n/));
    fc.assert(
      fc.property(linesOf, language, (lines, languageId) => {
        const service = createLanguageService();
        const [lf, crlf, cr] = ['\n', '\r\n', '\r'].map((end) =>
          documentOf(languageId, lines.join(end)),
        );
        // Positions are lines and characters, so they do not depend on the line end; uris do,
        // and so does the text a fix inserts (it is written in the document's own line end).
        const seen = (document: typeof lf): unknown => ({
          diagnostics: JSON.parse(
            JSON.stringify(service.doValidation(document))
              .replaceAll(document.uri, 'URI')
              .replaceAll('\\r\\n', '\\n')
              .replaceAll('\\r', '\\n'),
          ) as unknown,
          hovers: lines.map((_, line) => service.doHover(document, { line, character: 0 })),
        });
        const expected = seen(lf);
        assert.deepStrictEqual(seen(crlf), expected, 'CRLF differs from LF');
        assert.deepStrictEqual(seen(cr), expected, 'CR differs from LF');
      }),
      { numRuns: 200 },
    );
  });

  it('answers the same for a document whatever was asked before (the parse cache changes nothing)', () => {
    fc.assert(
      fc.property(anyText, language, (text, languageId) => {
        const cached = createLanguageService();
        const document = documentOf(languageId, text);
        cached.doHover(document, { line: 0, character: 0 });
        const first = cached.doValidation(document);
        assert.deepStrictEqual(cached.doValidation(document), first);
        assert.deepStrictEqual(createLanguageService().doValidation(document), first);
      }),
      { numRuns: 200 },
    );
  });

  it('ignores fix data the editor mangled instead of throwing', () => {
    const mangled = fc.record({
      range: fc.constant({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }),
      message: fc.string(),
      code: fc.constantFrom('lbconf/missing-others-vport', 'lbcap/one-way-esp', 42, undefined),
      data: fc.oneof(
        fc.anything(),
        fc.record({ vip: fc.anything(), edit: fc.anything() }),
        fc.record({
          vip: fc.string(),
          edit: fc.record({ newText: fc.anything(), range: fc.anything() }),
        }),
      ),
    });
    fc.assert(
      fc.property(fc.array(mangled, { maxLength: 4 }), language, (diagnostics, languageId) => {
        const document = documentOf(languageId, SEED_VIP);
        const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        const actions = createLanguageService().doCodeActions(document, zero, diagnostics);
        for (const action of actions) {
          for (const edit of action.edit?.changes?.[document.uri] ?? [])
            assert.strictEqual(typeof edit.newText, 'string');
        }
      }),
      { numRuns: 300 },
    );
  });

  describe('hostile names in Markdown (property)', () => {
    /** Markdown in which no user text made HTML or a link, but links to the documents named. */
    function assertNoInjection(
      markdown: string,
      documents: readonly string[],
      where: string,
    ): string {
      const { links, html, text } = rendered(markdown);
      assert.deepStrictEqual(html, [], `${where}: HTML in\n${markdown}`);
      const foreign = links.filter((link) => !documents.some((uri) => link.startsWith(uri)));
      assert.deepStrictEqual(foreign, [], `${where}: a link from user text in\n${markdown}`);
      return text;
    }

    /** The hovers on every word of every line (its first character and its middle). */
    function hoversOf(
      service: ReturnType<typeof createLanguageService>,
      text: string,
      document: ReturnType<typeof documentOf>,
    ): { line: number; markdown: string }[] {
      const hovers: { line: number; markdown: string }[] = [];
      text.split('\n').forEach((content, line) => {
        for (const word of content.matchAll(/\S+/g)) {
          for (const character of [word.index, word.index + (word[0].length >> 1)]) {
            const hover = settled('doHover', () => service.doHover(document, { line, character }));
            if (hover) hovers.push({ line, markdown: (hover.contents as { value: string }).value });
          }
        }
      });
      return hovers;
    }

    it('shows a hostile name whole in a configuration hover, and no hover holds a link or HTML', () => {
      let named = 0;
      fc.assert(
        fc.property(hostileName, (name) => {
          const text = [
            `ip nat pool ${name} 210.21.1.10 210.21.1.12 netmask /24`,
            `slb server ${name} 10.0.0.1`,
            '   port 80 tcp',
            '   ```',
            `   ${name}`,
            `slb service-group ${name} tcp`,
            `    member ${name} 80`,
            `slb virtual-server ${name} 10.0.0.100`,
            '   port 80 tcp',
            `      service-group ${name}`,
            `      source-nat pool ${name}`,
          ].join('\n');
          const document = documentOf('balancer-config', text);
          const service = createLanguageService({
            workspace: { configDocuments: () => [document] },
          });
          for (const { line, markdown } of hoversOf(service, text, document)) {
            const shown = assertNoInjection(markdown, [], `hover on line ${line}`);
            // A hover on the server's name (or its use) shows it as written.
            if (line === 1 && markdown.startsWith('**server**')) {
              named += 1;
              assert.ok(
                shown.includes(name),
                `the server ${JSON.stringify(name)} is not shown whole in\n${markdown}`,
              );
            }
          }
        }),
        { numRuns: 150 },
      );
      assert.ok(named > 100, `only ${named} hovers named the server`);
    });

    it('shows a hostile host and virtual server name whole in a packet hover and the report, linking only to the files', () => {
      let named = 0;
      fc.assert(
        fc.property(hostileName, hostileName, (host, vip) => {
          const config = documentOf(
            'balancer-config',
            fixture('config/acos2-wildcard.a10.cfg').replace(
              'slb virtual-server _wildcard_vserver ',
              () => `slb virtual-server ${vip} `,
            ),
          );
          const service = createLanguageService({ workspace: { configDocuments: () => [config] } });
          const text = [
            ...fixture('seed/capture-before-fix.axdebug.txt')
              .split(/\r?\n/)
              .filter((l) => l !== ''),
            `@23049000 i( 1, 100, 20000)> ip ${host} > 10.1.1.254 udp 500 > 500`,
          ].join('\n');
          const dump = documentOf('balancer-capture', text);
          const uris = [dump.uri, config.uri];
          // A packet's hover is the same on every word of its line: one position a line.
          const packetHovers = text.split('\n').map((_, line) => ({
            line,
            hover: settled('doHover', () => service.doHover(dump, { line, character: 0 })),
          }));
          for (const { line, hover } of packetHovers) {
            if (!hover) continue;
            const markdown = (hover.contents as { value: string }).value;
            const shown = assertNoInjection(markdown, uris, `packet hover on line ${line}`);
            if (markdown.includes('**Configuration:** through virtual server')) {
              named += 1;
              assert.ok(
                shown.includes(vip),
                `the VIP ${JSON.stringify(vip)} is not shown whole in\n${markdown}`,
              );
            }
          }
          const report = settled('explainCapture', () => service.explainCapture(dump))!;
          const shown = assertNoInjection(report, uris, 'the report');
          assert.ok(
            shown.includes(vip),
            `the VIP ${JSON.stringify(vip)} is not shown whole in the report:\n${report}`,
          );
          const f5 = documentOf(
            'balancer-capture',
            `12:00:02.000001 IP ${host}.500 > 203.0.113.9.500: isakmp: phase 1 I ident in slot1/tmm0 lis=/Common/${vip}`,
          );
          const hover = settled('doHover', () => service.doHover(f5, { line: 0, character: 3 }));
          if (hover) {
            const f5Shown = assertNoInjection(
              (hover.contents as { value: string }).value,
              uris,
              'F5 hover',
            );
            assert.ok(
              f5Shown.includes(`/Common/${vip}`),
              `the listener is not shown whole in\n${(hover.contents as { value: string }).value}`,
            );
          }
        }),
        { numRuns: 40 },
      );
      assert.ok(named > 30, `only ${named} hovers named the VIP`);
    });
  });
});
