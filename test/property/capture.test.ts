// Any capture a user may open, in either dialect: tcpdump lines built from the real vocabulary
// (every time stamp form, F5 and -i any marks, -v packets over several lines, NAT copies, IPsec,
// ICMP errors) and damaged at random, and axdebug dumps. Every feature answers without throwing,
// with ranges inside the document; no dump floods the Problems view; and the command line's
// streaming records agree with the editor's analysis, whatever the line ends.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import fc from 'fast-check';
import type { Location, Position } from 'vscode-languageserver-types';
import { createLanguageService, type LineSink } from '../../server/src/service';
import {
  analyseCapture,
  analyseCaptureText,
} from '../../server/src/service/capture/engine/analysis';
import { inspectText, type PacketRecord } from '../../server/src/service/capture/engine/inspect';
import { parseCapture } from '../../server/src/service/capture/reading/parser';
import { eventsOfAnalysis } from '../../server/src/service/capture/engine/packetEvents';
import { ipsecState } from '../../server/src/service/capture/engine/ipsec';
import {
  LinePlaces,
  ReportFolder,
  summaryState,
} from '../../server/src/service/capture/features/reportFacts';
import {
  isCompactCopy,
  parseCaptureCompact,
} from '../../server/src/service/capture/reading/compactCopies';
import { blankCopy, type PacketCopy } from '../../server/src/service/capture/reading/packet';
import type { CaptureAnalysis } from '../../server/src/service/capture/engine/analysis';
import { captureCodeLenses } from '../../server/src/service/capture/features/codeLens';
import { captureDefinition } from '../../server/src/service/capture/features/definition';
import { packetHover } from '../../server/src/service/capture/features/hover';
import { captureSymbols } from '../../server/src/service/capture/features/outline';
import { captureReferences } from '../../server/src/service/capture/features/references';
import {
  checkFactsOf,
  validateCaptureFacts,
} from '../../server/src/service/capture/features/validation';
import {
  buildFlowDiagram,
  type DiagramRow,
  type FlowDiagram,
} from '../../server/src/service/diagram/model';
import { renderDiagramSvg } from '../../server/src/service/diagram/render';
import { LIGHT_PALETTE } from '../../server/src/service/diagram/theme';
import { configAddressNotes } from '../../server/src/service/diagram/configNotes';
import { writeDump } from '../../bench/captureDumps';
import { wholeOutline } from './wholeOutline';
import { runCheck } from '../../server/src/cli/check';
import { inspectFile } from '../../server/src/cli/inspect';
import {
  assertRangeInside,
  assertWellFormedDiagnostic,
  captureFixtureFiles,
  captureText,
  documentOf,
  generatedDump,
  joined,
  settled,
} from './documents';

const ADDRESSES = [
  '10.1.1.254',
  '198.51.100.7',
  '203.0.113.9',
  '192.0.2.80',
  '183.62.*.*',
  '*.*.*.*',
  '2001:db8::1',
  'host.example.com',
];
const PORTS = ['500', '4500', '443', '51000', '2614', 'https', 'isakmp'];

const address = fc.constantFrom(...ADDRESSES);
const end = fc
  .tuple(address, fc.option(fc.constantFrom(...PORTS), { nil: undefined }))
  .map(([a, p]) => (p === undefined ? a : `${a}.${p}`));

const stamp = fc.constantFrom(
  '',
  '12:00:01.000001 ',
  '1424744580.757048 ',
  '2015-02-24 02:23:00.757048 ',
  '    7  12:00:01.000001 ',
  '    8  ',
  ' 00:00:00.000031 ',
);
const mark = fc.constantFrom(
  '',
  '',
  ' in slot1/tmm0 lis=/Common/vs',
  ' out slot1/tmm1 lis=',
  ' out tmm2',
);
const prefix = fc.constantFrom(
  'IP ',
  'IP ',
  'IP6 ',
  'eth0  In  IP ',
  'Out IP ',
  '  B IP ',
  '?     M   IP ',
  '00:50:56:aa:bb:cc > 00:50:56:dd:ee:ff, ethertype IPv4 (0x0800), length 98: ',
);

