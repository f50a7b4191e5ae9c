// Documents for the property tests, and the checks every answer of the service must pass.
// Three sources of text: random strings, lines built from the real vocabulary of both languages
// (config keywords, vports, members, VIP heads, axdebug packet lines with random fields, masked
// addresses, missing spaces, every line end), and the seed's files mutated line by line.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import { type BenchDialect, writeDump } from '../../bench/captureDumps';

/** The two languages of the extension. */
export const LANGUAGES = ['balancer-config', 'balancer-capture'] as const;

import { fixture } from '../paths';

export { fixture, repoRoot } from '../paths';

/** A dump of `lines` lines made like a real one, as the benches make theirs (bench/captureDumps.ts). */
export function generatedDump(dialect: BenchDialect, lines: number, seed?: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-dump-'));
  try {
    const file = path.join(dir, `${dialect}.txt`);
    writeDump(file, dialect, lines, seed);
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The seed's four files and the two running-configs, by name. */
export const SEEDS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'seed/vip-before-fix.summary.txt',
    'seed/vip-after-fix.summary.txt',
    'seed/capture-before-fix.axdebug.txt',
    'seed/capture-after-fix.axdebug.txt',
    'config/acos2-wildcard.a10.cfg',
    'config/acos4-inbound.a10.cfg',
  ].map((name) => [name, fixture(name)]),
);

let uriCount = 0;
/** A document with a uri of its own, so the service's per-uri cache never mixes two texts. */
export function documentOf(languageId: string, text: string, version = 1): TextDocument {
  uriCount += 1;
  return TextDocument.create(`file:///property/${uriCount}`, languageId, version, text);
}

// ---------------------------------------------------------------------------------------------
// Line ends and joining

/** The three line ends a pasted document may use. */
export const lineEnd = fc.constantFrom('\n', '\r\n', '\r');

/** Joins lines with one line end throughout or a random one per line, with or without a final one. */
export function joined(lines: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return fc
    .tuple(
      lines,
      fc.oneof(lineEnd, fc.array(lineEnd, { minLength: 1, maxLength: 8 })),
      fc.boolean(),
    )
    .map(([ls, ends, final]) => {
      const endAt = (i: number): string =>
        typeof ends === 'string' ? ends : ends[i % ends.length];
      return ls.map((l, i) => l + (i < ls.length - 1 || final ? endAt(i) : '')).join('');
    });
}

/** Small damage a pasted line suffers: a space lost, a comment added, a tab for spaces. */
function roughened(line: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      line,
      fc.constantFrom('none', 'squeeze', 'comment', 'tab', 'trailing', 'upper'),
      fc.nat(),
    )
    .map(([l, how, n]) => {
      switch (how) {
        case 'squeeze': {
          const spaces = [...l.matchAll(/ /g)].map((m) => m.index);
          if (spaces.length === 0) return l;
          const at = spaces[n % spaces.length];
          return l.slice(0, at) + l.slice(at + 1);
        }
        case 'comment':
          return `${l} ! note ${n % 10}`;
        case 'tab':
          return l.replace(/^ +/, '\t');
        case 'trailing':
          return `${l}   `;
        case 'upper':
          return l.toUpperCase();
        default:
          return l;
      }
    });
}

// ---------------------------------------------------------------------------------------------
// Balancer configuration

const INDENTS = ['', '  ', '   ', '    ', '      '];

const CONFIG_HEADS = [
  'slb virtual-server _wildcard_vserver 0.0.0.0',
  'slb virtual-server vip_vpn 210.21.1.10',
  'slb virtual-server vip_vpn',
  'slb virtual-server',
  'vip_210.21.*.*(A) 210.21.*.*',
  'vip_1.2.3.4(A) 1.2.3.4',
  'vip_1.2.3.4(D) 1.2.3.4',
  'vip_vpn(A) 210.21.1.10',
  'vip_x(A)',
  'slb server GW_IP 10.2.2.254',
  'slb service-group vpn_udp udp',
  'slb service-group vpn_tcp tcp',
  'ip nat pool SNAT_IP 10.2.2.100 10.2.2.100 netmask /24',
  'hostname LLB-1',
  'end',
  '!',
  '!version 2.6.1-GR1-P5, build 64',
  '!Current configuration: 1187 bytes',
];

const VPORTS = [
  'port 0 udp',
  'port 0  udp',
  'port 0 tcp',
  'port 0  tcp',
  'port 0 others',
  'port 0  others',
  'port 0 UDP',
  'port 00 udp',
  'port 0',
  'port',
  'port 80 http',
  'port 443 https',
  'port 0 udp range 10',
  'port x udp',
  'port 500 udp',
];

