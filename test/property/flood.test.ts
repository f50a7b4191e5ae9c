// No document floods the Problems view: a capture never gets more than MAX_DIAGNOSTICS findings,
// however many problems it holds (findings of one kind are summed up past a few), and a
// configuration gets one finding per object at fault, never more. Speed is for bench/.
import * as assert from 'assert';
import fc from 'fast-check';
import { createLanguageService } from '../../server/src/service';
import {
  anyText,
  captureLine,
  configLine,
  documentOf,
  joined,
  LANGUAGES,
  packetLine,
  settled,
  virtualServerBlock,
} from './documents';

/** More findings than this in one document is a flood nobody reads. */
const MAX_DIAGNOSTICS = 100;

const language = fc.constantFrom(...LANGUAGES);

function diagnosticsOf(languageId: string, text: string): number {
  return createLanguageService().doValidation(documentOf(languageId, text)).length;
}

/** The kinds of problem a document may hold many of. */
const PROBLEM_KINDS = [
  'VIPs without port 0 others',
  'one-way SAs',
  'untranslated inside hosts',
  'ICMP errors',
  'runs of unreadable lines',
] as const;

/**
 * `count` problems of one kind, each distinct from the others (another VIP, SPI, peer or inside
 * host), so no rule may merge them: the worst case for a flood.
 */
function distinctProblems(
  kind: (typeof PROBLEM_KINDS)[number],
  count: number,
): { languageId: string; text: string } {
  const lines: string[] = [];
  const octets = (i: number): string => `${(i >> 8) & 255}.${i & 255}`;
  for (let i = 0; i < count; i++) {
    const id = (0x1000 + i).toString(16);
    switch (kind) {
      case 'VIPs without port 0 others':
        lines.push(`vip_${i}(A) 210.21.${octets(i)}`, 'port 0 udp', 'member:vpn_udp 0/udp');
        break;
      case 'one-way SAs':
        lines.push(
          `@${i} o( 6, 0, ${id})> ip 210.21.1.1 > 8.8.${octets(i)} esp spi=0x${id} seq=0x1`,
        );
        break;
      case 'untranslated inside hosts':
        lines.push(
          `@${i} i( 1, 100, ${id})> ip 10.1.${octets(i)} > 8.8.8.8 gre`,
          `@${i} o( 6, 0, ${id})> ip 10.1.${octets(i)} > 8.8.8.8 gre`,
        );
        break;
      case 'ICMP errors':
        lines.push(
          `@${i} o( 6, 0, ${id})> ip 183.62.1.1 > 8.8.${octets(i)} icmp echo (ping) request seq=${i}`,
          `@${i + 1} o( 1, 0, e${id})> ip 8.8.${octets(i)} > 183.62.1.1 icmp type=11 code=0`,
        );
        break;
      case 'runs of unreadable lines':
        lines.push(`garbage ${i}`, `@${i} o( 6, 0, ${id})> ip 183.62.1.1 > 8.8.8.8 udp 500 > 500`);
        break;
    }
  }
  return {
    languageId: kind === 'VIPs without port 0 others' ? 'balancer-config' : 'balancer-capture',
    text: lines.join('\n'),
  };
}

describe('No flood, no stall (property)', function () {
  this.timeout(60_000);

  it(`gives at most ${MAX_DIAGNOSTICS} diagnostics for any generated document`, () => {
    const long = fc.oneof(
      joined(fc.array(captureLine, { minLength: 100, maxLength: 600 })),
      joined(
        fc
          .array(
            fc.oneof(
              virtualServerBlock,
              configLine.map((l) => [l]),
            ),
            { minLength: 50, maxLength: 200 },
          )
          .map((parts) => parts.flat()),
      ),
    );
    fc.assert(
      fc.property(fc.oneof(anyText, long), language, (text, languageId) => {
        const count = diagnosticsOf(languageId, text);
        assert.ok(count <= MAX_DIAGNOSTICS, `${count} diagnostics`);
      }),
      { numRuns: 300 },
    );
  });

  for (const kind of PROBLEM_KINDS) {
    const title =
      kind === 'VIPs without port 0 others'
        ? `gives exactly one diagnostic per VIP for any number of ${kind}`
        : `gives at most ${MAX_DIAGNOSTICS} diagnostics for any number of distinct ${kind}`;
    it(title, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 400 }), (count) => {
          const { languageId, text } = distinctProblems(kind, count);
          const diagnostics = diagnosticsOf(languageId, text);
          if (languageId === 'balancer-config') {
            // Each VIP is its own object to fix (and has its own quick fix): one finding each.
            assert.strictEqual(diagnostics, count, `${count} ${kind}: ${diagnostics} diagnostics`);
          } else {
            assert.ok(
              diagnostics <= MAX_DIAGNOSTICS,
              `${count} ${kind}: ${diagnostics} diagnostics`,
            );
          }
        }),
        { numRuns: 40 },
      );
    });
  }

  it('answers a hover on any line of a 5 000-line dump', () => {
    fc.assert(
      fc.property(
        fc.array(packetLine, { minLength: 5_000, maxLength: 5_000 }),
        fc.array(fc.nat(4_999), { minLength: 20, maxLength: 20 }),
        (ls, hovered) => {
          const service = createLanguageService();
          const document = documentOf('balancer-capture', ls.join('\n'));
          service.doValidation(document);
          for (const line of hovered)
            settled(`hover on line ${line}`, () =>
              service.doHover(document, { line, character: 0 }),
            );
        },
      ),
      { numRuns: 5 },
    );
  });
});
