// The editor's analysis of a dump works some things out only when first asked (which packet
// answers which), and reads others from integers rather than from the copies' strings (each
// flow's way and ends, the IPsec peers). Here a plain reading of the copies, made as the
// analysis once made it all at once, must give the same answers: on axdebug dumps built at
// random, on generated dumps of both dialects (every kind of flow, NAT, IPsec, ICMP errors) and
// on the example dumps, whatever is asked first.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import {
  analyseCapture,
  type CaptureAnalysis,
  type Flow,
  type FlowDirection,
  type Packet,
} from '../../server/src/service/capture/engine/analysis';
import { parseCaptureCompact } from '../../server/src/service/capture/reading/compactCopies';
import { isIcmpError, isIpsec } from '../../server/src/service/capture/reading/packet';
import {
  checkFactsOf,
  validateCaptureFacts,
} from '../../server/src/service/capture/features/validation';
import { writeDump } from '../../bench/captureDumps';
import { captureFixtureFiles, captureText } from './documents';

/** A packet by its first line, for messages that read. */
const lineOf = (packet: Packet | undefined): number | undefined => packet?.copies[0].line;

/** Each flow's way of each packet, its counts and its ends, as the copies' strings tell them. */
function plainOrientation(flows: readonly Flow[]): unknown[] {
  return flows.map((flow) => {
    const initiator: [string, number | undefined][] = [];
    const responder: [string, number | undefined][] = [];
    const has = (ends: [string, number | undefined][], a: string, p: number | undefined) =>
      ends.some(([address, port]) => address === a && port === p);
    const add = (ends: [string, number | undefined][], a: string, p: number | undefined) => {
      if (!has(ends, a, p)) ends.push([a, p]);
    };
    const ways: FlowDirection[] = [];
    for (const packet of flow.packets) {
      let forward = false;
      let back = false;
      for (const c of packet.copies) {
        if (has(initiator, c.src, c.srcPort) || has(responder, c.dst, c.dstPort)) forward = true;
        else if (has(responder, c.src, c.srcPort) || has(initiator, c.dst, c.dstPort)) back = true;
      }
      const way: FlowDirection = back && !forward ? 'back' : 'forward';
      ways.push(way);
      for (const c of packet.copies) {
        add(way === 'forward' ? initiator : responder, c.src, c.srcPort);
        add(way === 'forward' ? responder : initiator, c.dst, c.dstPort);
      }
    }
    return {
      flow: flow.id,
      ways,
      forward: ways.filter((w) => w === 'forward').length,
      initiator,
      responder,
    };
  });
}

/** The same, as the analysis has it. */
function analysedOrientation(analysis: CaptureAnalysis): unknown[] {
  return analysis.flows.map((flow) => ({
    flow: flow.id,
    ways: flow.packets.map((p) => analysis.directionOf.get(p)),
    forward: flow.forward,
    initiator: flow.initiator.map((e) => [e.address, e.port]),
    responder: flow.responder.map((e) => [e.address, e.port]),
  }));
}

/** The IPsec packets grouped by the address pairs of their copies (strings), in order: first lines per group. */
function plainPeers(packets: readonly Packet[]): number[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const firstSeen = new Map<string, number>();
  const groupOf: [Packet, string][] = [];
  for (const packet of packets) {
    if (!packet.copies.some(isIpsec)) continue;
    let first: string | undefined;
    for (const c of packet.copies) {
      if (c.src === '' || c.dst === '') continue;
      const pair = c.src < c.dst ? `${c.src} ${c.dst}` : `${c.dst} ${c.src}`;
      if (!parent.has(pair)) {
        parent.set(pair, pair);
        firstSeen.set(pair, c.line);
      }
      if (first === undefined) first = pair;
      else {
        const [a, b] = [find(first), find(pair)];
        if (a !== b) {
          if (firstSeen.get(b)! < firstSeen.get(a)!) parent.set(a, b);
          else parent.set(b, a);
        }
      }
    }
    if (first !== undefined) groupOf.push([packet, first]);
  }
  const groups = new Map<string, number[]>();
  for (const [packet, pair] of groupOf) {
    const root = find(pair);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(packet.copies[0].line);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => firstSeen.get(a)! - firstSeen.get(b)!)
    .map(([, lines]) => lines);
}

/**
 * Which packet answers which, made as the analysis made it at once: each flow's requests and
 * answers, then the packets ICMP errors report on, then ESP answered by ESP back from the peer.
 */