const body = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('S', 'S.', '.', 'P.', 'F.', 'R', 'R.', 'none'),
      fc.constantFrom('seq 3000000001, ', 'seq 1:101, ', 'seq 100, ', ''),
      fc.constantFrom('ack 1, ', 'ack 3000000002, ', ''),
    )
    .map(
      ([flags, seq, ack]) =>
        `Flags [${flags}], ${seq}${ack}win 502, length ${seq.includes(':') ? 100 : 0}`,
    ),
  fc
    .tuple(fc.constantFrom('0x50a5abe3', '0x8dcc49fe', '0x1'), fc.nat(5))
    .map(([spi, seq]) => `ESP(spi=${spi},seq=0x${seq}), length 132`),
  fc
    .tuple(fc.constantFrom('0x50a5abe3', '0x11111111'), fc.nat(5))
    .map(([spi, seq]) => `UDP-encap: ESP(spi=${spi},seq=0x${seq}), length 116`),
  fc.constantFrom(
    'isakmp: phase 1 I ident',
    'isakmp: phase 1 R ident',
    'NONESP-encap: isakmp: phase 2/others I oakley-quick[E]',
    'isakmp: parent_sa ikev2_init[I]',
    'isakmp 2.0 msgid 00000002: child_sa  child_sa[R]:',
    'isakmp-nat-keep-alive',
    'ICMP echo request, id 7, seq 1, length 64',
    'ICMP echo reply, id 7, seq 1, length 64',
    'ICMP time exceeded in-transit, length 36',
    'ICMP 203.0.113.9 udp port 500 unreachable, length 36',
    'ICMP 203.0.113.9 protocol 50 unreachable, length 36',
    'ICMP6, packet too big, mtu 1280, length 1240',
    'AH(spi=0x00001000,seq=0x1): ESP(spi=0x2,seq=0x1), length 100',
    'GREv0, length 88: IP 192.168.1.1 > 192.168.2.1: ICMP echo request, id 1, seq 1, length 64',
    'S 3000000001:3000000001(0) win 8192 <mss 1460>',
    'S 200:200(0) ack 3000000002 win 5840',
    'P 1:101(100) ack 1 win 502',
    '. ack 1 win 502',
    'R 0:0(0) ack 3000000002 win 0',
    'IP 192.168.1.1 > 192.168.2.1: ICMP echo reply, id 1, seq 1, length 64',
    'UDP, length 40',
    'ip-proto-89 44',
    '4242+ A? example.com. (32)',
    '',
  ),
);

/** One tcpdump packet: a first line, and for -v its indented continuation (an ICMP error's quote too). */
const tcpdumpPacket: fc.Arbitrary<string[]> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(stamp, prefix, end, end, body, mark)
      .map(([s, p, a, b, t, m]) => [`${s}${p}${a} > ${b}: ${t}${m}`]),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        stamp,
        fc.nat(70_000),
        fc.constantFrom('UDP (17)', 'TCP (6)', 'ICMP (1)'),
        end,
        end,
        body,
        fc.boolean(),
      )
      .map(([s, id, proto, a, b, t, quote]) => [
        `${s}IP (tos 0x0, ttl 64, id ${id}, offset 0, flags [none], proto ${proto}, length 60)`,
        `    ${a} > ${b}: ${t}`,
        ...(quote
          ? [
              '\tIP (tos 0x0, ttl 1, id 4242, offset 0, flags [none], proto UDP (17), length 60)',
              `    ${b} > ${a}: UDP, length 12`,
            ]
          : []),
      ]),
  },
  {
    // VXLAN: the frame it carries follows on the next line, neither stamped nor indented.
    weight: 1,
    arbitrary: fc
      .tuple(stamp, end, body)
      .map(([s, a, t]) => [
        `${s}IP ${a} > 192.0.2.80.4789: VXLAN, flags [I] (0x08), vni 4097`,
        `IP 10.9.9.9.40000 > 10.8.8.8.443: ${t}`,
      ]),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string[]>(
      [
        '12:00:01.000001 ARP, Request who-has 10.0.0.9 (ff:ff:ff:ff:ff:ff) tell 10.0.0.1, length 28',
      ],
      ['12:00:01.000001 ARP, Reply 10.0.0.9 is-at 00:50:56:aa:bb:cc, length 28'],
      ['12:00:01.000001 LLDP, length 46'],
      ['tcpdump: verbose output suppressed, use -v or -vv for full protocol decode'],
      ['\t0x0000:  4500 0054 0000 4000 4001 a1b2'],
      ['pasted from a chat window'],
      [''],
    ),
  },
);

/** Small damage a pasted line suffers: cut short, a character typed in, a space lost. */
const damaged = fc
  .tuple(
    tcpdumpPacket,
    fc.constantFrom('none', 'none', 'cut', 'insert', 'squeeze'),
    fc.nat(),
    fc.string({ maxLength: 3 }),
  )
  .map(([lines, how, n, text]) =>
    lines.map((line) => {
      const at = line.length === 0 ? 0 : n % line.length;
      if (how === 'cut') return line.slice(0, at);
      if (how === 'insert') return line.slice(0, at) + text + line.slice(at);
      if (how === 'squeeze') return line.replace(' ', '');
      return line;
    }),
  );

/** A tcpdump dump. */
const tcpdumpText = joined(fc.array(damaged, { maxLength: 40 }).map((packets) => packets.flat()));

/** The example configurations, as the workspace a dump is checked in (their VIPs and pools match the generated addresses). */
const EXAMPLE_CONFIGS = ['llb-acos2.a10.cfg', 'vip-before-fix.summary.txt'].map((name) =>
  documentOf(
    'balancer-config',
    fs.readFileSync(path.join(__dirname, '../../../examples', name), 'utf8'),
  ),
);

