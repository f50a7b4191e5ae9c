// A configuration edited keystroke by keystroke is read again only around the edit; whatever the
// edits, what the service then says must be exactly what a fresh read of the same text says:
// lines, blocks, definitions and references with their offsets, and every finding.
import * as assert from 'assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service';
import type { ConfigModel } from '../../server/src/service/config/model';
import { modelOf } from '../../server/src/service/config/model';
import { parseConfig, reparseConfig } from '../../server/src/service/config/parser';
import { configText, fixture, mutatedSeed } from './documents';

const CONFIG = 'balancer-config';

/** Everything a model says, as plain data with offsets and line numbers. */
function facts(model: ConfigModel): unknown {
  const word = (w: { text: string; start: number; end: number }): string =>
    `${w.text}@${w.start}-${w.end}`;
  return {
    lines: model.config.lines.map(
      (l) => `${l.line}:${l.start}-${l.end}:${l.text}|${l.words.map(word).join(' ')}`,
    ),
    blocks: model.config.blocks.map((b) => `${b.head.line}-${b.last.line}`),
    vips: model.config.virtualServers.map(
      (v) => `${v.form} ${word(v.name)} ${v.vports.map((p) => word(p.port)).join(',')}`,
    ),
    whole: model.config.wholeRunningConfig,
    definitions: model.definitions.map((d) => `${d.key} ${word(d.name)} line ${d.line.line}`),
    references: model.references.map((r) => `${r.key} ${word(r.name)} line ${r.line.line}`),
    commands: model.config.lines.map((l) => {
      const c = model.commandAt(l.line);
      return c ? `${c.line.line} ${c.context} ${c.match?.fact.usage ?? '?'}` : '';
    }),
    values: model.values.map((v) => word(v.word)),
    unknown: model.unknown.map((c) => c.line.line),
  };
}

/** One edit: replace `length` characters at `at` (both taken modulo the text) with `text`. */
const edit = fc.record({
  at: fc.nat(),
  length: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(200)),
  text: fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      'x',
      '\n',
      '\r\n',
      '\r',
      '!',
      '\n!\n',
      '  ',
      '   port 0 others\n',
      'slb server s 1.1.1.1\n',
      'vip_x(A) 1.2.3.4\n',
      '\nend\n',
      '0',
      ':',
    ),
    fc.string({ maxLength: 5 }),
  ),
});

/** Configurations large enough to have blocks before and after any edit. */
const documents = fc.oneof(
  configText,
  mutatedSeed(['config/acos2-wildcard.a10.cfg', 'config/acos4-inbound.a10.cfg']),
  fc.constant(fixture('config/real-acos4-adc.a10.cfg')),
);

function applied(text: string, e: { at: number; length: number; text: string }): string {
  const at = text.length === 0 ? 0 : e.at % (text.length + 1);
  return text.slice(0, at) + e.text + text.slice(Math.min(text.length, at + e.length));
}

describe('Reading a configuration again after edits (property)', function () {
  this.timeout(60_000);

  it('gives the same model as a fresh parse, after any series of edits', () => {
    fc.assert(
      fc.property(documents, fc.array(edit, { minLength: 1, maxLength: 8 }), (start, edits) => {
        let text = start;
        let model = modelOf(parseConfig(text));
        for (const e of edits) {
          const next = applied(text, e);
          model = modelOf(reparseConfig(model.config, text, next), model);
          text = next;
          assert.deepStrictEqual(
            facts(model),
            facts(modelOf(parseConfig(text))),
            `after editing into:\n${JSON.stringify(text)}`,
          );
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same findings through the service, version after version, as a fresh service', () => {
    fc.assert(
      fc.property(documents, fc.array(edit, { minLength: 1, maxLength: 5 }), (start, edits) => {
        const service = createLanguageService();
        let document = TextDocument.create('file:///property/edited.a10.cfg', CONFIG, 1, start);
        service.doValidation(document);
        for (const e of edits) {
          document = TextDocument.create(
            document.uri,
            CONFIG,
            document.version + 1,
            applied(document.getText(), e),
          );
          const fresh = TextDocument.create(document.uri, CONFIG, 1, document.getText());
          assert.deepStrictEqual(
            service.doValidation(document),
            createLanguageService().doValidation(fresh),
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