const VPORT_CHILDREN = [
  'member:vpn_udp 0/udp',
  'member:vpn_tcp 0/tcp',
  'member:vpn_udp 0/others',
  'member:x 0/udp',
  'member:',
  'service-group vpn_udp',
  'service-group vpn_tcp',
  'source-nat pool SNAT_IP',
  'no-dest-nat',
  'use-rcv-hop-for-resp',
  'template udp udp_120',
  'template tcp idle_300',
  'name _wildcard_vserver_UDP',
  'member GW_IP:0',
  'member FW_OUTSIDE 0',
  'no health-check',
  'health-check-disable',
  'enable',
  'aflex a',
];

/** One configuration line from the vocabulary, at any of the indentations ACOS writes. */
export const configLine: fc.Arbitrary<string> = roughened(
  fc
    .tuple(
      fc.constantFrom(...INDENTS),
      fc.oneof(
        fc.constantFrom(...CONFIG_HEADS),
        fc.constantFrom(...VPORTS),
        fc.constantFrom(...VPORT_CHILDREN),
      ),
    )
    .map(([indent, text]) => indent + text),
);

/**
 * A virtual server block as users write it: a head, then vports with members or vport lines,
 * indented in one ACOS style (summary: none; ACOS 2: 3/6; ACOS 4: 2/4) or a random one.
 */