/** Streams a dump's lines past each reading a streamed check or report asks for. */
function streamPast(stream: { passes(): Iterable<LineSink> }, lines: readonly string[]): void {
  for (const sink of stream.passes()) {
    for (const line of lines) sink.line(line);
    sink.end();
  }
}

/**
 * A dump's findings two ways, as JSON: checked whole (the editor's analysis, every line kept)
 * and streamed past the service twice (what `check` does with a dump of any size).
 */
function wholeAndStreamed(text: string, withConfigs: boolean): { whole: string; streamed: string } {
  const service = (): ReturnType<typeof createLanguageService> =>
    createLanguageService({
      workspace: { configDocuments: () => (withConfigs ? EXAMPLE_CONFIGS : []) },
    });
  const document = documentOf('balancer-capture', text);
  const whole = JSON.stringify(service().doValidation(document), undefined, 1);
  const check = service().checkCaptureStream(document.uri);
  const lines = text.split(/\r\n|\n|\r/);
  streamPast(check, lines);
  return { whole, streamed: JSON.stringify(check.findings(), undefined, 1) };
}

/**
 * A dump's Explain report two ways: from the whole analysis (the editor's) and streamed past the
 * service two or three times (what `explain` does with a dump of any size).
 */
function reportWholeAndStreamed(
  text: string,
  withConfigs: boolean,
): { whole: string; streamed: string } {
  const service = (): ReturnType<typeof createLanguageService> =>
    createLanguageService({
      workspace: { configDocuments: () => (withConfigs ? EXAMPLE_CONFIGS : []) },
    });
  const document = documentOf('balancer-capture', text);
  const whole = service().explainCapture(document) ?? '';
  const explain = service().explainCaptureStream(document.uri);
  const lines = text.split(/\r\n|\n|\r/);
  streamPast(explain, lines);
  return { whole, streamed: explain.report() };
}