function plainAnswers(analysis: CaptureAnalysis): [number, number?, number?][] {
  const answers = new Map<Packet, Packet>();
  const answeredBy = new Map<Packet, Packet>();
  for (const flow of analysis.flows) {
    if (flow.kind === 'esp' || flow.kind === 'ah') continue;
    if (flow.kind === 'icmp-echo') {
      const requests = new Map<number, Packet>();
      for (const packet of flow.packets) {
        const icmp = packet.copies[0].icmp;
        if (icmp?.seq === undefined) continue;
        if (icmp.type === 8) requests.set(icmp.seq, packet);
        else {
          const request = requests.get(icmp.seq);
          if (request && !answeredBy.has(request)) {
            answeredBy.set(request, packet);
            answers.set(packet, request);
          }
        }
      }
      continue;
    }
    let pending: Packet[] = [];
    let pendingWay: FlowDirection | undefined;
    for (const packet of flow.packets) {
      const way = analysis.directionOf.get(packet);
      if (pendingWay !== undefined && way !== pendingWay) {
        for (const request of pending) answeredBy.set(request, packet);
        answers.set(packet, pending[pending.length - 1]);
        pending = [];
      }
      pendingWay = way;
      pending.push(packet);
    }
  }
  for (const packet of analysis.packets) {
    if (!isIcmpError(packet.copies[0])) continue;
    const cause = analysis.causeOf.get(packet);
    if (!cause) continue;
    answers.set(packet, cause);
    if (!answeredBy.has(cause)) answeredBy.set(cause, packet);
  }
  for (const peer of analysis.peers) {
    let pending: Packet[] = [];
    let pendingWay: string | undefined;
    for (const packet of peer.espPackets) {
      const way = peer.directionOf(packet);
      if (pendingWay !== undefined && way !== pendingWay) {
        for (const request of pending)
          if (!answeredBy.has(request)) answeredBy.set(request, packet);
        if (!answers.has(packet)) answers.set(packet, pending[pending.length - 1]);
        pending = [];
      }
      pendingWay = way;
      pending.push(packet);
    }
  }
  return analysis.packets.map((p) => [
    p.copies[0].line,
    lineOf(answers.get(p)),
    lineOf(answeredBy.get(p)),
  ]);
}

/** The analysis's answers of every packet. */
function analysedAnswers(analysis: CaptureAnalysis): [number, number?, number?][] {
  return analysis.packets.map((p) => [
    p.copies[0].line,
    lineOf(analysis.answers.get(p)),
    lineOf(analysis.answeredBy.get(p)),
  ]);
}

/** The findings of an analysis, as the editor's check makes them. */
function findings(analysis: CaptureAnalysis): unknown {
  return validateCaptureFacts('file:///dump.txt', checkFactsOf(analysis));
}

/** Compares the analysis of a dump with the plain reading, asking its answers before the findings and after. */
function assertAsPlainReading(text: string): void {
  const answersFirst = analyseCapture(parseCaptureCompact(text));
  const answered = analysedAnswers(answersFirst);
  const checkedFirst = analyseCapture(parseCaptureCompact(text));
  const checked = findings(checkedFirst);

  assert.deepStrictEqual(checked, findings(answersFirst), 'the findings, whatever is asked first');
  assert.deepStrictEqual(
    analysedAnswers(checkedFirst),
    answered,
    'the answers, whatever is asked first',
  );
  assert.deepStrictEqual(answered, plainAnswers(answersFirst), 'the answers, as made at once');
  assert.deepStrictEqual(
    analysedOrientation(checkedFirst),
    plainOrientation(checkedFirst.flows),
    'each flow’s ways and ends',
  );
  assert.deepStrictEqual(
    checkedFirst.peers.map((peer) => peer.packets.map((p) => p.copies[0].line)),
    plainPeers(checkedFirst.packets),
    'the IPsec peers and their packets',
  );
  // One End per address and port, shared by the flows that have it.
  const ends = new Map<string, object>();
  for (const flow of checkedFirst.flows)
    for (const end of [...flow.initiator, ...flow.responder]) {
      const key = `${end.address} ${end.port}`;
      assert.strictEqual(ends.get(key) ?? end, end, `one End for ${key}`);
      ends.set(key, end);
    }
}

describe('The analysis answers as a plain reading of the copies (property)', function () {
  this.timeout(120_000);

  it('on axdebug dumps built at random', () => {
    fc.assert(fc.property(captureText, assertAsPlainReading), { numRuns: 200 });
  });

  it('keeps the answer of a packet an ICMP error then reports on', () => {
    // The request (line 1) is answered (line 2) before the port-unreachable reports on it: the
    // error answers nothing but is the answer only of what had none.
    const text = [
      '@100 o( 1, 0, 1)> ip 10.0.0.1 > 10.0.0.2 udp 5000 > 53',
      '@101 i( 1, 0, 2)> ip 10.0.0.2 > 10.0.0.1 udp 53 > 5000',
      '@102 i( 1, 0, 3)> ip 10.0.0.2 > 10.0.0.1 icmp type=3 code=3',
      '',
    ].join('\n');
    assertAsPlainReading(text);
    const analysis = analyseCapture(parseCaptureCompact(text));
    const lineNumber = (packet: Packet | undefined) =>
      packet === undefined ? undefined : packet.copies[0].line + 1;
    assert.deepStrictEqual(
      analysis.packets.map((p) => [
        lineNumber(p),
        lineNumber(analysis.causeOf.get(p)),
        lineNumber(analysis.answers.get(p)),
        lineNumber(analysis.answeredBy.get(p)),
      ]),
      [
        // line, what it reports on, what it answers, what answers it
        [1, undefined, undefined, 2],
        [2, undefined, 1, undefined],
        [3, 1, 1, undefined],
      ],
    );
  });

  it('on generated dumps of both dialects and on the example dumps', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-links-'));
    try {
      for (const dialect of ['axdebug', 'tcpdump'] as const)
        for (const seed of [1, 2, 3, 0x5eed]) {
          const file = path.join(folder, `${dialect}-${seed}.txt`);
          writeDump(file, dialect, 4_000, seed);
          assertAsPlainReading(fs.readFileSync(file, 'utf8'));
        }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    for (const file of captureFixtureFiles()) assertAsPlainReading(fs.readFileSync(file, 'utf8'));
  });
});