export const virtualServerBlock: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.constantFrom(
      'vip_210.21.*.*(A) 210.21.*.*',
      'vip_1.2.3.4(A) 1.2.3.4',
      'slb virtual-server _wildcard_vserver 0.0.0.0',
      'slb virtual-server vip_vpn 210.21.1.10',
      'vip_vpn(A) 210.21.1.10',
    ),
    fc.constantFrom<[string, string]>(['', ''], ['   ', '      '], ['  ', '    '], ['   ', '    ']),
    fc.array(
      fc.tuple(
        fc.constantFrom(...VPORTS),
        fc.array(fc.constantFrom(...VPORT_CHILDREN), { maxLength: 4 }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    fc.boolean(),
  )
  .map(([head, [vportIndent, childIndent], vports, bang]) => {
    const form = head.startsWith('slb') ? 'cli' : 'summary';
    const [vi, ci] =
      form === 'summary' ? ['', ''] : [vportIndent || '   ', childIndent || '      '];
    return [
      head,
      ...vports.flatMap(([vport, children]) => [vi + vport, ...children.map((c) => ci + c)]),
      ...(bang ? ['!'] : []),
    ];
  });

/** A configuration document: blocks and loose lines from the vocabulary. */
export const configText: fc.Arbitrary<string> = joined(
  fc
    .array(
      fc.oneof(
        virtualServerBlock,
        configLine.map((l) => [l]),
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.flat()),
);

// ---------------------------------------------------------------------------------------------
// axdebug captures

const ADDRESSES = [
  '10.1.1.254',
  '183.62.*.*',
  '183.62.8.14',
  '*.*.*.*',
  '210.21.*.*',
  '192.168.0.108',
  '172.16.0.1',
  '8.8.8.8',
  '10.*.*.*',
  'fe80::1',
];

const espDetails = fc
  .tuple(fc.constantFrom('7eb7fb45', '50a5abe3', '8dcc49fe', '1'), fc.nat(300))
  .map(([spi, seq]) => `esp spi=0x${spi} seq=0x${seq.toString(16)}`);

const tcpDetails = fc
  .tuple(
    fc.constantFrom(22518, 2614, 1521, 60641, 6753, 80),
    fc.constantFrom(1521, 22518, 2614, 443),
    fc.constantFrom('S', 'S.', '.', 'P.', 'F.', 'R', 'SEWU'),
    fc.constantFrom('192198c5', '0', 'ffffffff'),
    fc.nat(1500),
  )
  .map(([sp, dp, flags, seq, len]) => `tcp ${sp} > ${dp} ${flags} ${seq}:0(${len})`);

const icmpDetails = fc.oneof(
  fc
    .tuple(fc.constantFrom('request', 'reply'), fc.constantFrom(7948, 8048, 5496))
    .map(([kind, seq]) => `icmp echo (ping) ${kind} seq=${seq}`),
  fc
    .tuple(
      fc.constantFrom(0, 3, 4, 5, 8, 11, 12, 99),
      fc.constantFrom(0, 1, 2, 3, 4, 9, 10, 13, 77),
    )
    .map(([type, code]) => `icmp type=${type} code=${code}`),
);

const otherDetails = fc.constantFrom(
  'udp 500 > 500',
  'udp 4500 > 4500',
  'udp 500 >',
  'gre',
  'ah spi=0x1',
  'arp who-has 10.1.1.1',
  'esp',
  'esp spi=zz',
  'tcp',
  'tcp 1 > 2',
  'icmp',
  'icmp echo (ping) request',
  'x-y z',
);

/** One axdebug packet line with fields drawn from small pools, so copies pair up and flows form. */
export const packetLine: fc.Arbitrary<string> = fc
  .record({
    tick: fc.constantFrom(23047990, 23048280, 1777313, 1, 0),
    direction: fc.constantFrom('i', 'o'),
    port: fc.constantFrom(1, 6, 2),
    aux: fc.constantFrom(100, 0),
    id: fc.constantFrom('10109', '168df', 'f17f', 'c2f9', '1f426', 'A'),
    src: fc.constantFrom(...ADDRESSES),
    dst: fc.constantFrom(...ADDRESSES),
    details: fc.oneof(espDetails, tcpDetails, icmpDetails, otherDetails),
    squeeze: fc.constantFrom('', 'src>', '>dst', 'both', 'head'),
  })
  .map(({ tick, direction, port, aux, id, src, dst, details, squeeze }) => {
    const arrow =
      squeeze === 'src>'
        ? `${src}> ${dst}`
        : squeeze === '>dst'
          ? `${src} >${dst}`
          : squeeze === 'both'
            ? `${src}>${dst}`
            : `${src} > ${dst}`;
    const head =
      squeeze === 'head'
        ? `@${tick}${direction}(${port},${aux},${id})>`
        : `@${tick} ${direction}( ${port}, ${aux}, ${id})>`;
    return `${head} ip ${arrow} ${details}`;
  });

const SESSION_LINES = [
  'LLB-1#axdebug',
  'LLB-1(axdebug)#filter 1',
  'LLB-1(axdebug)#ip 10.1.1.254 /32',
  'LLB-1(axdebug)#capture brief',
  'capture detail',
  '0x0000:  4500 0054 0000 4000 4001 a1b2',
  '# a comment',
  'exit',
  '',
  '   ',
  'Total packets captured: 18',
];

/** A capture line: mostly packets, sometimes the session around them, sometimes damage. */
export const captureLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: packetLine },
  { weight: 2, arbitrary: fc.constantFrom(...SESSION_LINES) },
  { weight: 1, arbitrary: roughened(packetLine) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

/** A capture document. */
export const captureText: fc.Arbitrary<string> = joined(fc.array(captureLine, { maxLength: 40 }));

// ---------------------------------------------------------------------------------------------
// Random text and mutated seeds

/** The characters both grammars care about, so random strings often come close to real lines. */
const SIGNIFICANT = fc.constantFrom(
  ...'@io(),>ip.*:!/ 0123456789abcdefxtcpudpesportsmember_vAD=\t\r\n'.split(''),
  'port',
  'vip_',
  '(A)',
  ' > ',
  'esp spi=0x',
  'icmp type=',
);

/** Random text: any code units (lone surrogates and NULs included), or grammar-shaped noise. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: SIGNIFICANT, maxLength: 120 }),
  fc.string({ unit: fc.constantFrom('\r', '\n', ' ', '!', '\u2028', '\u0085'), maxLength: 30 }),
);

/** One way to damage a document, applied line by line. */
type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'truncate'; at: number; keep: number }
  | { kind: 'insert'; at: number; column: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), keep: fc.nat(80) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    column: fc.nat(80),
    text: fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.constantFrom(' ', '!', '\t', '(A)', '>', '\r', 'others'),
    ),
  }),
);

function mutate(lines: string[], m: Mutation): string[] {
  if (lines.length === 0) return lines;
  const out = [...lines];
  const at = m.at % out.length;
  switch (m.kind) {
    case 'delete':
      out.splice(at, 1);
      break;
    case 'duplicate':
      out.splice(at, 0, out[at]);
      break;
    case 'swap': {
      const other = m.with % out.length;
      [out[at], out[other]] = [out[other], out[at]];
      break;
    }
    case 'truncate':
      out[at] = out[at].slice(0, m.keep);
      break;
    case 'insert': {
      const column = m.column % (out[at].length + 1);
      out[at] = out[at].slice(0, column) + m.text + out[at].slice(column);
      break;
    }
  }
  return out;
}