/** Dumps of every kind of traffic the benchmarks use, over many pairing windows, both dialects, and the examples. */
function generatedAndExampleDumps(): string[] {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-streamed-'));
  try {
    const texts = (['axdebug', 'tcpdump'] as const).map((dialect) => {
      const file = path.join(folder, `${dialect}.txt`);
      writeDump(file, dialect, 20_000);
      return fs.readFileSync(file, 'utf8');
    });
    for (const name of ['capture-before-fix.axdebug.txt', 'capture-after-fix.axdebug.txt'])
      texts.push(fs.readFileSync(path.join(__dirname, '../../../examples', name), 'utf8'));
    return texts;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** A view of a diagram as the command line asks for one: filters, and every flow collapsed or none. */
interface CliView {
  readonly flow?: number;
  readonly peer?: number;
  readonly protocol?: string;
  readonly collapse: boolean;
}

/** Mostly nothing, now and then one of `values`. */
const seldom = <T>(values: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: values, weight: 1 });

const cliView: fc.Arbitrary<CliView> = fc.record({
  flow: seldom(fc.integer({ min: 1, max: 6 })),
  peer: seldom(fc.integer({ min: 1, max: 3 })),
  protocol: seldom(fc.constantFrom('tcp', 'udp', 'icmp', 'esp', 'ike', 'ah', '')),
  collapse: fc.boolean(),
});

/**
 * A dump's flow diagram two ways, as the command line writes it: drawn whole (the editor's
 * analysis, renderDiagramSvg) and streamed past the service three times (DiagramStream), in a
 * view, with bands of rows past `maxItems` items; the message instead when there is nothing to
 * draw, and '' when the view names a flow or peer the dump does not have.
 */
function diagramWholeAndStreamed(
  text: string,
  withConfigs: boolean,
  view: CliView,
  maxItems?: number,
): { whole: string; streamed: string } {
  const service = (): ReturnType<typeof createLanguageService> =>
    createLanguageService({
      workspace: { configDocuments: () => (withConfigs ? EXAMPLE_CONFIGS : []) },
    });
  const { collapse, ...filters } = view;
  const diagram = service().getFlowDiagram(documentOf('balancer-capture', text));
  if ('error' in diagram) throw new Error(diagram.error);
  const drawing = service().diagramCaptureStream({
    view: filters,
    collapseAll: collapse,
    maxItems,
  });
  streamPast(drawing, text.split(/\r\n|\n|\r/));
  const streamedDiagram = drawing.diagram();
  const picture = (answer: FlowDiagram, draw: () => string): string => {
    if (answer.message !== undefined) return answer.message;
    if (view.flow !== undefined && !answer.flows.some((f) => f.id === view.flow)) return '';
    if (view.peer !== undefined && !answer.peers.some((p) => p.id === view.peer)) return '';
    return draw();
  };
  return {
    whole: picture(diagram, () =>
      renderDiagramSvg(
        diagram,
        { ...filters, collapsed: collapse ? diagram.flows.map((f) => f.id) : [] },
        { palette: LIGHT_PALETTE, maxItems },
      ),
    ),
    streamed: picture(streamedDiagram, () => drawing.svg(LIGHT_PALETTE)),
  };
}

/** What the report's folded facts say of a dump's peers and lines, and what the whole analysis says. */
function reportFactsBothWays(text: string): { folded: unknown; analysed: unknown } {
  const analysis = analyseCapture(parseCapture(text));
  const lines = new Set(analysis.parsed.copies.flatMap((c) => [c.line, c.endLine]));
  const folder = new ReportFolder();
  const places = new LinePlaces(lines);
  for (const event of eventsOfAnalysis(analysis)) {
    folder.packet(event);
    places.packet(event);
  }
  const facts = folder.finish();
  const lineOf = (copy: { line: number } | undefined): number | undefined => copy?.line;
  const folded = {
    dialect: facts.dialect,
    packets: facts.packets,
    copies: facts.copies,
    flows: facts.flows,
    peers: facts.peers.map((p) => ({
      id: p.id,
      local: p.local,
      remote: p.remote,
      packets: p.packets,
      ike: p.ike,
      ikeFirst: p.ikeFirst,
      natTraversal: p.natTraversal,
      sas: p.sas.map((sa) => [sa.spi, sa.direction, sa.encapsulated, sa.count, sa.first]),
      ah: [p.ah, p.ahFirst],
      state: summaryState(p),
      out: (['IKE', 'ESP', 'AH'] as const).map((kind) => lineOf(p.out.get(kind)?.copies[0])),
    })),
    lines: [...lines].map((line) => {
      const place = places.places.get(line)!;
      return [line, place.src, place.dst, place.peer];
    }),
  };
  const analysed = {
    dialect: analysis.packets[0]?.copies[0].dialect,
    packets: analysis.packets.length,
    copies: analysis.packets.reduce((sum, p) => sum + p.copies.length, 0),
    flows: analysis.flows.length,
    peers: analysis.peers.map((p) => ({
      id: p.id,
      local: p.local,
      remote: p.remote,
      packets: p.packets.length,
      ike: { out: p.ike.out, back: p.ike.back },
      ikeFirst: lineOf(p.ikePackets[0]?.copies[0]),
      natTraversal: lineOf(p.natTraversal),
      sas: p.sas.map((sa) => [
        sa.spi,
        sa.direction,
        sa.encapsulated,
        sa.packets.length,
        sa.packets[0].copies[0].line,
      ]),
      ah: [p.ahPackets.length, lineOf(p.ahPackets[0]?.copies[0])],
      state: ipsecState(p),
      out: [p.ikePackets, p.espPackets, p.ahPackets].map((packets) =>
        lineOf(
          (
            packets.find((q) => p.directionOf(q) === 'out' && q.copies.length > 1) ??
            packets.find((q) => p.directionOf(q) === 'out')
          )?.copies[0],
        ),
      ),
    })),
    // The peer the report files a finding on a line under, before the remote addresses are asked.
    lines: [...lines].map((line) => {
      const copy = analysis.copyAtLine.get(line)!;
      const packet = analysis.packetOf.get(copy)!;
      const answered = analysis.answers.get(packet);
      const peer =
        analysis.peerOf.get(packet)?.id ?? (answered && analysis.peerOf.get(answered)?.id);
      return [line, copy.src, copy.dst, peer];
    }),
  };
  return { folded, analysed };
}

/** Positions on every line of a text. */
function everyLine(text: string): Position[] {
  return text.split(/\r\n|\r|\n/).map((_, line) => ({ line, character: 0 }));
}

function assertLocations(
  text: string,
  uri: string,
  locations: Location | Location[] | null,
  what: string,
): void {
  for (const location of locations === null
    ? []
    : Array.isArray(locations)
      ? locations
      : [locations]) {
    assert.strictEqual(location.uri, uri, `${what}: another document`);
    assertRangeInside(text, location.range, what);
  }
}

/** Every feature on a capture: no throw, every range inside the document. */
function exercise(text: string): void {
  const service = createLanguageService();
  const document = documentOf('balancer-capture', text);
  for (const diagnostic of settled('doValidation', () => service.doValidation(document)))
    assertWellFormedDiagnostic(text, document.uri, diagnostic);
  const symbols = settled('findDocumentSymbols', () => service.findDocumentSymbols(document));
  const walk = (list: typeof symbols): void => {
    for (const symbol of list) {
      assertRangeInside(text, symbol.range, `symbol ${symbol.name}`);
      assertRangeInside(text, symbol.selectionRange, `symbol ${symbol.name} selection`);
      walk(symbol.children ?? []);
    }
  };
  walk(symbols);
  for (const lens of settled('findCodeLenses', () => service.findCodeLenses(document)))
    assertRangeInside(text, lens.range, 'code lens');
  for (const position of everyLine(text)) {
    const hover = settled('doHover', () => service.doHover(document, position));
    if (hover?.range) assertRangeInside(text, hover.range, 'hover');
    assertLocations(
      text,
      document.uri,
      settled('findDefinition', () => service.findDefinition(document, position)),
      'definition',
    );
    assertLocations(
      text,
      document.uri,
      settled('findReferences', () => service.findReferences(document, position, true)),
      'references',
    );
  }
}

/** For each packet copy (1-based line): its flow and the first line of its other copy, as the editor sees them. */
function editorView(text: string): { line: number; flow?: number; pairedWith?: number }[] {
  const analysis = analyseCapture(parseCapture(text));
  return analysis.parsed.copies.map((copy) => {
    const packet = analysis.packetOf.get(copy)!;
    const other = packet.copies.find((c) => c !== copy);
    const pairedWith = other
      ? copy === packet.copies[0]
        ? other.line + 1
        : packet.copies[0].line + 1
      : undefined;
    return { line: copy.line + 1, flow: analysis.flowOf.get(packet)?.id, pairedWith };
  });
}

function streamedView(text: string): { line: number; flow?: number; pairedWith?: number }[] {
  return inspectText(text)
    .filter((r): r is PacketRecord => !('unrecognised' in r))
    .map((r) => ({ line: r.line, flow: r.flow, pairedWith: r.pairedWith }));
}

/**
 * What `inspect FILE --json` prints when two worker threads read the file in pieces of
 * `pieceBytes` and finish its records `draftsPerBlock` at a time.
 */
async function inspectOnThreads(
  file: string,
  pieceBytes: number,
  draftsPerBlock: number,
): Promise<string> {
  let text = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  await inspectFile(
    { file, json: true },
    { stdout, stderr: stdout },
    { threads: 2, pieceBytes, draftsPerBlock },
  );
  return text;
}

describe('Captures of either dialect (property)', function () {
  this.timeout(60_000);

  it('every feature holds up on tcpdump text built from its vocabulary and damaged', () => {
    fc.assert(
      fc.property(tcpdumpText, (text) => exercise(text)),
      { numRuns: 300 },
    );
  });

  it('every feature holds up on axdebug dumps', () => {
    fc.assert(
      fc.property(captureText, (text) => exercise(text)),
      { numRuns: 150 },
    );
  });

  it('the streaming records agree with the editor on flows and pairs, in both dialects', () => {
    fc.assert(
      fc.property(fc.oneof(tcpdumpText, captureText), (text) => {
        assert.deepStrictEqual(streamedView(text), editorView(text));
      }),
      {
        numRuns: 300,
        examples: [
          // Found by a run: one ICMP error packet in three copies (the same axdebug id and tick);
          // the first two find nothing it reports on, the third does, and all three take it.
          [
            [
              '@0 i( 1, 100, A)> ip 10.1.1.254 > 10.1.1.254 icmp type=12 code=0',
              '@23047990 i( 1, 100, 10109)> ip 183.62.8.14 > 10.1.1.254 esp spi=0x7eb7fb45 seq=0x0',
              '@0 i( 1, 100, A)> ip 10.1.1.254 > 10.1.1.254 udp 500 > 500',
              '@0 i( 1, 100, A)> ip 10.1.1.254 > 183.62.8.14 tcp 22518 > 1521 S 192198c5:0(0)',
            ].join('\n'),
          ],
        ],
      },
    );
  });

  it('check streaming a dump finds what the editor finds in the whole dump, with or without configurations', () => {
    fc.assert(
      fc.property(fc.oneof(tcpdumpText, captureText), fc.boolean(), (text, withConfigs) => {
        const { whole, streamed } = wholeAndStreamed(text, withConfigs);
        assert.strictEqual(streamed, whole);
      }),
      { numRuns: 300 },
    );
  });

  it('check and explain streaming find and write what the editor does in generated dumps and the examples', () => {
    const texts = generatedAndExampleDumps();
    let joined = 0;
    let peers = 0;
    for (const text of texts)
      for (const withConfigs of [false, true]) {
        const { whole, streamed } = wholeAndStreamed(text, withConfigs);
        assert.strictEqual(streamed, whole);
        if (whole.includes('The configuration explains it')) joined++;
        const report = reportWholeAndStreamed(text, withConfigs);
        assert.strictEqual(report.streamed, report.whole);
        if (report.whole.includes('## IPsec peer 1:')) peers++;
      }
    assert.ok(joined > 0, 'no finding was joined with a configuration');
    assert.ok(peers > 0, 'no report had an IPsec peer section');
  });

  it('diagram streaming draws the picture the editor draws of the whole dump, in any view, row by row or in bands, with or without configurations', () => {
    fc.assert(
      fc.property(
        fc.oneof(tcpdumpText, captureText),
        fc.boolean(),
        cliView,
        fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 12 })),
        (text, withConfigs, view, maxItems) => {
          const { whole, streamed } = diagramWholeAndStreamed(text, withConfigs, view, maxItems);
          assert.strictEqual(streamed, whole);
        },
      ),
      {
        numRuns: 300,
        examples: [
          // Found by a run: the ICMP error's packet has a later copy (line 3, the same axdebug
          // packet id), so it is tied to the IKE packet on line 2, read after the error's first copy.
          [
            [
              '@0 i( 1, 100, 1f426)> ip 10.1.1.254 > 10.1.1.254 icmp type=4 code=0',
              '@23047990 i( 1, 100, 10109)> ip *.*.*.* > 10.1.1.254 udp 500 > 500',
              '@0 i( 1, 100, 1f426)> ip 10.1.1.254 > *.*.*.* icmp echo (ping) request seq=7948',
            ].join('\n'),
            false,
            { flow: undefined, peer: undefined, protocol: undefined, collapse: false },
            2,
          ],
        ],
      },
    );
  });

  it('diagram streaming draws what the editor draws of generated dumps and the examples: bands, rows one by one, collapsed flows', function () {
    this.timeout(300_000);
    const texts = generatedAndExampleDumps();
    const views: [CliView, boolean][] = [
      [{ collapse: false }, true], // 20,000 packets: bands
      [{ peer: 1, collapse: false }, false], // a peer's rows, one by one
      [{ protocol: 'tcp', collapse: true }, true], // collapsed flows
    ];
    let bands = 0;
    for (const text of texts)
      for (const [view, withConfigs] of views) {
        const { whole, streamed } = diagramWholeAndStreamed(text, withConfigs, view);
        assert.strictEqual(streamed, whole, JSON.stringify(view));
        if (whole.includes('class="row bucket')) bands++;
      }
    assert.ok(bands > 0, 'no picture was drawn in bands');
  });

  it('the report facts folded packet by packet agree with the whole analysis, peer by peer and line by line', () => {
    fc.assert(
      fc.property(fc.oneof(tcpdumpText, captureText), (text) => {
        const { folded, analysed } = reportFactsBothWays(text);
        assert.deepStrictEqual(folded, analysed);
      }),
      {
        numRuns: 300,
        examples: [
          // Found by a run: the ICMP error's first copy is handed out before the IKE packet its
          // second copy reports on; the error's lines take that packet's peer when it comes.
          [
            [
              '@1 i( 1, 100, 1f426)> ip 10.1.1.254 > 10.1.1.254 icmp type=5 code=0',
              '@23047990 i( 1, 100, 10109)> ip *.*.*.* > 10.1.1.254 udp 500 > 500',
              '@1 i( 1, 100, 1f426)> ip 10.1.1.254 > *.*.*.* x-y z',
            ].join('\n'),
          ],
        ],
      },
    );
  });

  it('explain streaming a dump writes the report the editor writes of the whole dump, with or without configurations', () => {
    fc.assert(
      fc.property(fc.oneof(tcpdumpText, captureText), fc.boolean(), (text, withConfigs) => {
        const { whole, streamed } = reportWholeAndStreamed(text, withConfigs);
        assert.strictEqual(streamed, whole);
      }),
      { numRuns: 300 },
    );
  });

  it('the streaming records do not depend on the line ends', () => {
    fc.assert(
      fc.property(
        fc.oneof(tcpdumpText, captureText).map((t) => t.split(/\r\n|\r|\n/)),
        (lines) => {
          const lf = inspectText(lines.join('\n'));
          assert.deepStrictEqual(inspectText(lines.join('\r\n')), lf);
          assert.deepStrictEqual(inspectText(lines.join('\r')), lf);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the command line reads a dump in pieces on threads exactly as line by line', async function () {
    // Each run starts two worker threads: on a slow or busy machine the sixty runs take minutes.
    this.timeout(300_000);
    // Pieces of a few bytes to a few hundred: every boundary, a -v packet cut anywhere, a piece
    // with no line start, the two dialects one after the other (a piece read again in the first);
    // records finished a few at a time, so the blocks come back out of order and are put in order.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-pieces-'));
    const file = path.join(folder, 'dump.txt');
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            tcpdumpText,
            captureText,
            fc.tuple(captureText, tcpdumpText).map(([a, t]) => `${a}\n${t}`),
          ),
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 8 }),
          async (text, pieceBytes, draftsPerBlock) => {
            fs.writeFileSync(file, text);
            const expected = inspectText(text)
              .map((record) => JSON.stringify(record) + '\n')
              .join('');
            // At most some 2,000 pieces: a long dump in one-byte pieces would only be slow.
            const bytes = Math.max(pieceBytes, Math.ceil(Buffer.byteLength(text) / 2000));
            assert.strictEqual(await inspectOnThreads(file, bytes, draftsPerBlock), expected);
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('the command line reads large pieces on threads exactly as line by line, in both dialects and line ends', async () => {
    // Dumps of some 400 KB in pieces of 100 KB: each piece is decoded some tens of kilobytes at a time.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-pieces-'));
    try {
      for (const dialect of ['axdebug', 'tcpdump'] as const) {
        const file = path.join(folder, `${dialect}.txt`);
        writeDump(file, dialect, 4000);
        for (const lineEnd of ['\n', '\r\n']) {
          const text = fs.readFileSync(file, 'utf8').replace(/\n/g, lineEnd);
          fs.writeFileSync(file, text);
          const expected = inspectText(text)
            .map((record) => JSON.stringify(record) + '\n')
            .join('');
          assert.strictEqual(
            await inspectOnThreads(file, 100_000, 1_000),
            expected,
            `${dialect} ${JSON.stringify(lineEnd)}`,
          );
        }
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('check reads the dumps of a folder one at a time: each gets the findings it gets checked alone', async () => {
    // check keeps no dump once it has checked it (the largest dump, not all of them, decides the
    // memory it takes): what it reports of each must not depend on what it read before.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-check-'));
    const findingsOf = async (target: string): Promise<string[]> => {
      let json = '';
      const stdout = new Writable({
        write: (chunk: Buffer, _encoding, callback) => {
          json += chunk.toString('utf8');
          callback();
        },
      });
      const stderr = new Writable({ write: (_chunk, _encoding, callback) => callback() });
      await runCheck(
        ['--format', 'json', '--fail-on', 'never', target],
        { stdout, stderr },
        folder,
      );
      return (JSON.parse(json) as object[]).map((finding) => JSON.stringify(finding));
    };
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(tcpdumpText, captureText), { minLength: 2, maxLength: 4 }),
          async (texts) => {
            fs.rmSync(folder, { recursive: true, force: true });
            fs.mkdirSync(folder);
            const files = texts.map((text, i) => {
              const file = path.join(
                folder,
                `dump${i}.${text.includes('@') ? 'axdebug' : 'tcpdump'}.txt`,
              );
              fs.writeFileSync(file, text);
              return file;
            });
            const alone: string[] = [];
            for (const file of files) alone.push(...(await findingsOf(file)));
            assert.deepStrictEqual((await findingsOf(folder)).sort(), alone.sort());
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('no tcpdump dump gets more than 100 diagnostics, however many problems it holds', () => {
    const manyProblems = fc.integer({ min: 1, max: 300 }).map((count) =>
      Array.from({ length: count }, (_, i) => {
        const peer = `203.0.${(i >> 8) & 255}.${i & 255}`;
        return [
          `12:00:00.${String(i).padStart(6, '0')} IP 10.1.1.254.500 > ${peer}.500: isakmp: phase 1 I ident`,
          `12:00:00.${String(i).padStart(6, '0')} IP ${peer}.500 > 10.1.1.254.500: isakmp: phase 1 R ident`,
          `12:00:00.${String(i).padStart(6, '0')} IP 10.1.1.254 > ${peer}: AH(spi=0x${(i + 1).toString(16)},seq=0x1), length 100 out tmm0`,
          `12:00:00.${String(i).padStart(6, '0')} IP 10.1.1.${i & 255}.${1024 + i} > ${peer}.443: Flags [S], seq ${3_000_000_000 + i}, win 64240, length 0`,
          `12:00:00.${String(i).padStart(6, '0')} IP ${peer}.443 > 10.1.1.${i & 255}.${1024 + i}: Flags [R.], seq 0, ack ${3_000_000_001 + i}, win 0, length 0`,
          `junk ${i}`,
        ].join('\n');
      }).join('\n'),
    );
    fc.assert(
      fc.property(manyProblems, (text) => {
        const count = createLanguageService().doValidation(
          documentOf('balancer-capture', text),
        ).length;
        assert.ok(count <= 100, `${count} diagnostics`);
      }),
      { numRuns: 20 },
    );
  });
});

/** Every field of a copy, read one by one into a plain object (a copy kept as a row has getters, not fields). */
const COPY_FIELDS = Object.keys(blankCopy('axdebug', 0, 0, 0)) as (keyof PacketCopy)[];
function fieldsOf(copy: PacketCopy): Record<string, unknown> {
  return Object.fromEntries(COPY_FIELDS.map((field) => [field, copy[field]]));
}

/** What every capture feature answers from an analysis: findings, outline, lenses, diagram, and per line hover, definition and references. */
function featuresOf(text: string, analysis: CaptureAnalysis): string {
  const document = documentOf('balancer-capture', text);
  const lines = everyLine(text);
  return JSON.stringify({
    findings: validateCaptureFacts(document.uri.replace(/\d+$/, ''), checkFactsOf(analysis)),
    outline: captureSymbols(document, analysis),
    lenses: captureCodeLenses(document, analysis),
    diagram: buildFlowDiagram(analysis, configAddressNotes([])),
    lines: lines.map((position) => ({
      hover: packetHover(analysis, position.line),
      definition: captureDefinition(document, analysis, position),
      references: captureReferences(document, analysis, position, true),
    })),
  }).replace(/file:\/\/\/property\/\d+/g, 'file:///property/N');
}

describe('A dump kept as rows (the editor) reads back as the dialects read it (property)', function () {
  this.timeout(120_000);

  /**
   * The copies read back field for field, and every feature the same from either analysis; and
   * the same of the editor's reading, which analyses the text as it reads it (analyseCaptureText).
   */
  function assertSameReading(text: string): void {
    const whole = parseCapture(text);
    const compact = parseCaptureCompact(text);
    const read = analyseCaptureText(text);
    for (const parsed of [compact, read.parsed]) {
      assert.strictEqual(parsed.copies.length, whole.copies.length);
      parsed.copies.forEach((copy, i) =>
        assert.deepStrictEqual(fieldsOf(copy), fieldsOf(whole.copies[i]), `copy ${i}`),
      );
      assert.deepStrictEqual({ ...parsed, copies: undefined }, { ...whole, copies: undefined });
    }
    const features = featuresOf(text, analyseCapture(whole));
    assert.strictEqual(featuresOf(text, analyseCapture(compact)), features);
    assert.strictEqual(featuresOf(text, read), features);
  }

  it('on tcpdump and axdebug text built from their vocabulary and damaged', () => {
    fc.assert(
      fc.property(fc.oneof(tcpdumpText, captureText), (text) => assertSameReading(text)),
      { numRuns: 200 },
    );
  });

  it('on the fixtures, the examples and generated dumps, where nearly every copy is a row', () => {
    const texts = [
      ...captureFixtureFiles().map((file) => fs.readFileSync(file, 'utf8')),
      generatedDump('axdebug', 3_000),
      generatedDump('tcpdump', 3_000),
    ];
    let rows = 0;
    let copies = 0;
    for (const text of texts) {
      assertSameReading(text);
      for (const compact of [
        parseCaptureCompact(text).copies,
        analyseCaptureText(text).parsed.copies,
      ]) {
        copies += compact.length;
        rows += compact.filter(isCompactCopy).length;
      }
    }
    assert.ok(rows >= copies * 0.95, `${rows} of ${copies} copies kept as rows`);
  });
});

describe("The editor's flow diagram makes each row when its page asks for it (property)", function () {
  this.timeout(300_000);

  /** 0 to count - 1 in an order a seed shuffles (a page scrolls anywhere, and asks again). */
  function shuffled(count: number, seed: number): number[] {
    const order = Array.from({ length: count }, (_, i) => i);
    let state: number = seed >>> 0 || 1;
    for (let i = count - 1; i > 0; i--) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      const j = state % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }

  /**
   * The editor's outline is the outline of the whole diagram (every row made, in order, read into
   * arrays as the outline first was: wholeOutline.ts), and each row it makes when asked, a few at
   * a time in `seed`'s order, is the whole diagram's row.
   */
  function assertRowsOnDemand(text: string, withConfigs: boolean, seed: number): number {
    const service = createLanguageService({
      workspace: { configDocuments: () => (withConfigs ? EXAMPLE_CONFIGS : []) },
    });
    const document = documentOf('balancer-capture', text);
    const whole = service.getFlowDiagram(document);
    if ('error' in whole) throw new Error(whole.error);
    // As the page receives it: the JSON the server writes, the same as before its columns were typed.
    assert.strictEqual(
      JSON.stringify(service.getFlowDiagramOutline(document)),
      JSON.stringify(wholeOutline(whole, document.version)),
    );
    const wholeRows: readonly DiagramRow[] = whole.rows;
    const order = shuffled(wholeRows.length, seed);
    for (let at = 0; at < order.length; at += 7) {
      const asked = order.slice(at, at + 7);
      assert.deepStrictEqual(
        service.getFlowDiagramRows(document, asked),
        asked.map((row) => wholeRows[row]),
        `rows ${asked.join(', ')}`,
      );
    }
    assert.deepStrictEqual(service.getFlowDiagramRows(document, [whole.rows.length]), {
      error: `There is no row ${whole.rows.length}: the diagram has ${whole.rows.length} rows.`,
    });
    return whole.rows.length;
  }

  it('on tcpdump and axdebug text built from their vocabulary and damaged, with or without configurations', () => {
    fc.assert(
      fc.property(
        fc.oneof(tcpdumpText, captureText),
        fc.boolean(),
        fc.integer(),
        (text, withConfigs, seed) => {
          assertRowsOnDemand(text, withConfigs, seed);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('on the fixtures, the examples and generated dumps', () => {
    const texts = [
      ...captureFixtureFiles().map((file) => fs.readFileSync(file, 'utf8')),
      generatedDump('axdebug', 3_000),
      generatedDump('tcpdump', 3_000),
    ];
    let rows = 0;
    texts.forEach((text, i) => {
      rows += assertRowsOnDemand(text, i % 2 === 0, i + 1);
    });
    assert.ok(rows > 3_000, `only ${rows} rows`);
  });
});