/** A seed file, damaged by a few mutations and joined with any line ends. */
export function mutatedSeed(names: readonly string[] = Object.keys(SEEDS)): fc.Arbitrary<string> {
  return joined(
    fc
      .tuple(fc.constantFrom(...names), fc.array(mutation, { maxLength: 6 }))
      .map(([name, mutations]) => mutations.reduce(mutate, SEEDS[name].split(/\r\n|\r|\n/))),
  );
}

/**
 * A name as hostile to Markdown as one word can be: backticks (runs of one to four), link and
 * image syntax, HTML, entities, emphasis, tables, math and icons, and what a preview links by
 * itself (`https://`, `//host`, `www.`, `user@host`). No space and no `!` (a configuration
 * comment): it stays one name of a configuration, one host or listener name of a dump.
 */
export const hostileName: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom(
      '`',
      '``',
      '```',
      '````',
      '[x](https://evil.example/)',
      '[',
      ']',
      '(',
      ')',
      '<img/src=x/onerror=alert(1)>',
      '<b>',
      '&amp;',
      '&lt;',
      '*',
      '**',
      '_',
      '~~',
      '$x$',
      '$(zap)',
      '|',
      '\\',
      '#',
      '>',
      'https://evil.example',
      '//evil.example',
      'www.evil.example',
      'ops@evil.example',
      'mailto:ops',
      'javascript:alert(1)',
      'web',
      '1.',
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** Every kind of document the service may be handed. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  randomText,
  configText,
  captureText,
  mutatedSeed(),
);

// ---------------------------------------------------------------------------------------------
// What every answer must look like

/** The length of each line of a text, without its line end, split as LSP splits lines. */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function assertPosition(lengths: readonly number[], position: Position, what: string): void {
  const { line, character } = position;
  assert.ok(
    Number.isInteger(line) && Number.isInteger(character),
    `${what}: ${JSON.stringify(position)} is not integral`,
  );
  assert.ok(
    line >= 0 && line < lengths.length,
    `${what}: line ${line} is outside the document's ${lengths.length} lines`,
  );
  assert.ok(
    character >= 0 && character <= lengths[line],
    `${what}: character ${character} is outside line ${line} (${lengths[line]} characters)`,
  );
}

/** A range whose ends are inside the document, start before end. */
export function assertRangeInside(text: string, range: Range, what: string): void {
  const lengths = lineLengths(text);
  assertPosition(lengths, range.start, `${what} start`);
  assertPosition(lengths, range.end, `${what} end`);
  const ordered =
    range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(ordered, `${what}: ${JSON.stringify(range)} ends before it starts`);
}

/** A diagnostic's message as plain text (LSP 3.18 also allows markup there). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** A diagnostic with a catalogue code, a message, a known severity, and every range inside the document. */
export function assertWellFormedDiagnostic(
  text: string,
  uri: string,
  diagnostic: Diagnostic,
  others: Readonly<Record<string, string>> = {},
): void {
  const what = `diagnostic ${String(diagnostic.code)}`;
  assert.match(String(diagnostic.code), /^lb(conf|cap)\/[a-z-]+$/, what);
  assert.strictEqual(diagnostic.source, 'balancer-lens', what);
  assert.ok(
    [1, 2, 3, 4].includes(diagnostic.severity ?? 0),
    `${what}: severity ${diagnostic.severity}`,
  );
  const message = messageOf(diagnostic);
  assert.ok(message.length > 0, `${what}: empty message`);
  assertRangeInside(text, diagnostic.range, what);
  // Related information lies in this document, or in one of the `others` (uri: text) it joins with.
  for (const related of diagnostic.relatedInformation ?? []) {
    const relatedText = related.location.uri === uri ? text : others[related.location.uri];
    assert.ok(relatedText !== undefined, `${what}: related location in another document`);
    assertRangeInside(relatedText, related.location.range, `${what} related information`);
  }
}

/**
 * Runs one service call and names it in the failure if it throws. A call that never returns is
 * caught by Mocha's timeout: speed itself is measured by the benchmarks in bench/, not here.
 */
export function settled<T>(what: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    assert.fail(
      `${what} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}

/** The capture dumps the repository holds: every fixture of test/fixtures/capture and the examples' dumps. */
export function captureFixtureFiles(): string[] {
  const root = path.join(__dirname, '..', '..', '..');
  return [
    ...fs
      .readdirSync(path.join(root, 'test', 'fixtures', 'capture'))
      .filter((name) => name !== 'README.md')
      .map((name) => path.join(root, 'test', 'fixtures', 'capture', name)),
    ...fs
      .readdirSync(path.join(root, 'examples'))
      .filter((name) => /capture|dump|\.txt$/.test(name) && !name.includes('summary'))
      .map((name) => path.join(root, 'examples', name)),
  ];
}
