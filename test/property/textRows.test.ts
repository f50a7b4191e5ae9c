// The inspector writes the rows of lines in the usual forms straight from the line (the dialects'
// engine/lineRows.ts, axdebugRows.ts, tcpdumpRows.ts) and reads every other line into a copy
// first. Whatever the dump, the rows must be the ones its copies give (copyRows.ts writeRow),
// word numbers and all, and the lines not understood the same: random dumps in both dialects,
// made of the forms the writers read and of what comes close to them (other spacing, tabs, a
// character of another script, F5's noise words, numbers too long, lines cut short).
import * as assert from 'assert';
import * as fs from 'fs';
import fc from 'fast-check';
import { ROW_INTS, writeRow } from '../../server/src/service/capture/engine/copyRows';
import { FlowKeyTable } from '../../server/src/service/capture/engine/flows';
import { CaptureRowReader } from '../../server/src/service/capture/engine/inspect';
import { LineRows } from '../../server/src/service/capture/engine/lineRows';
import {
  analyseCapture,
  analyseCaptureText,
  type CaptureAnalysis,
} from '../../server/src/service/capture/engine/analysis';
import { CopyRows, type ReadFields } from '../../server/src/service/capture/reading/compactCopies';
import {
  blankCopy,
  type Packet,
  type PacketCopy,
} from '../../server/src/service/capture/reading/packet';
import {
  CaptureReader,
  forEachLine,
  parseCapture,
} from '../../server/src/service/capture/reading/parser';
import { LineSplitter } from '../../server/src/cli/pieces';
import { captureFixtureFiles, captureText, generatedDump, joined } from './documents';

interface Reading {
  /** Each row handed out, in order; a line not understood as [line, 'unrecognised']. */
  readonly rows: (number | string)[][];
  /** The table's words, in the order they were numbered. */
  readonly words: readonly string[];
  /** How many rows were written straight from their lines. */
  readonly straight: number;
}

/** Reads a dump as the inspector does (rows from lines where it can) or with a copy per packet. */
function read(text: string, straight: boolean): Reading {
  const table = new FlowKeyTable();
  const rows: (number | string)[][] = [];
  const row = new Int32Array(ROW_INTS);
  let count = 0;
  const reader = new CaptureReader(
    {
      copy: (copy) => {
        writeRow(copy, table, row, 0);
        rows.push([...row]);
      },
      unrecognised: (line, start, end) => rows.push([line, start, end, 'unrecognised']),
    },
    undefined,
    straight
      ? new LineRows(table, (rows_, at) => {
          count++;
          rows.push([...rows_.subarray(at, at + ROW_INTS)]);
        })
      : undefined,
  );
  forEachLine(text, (line, number, start) => reader.line(line, number, start));
  reader.end();
  return { rows, words: table.texts, straight: count };
}

/** How many rows the random dumps had written straight from their lines. */
let straightRows = 0;

function assertSameRows(text: string): Reading {
  const fromLines = read(text, true);
  const fromCopies = read(text, false);
  assert.deepStrictEqual(fromLines.rows, fromCopies.rows);
  assert.deepStrictEqual(fromLines.words, fromCopies.words);
  straightRows += fromLines.straight;
  return fromLines;
}

/** Asserts the property on random dumps, of whose lines the row writers must have read many (else it tests nothing). */
function assertOnDumps(dumps: fc.Arbitrary<string>, numRuns: number, fewest: number): void {
  straightRows = 0;
  fc.assert(
    fc.property(dumps, (text) => void assertSameRows(text)),
    { numRuns },
  );
  assert.ok(straightRows >= fewest, `${straightRows} rows written straight from lines`);
}

/** What a pasted line may have where a space was, or in a field: the characters the readers decide on. */
const odd = fc.constantFrom(
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '\u2028',
  'é',
  '=',
  ':',
  '.',
  '>',
  '0',
  '9',
  'A',
  '*',
  '(',
  ')',
  ',',
  '',
);

/** A line changed at one place: a character put in, one taken out, or cut short there. */
function roughen(line: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(line, fc.nat(), odd, fc.constantFrom('insert', 'replace', 'cut', 'none', 'none', 'none'))
    .map(([text, n, character, how]) => {
      const at = text.length === 0 ? 0 : n % text.length;
      if (how === 'insert') return text.slice(0, at) + character + text.slice(at);
      if (how === 'replace') return text.slice(0, at) + character + text.slice(at + 1);
      if (how === 'cut') return text.slice(0, at);
      return text;
    });
}

const octet = fc.constantFrom('0', '10', '01', '172', '192', '168', '255', '256', '1', '2000');
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.'));
const address = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom('10.1.1.254', '203.0.113.9', '172.16.0.5', '192.168.1.7'),
  },
  { weight: 2, arbitrary: ipv4 },
  { weight: 1, arbitrary: fc.constantFrom('183.62.*.*', '*.*.*.*', '2001:db8::1', 'fe80::1') },
);
const port = fc.constantFrom('0', '22', '443', '500', '4500', '65535', '99999', '123456', '0080');
const digits = fc.constantFrom(
  '0',
  '1',
  '101',
  '3000000001',
  '4294967295',
  '12345678901234567',
  '',
);
const hex = fc.constantFrom('168df', 'ABCDEF', '0', 'a1B2', 'ffffffff');

const axdebugDetails = fc.oneof(
  fc
    .tuple(port, port, fc.constantFrom('S', 'S.', 'P.', '.', 'R'), hex, hex, digits)
    .map(([a, b, flags, seq, ack, length]) => `${a} > ${b} ${flags} ${seq}:${ack}(${length})`),
  fc.tuple(port, port).map(([a, b]) => `${a} > ${b}`),
  fc.tuple(port, port).map(([a, b]) => `${a}>${b}`),
  fc.tuple(hex, hex).map(([spi, seq]) => `spi=0x${spi} seq=0x${seq}`),
  fc.constantFrom(
    'echo (ping) request seq=7',
    'echo (ping) reply',
    'echo  (ping)  request',
    'type=3 code=3',
    'type=11 code=0',
    'type=03 code=1',
    'type=8  code=0',
    'type=3',
    'spi=0x',
    'spi=1234',
    '',
    '   ',
  ),
);

const axdebugLine = fc
  .tuple(
    digits,
    fc.constantFrom('i', 'o'),
    fc.constantFrom('1', '6', '12'),
    fc.constantFrom('100', '0', '1'),
    fc.option(hex, { nil: undefined }),
    fc.constantFrom('ip', 'ip6', 'IP'),
    address,
    address,
    fc.constantFrom('tcp', 'udp', 'icmp', 'esp', 'ah', 'gre', 'TCP', 'Esp', 'ipv6-icmp', 'ospf_2'),
    axdebugDetails,
    fc.constantFrom(' ', '  ', ''),
  )
  .map(
    ([tick, direction, portNumber, aux, id, ip, src, dst, protocol, details, gap]) =>
      `@${tick}${gap}${direction}(${gap}${portNumber},${gap}${aux}${id === undefined ? '' : `, ${id}`})>${gap}${ip} ${src}${gap}>${gap}${dst} ${protocol}${gap}${details}`,
  );

const espBody = fc
  .tuple(
    fc.constantFrom('0x50A5abe3', '0x1', '0x', '0xG1'),
    fc.constantFrom('0x1', '0xABC', '0x', '1'),
    fc.constantFrom(')', '', ') ', '), length 116'),
  )
  .map(([spi, seq, close]) => `UDP-encap: ESP(spi=${spi},seq=${seq}${close}`);

const tcpBody = fc
  .tuple(
    fc.constantFrom('S', 'S.', '.', 'P.', 'F.', 'R', 'none', 'SEW', ''),
    fc.constantFrom(
      'seq 3000000001, ',
      'seq 1:101, ',
      'seq 4294967184:0, ',
      'seq 100, ',
      'seq 1234567890123456:1234567890123457, ',
      '',
    ),
    fc.constantFrom('ack 1, ', 'ack 3000000002, ', 'ack x, ', ''),
    fc.constantFrom('length 0', 'length 100', 'length', 'length 12345678901234567', ''),
  )
  .map(([flags, seq, ack, length]) => `Flags [${flags}], ${seq}${ack}win 502, ${length}`);

const f5 = fc.constantFrom(
  '',
  ' in slot1/tmm0 lis=/Common/vs',
  ' out slot1/tmm1 lis=',
  ' out tmm2',
  ' in tmm3 lis=/Common/outbound_vs',
  ' out slot12/tmm3 lis=/Common/a flowid=56000000B200 peerid=0',
  ' in slot123456789/tmm0 lis=/Common/vs',
  '\tin slot1/tmm0 lis=/Common/vs',
  ' in  tmm0',
  ' in slot/tmm0',
  'in tmm0',
  ' out slot1/tmm lis=/x',
  ' xout tmm1',
  ' in slot1/tmm0 lis=/Common/vs\tpeer',
);

/** A TCP or ESP-in-UDP line in the form read by position, F5's suffix or none. */
const usualTcpdumpLine = fc
  .tuple(
    fc.constantFrom('12:00:01.000001 ', '23:59:59.999999 ', '00:00:00.0  '),
    fc.constantFrom('10.1.1.254', '203.0.113.9', '172.16.0.5', '192.168.1.7', '8.8.8.8'),
    fc.constantFrom('443', '500', '4500', '51000', '0080'),
    fc.constantFrom('10.1.1.254', '203.0.113.9', '172.16.0.5', '192.168.1.7', '8.8.8.8'),
    fc.constantFrom('443', '500', '4500', '51000', '0080'),
    fc.oneof({ weight: 3, arbitrary: tcpBody }, { weight: 1, arbitrary: espBody }),
    fc.constantFrom(
      '',
      ' in slot1/tmm0 lis=/Common/vs',
      ' out slot1/tmm1 lis=',
      ' out tmm2',
      ' in tmm3 lis=/Common/outbound_vs',
    ),
  )
  .map(
    ([stamp, src, srcPort, dst, dstPort, body, suffix]) =>
      `${stamp}IP ${src}.${srcPort} > ${dst}.${dstPort}: ${body}${suffix}`,
  );

/** Lines close to the usual ones: another time stamp, spacing, address or suffix. */
const nearTcpdumpLine = fc
  .tuple(
    fc.constantFrom(
      '12:00:01.000001 ',
      '23:59:59.999999 ',
      '00:00:00.0 ',
      '12:00:01.000001  ',
      '1:00:01.000001 ',
      '12:00:01. ',
      '  7  12:00:01.000001 ',
      '',
    ),
    fc.constantFrom('IP ', 'IP ', 'IP ', 'IP ', 'IP6 ', 'IP  '),
    address,
    port,
    address,
    port,
    fc.constantFrom(': ', ': ', ': ', ': ', ':', ':  '),
    fc.oneof({ weight: 3, arbitrary: tcpBody }, { weight: 1, arbitrary: espBody }),
    f5,
  )
  .map(
    ([stamp, ip, src, srcPort, dst, dstPort, colon, body, suffix]) =>
      `${stamp}${ip}${src}.${srcPort} > ${dst}.${dstPort}${colon}${body}${suffix}`,
  );

/** An ICMP echo's body as tcpdump prints it (`ICMP echo request, id 7, seq 1, length 64`), and what comes close to it. */
const usualEchoBody = fc
  .tuple(
    fc.constantFrom('request', 'reply'),
    fc.constantFrom('0', '7', '45879', '65535'),
    fc.constantFrom('0', '1', '61845'),
  )
  .map(([kind, id, seq]) => `ICMP echo ${kind}, id ${id}, seq ${seq}, length 64`);
const echoBody = fc
  .tuple(
    fc.constantFrom('request', 'reply', 'Request', 'replies', 'req'),
    fc.constantFrom(
      ', id 7',
      ', id 007',
      ', id 123456789',
      ', id 1234567890',
      ', id ',
      ' id 7',
      '',
    ),
    fc.constantFrom(', seq 1', ' seq 61845', ',seq 2', ', seq 12345678901234567', ', seq x', ''),
    fc.constantFrom(', length 64', ', length 12345678901234567', ', length', ''),
  )
  .map(([kind, id, seq, length]) => `ICMP echo ${kind}${id}${seq}${length}`);

/** An IKE message's body as tcpdump prints it without -v (`isakmp: phase 1 I ident`), and what comes close to it. */
const usualIkeBody = fc.constantFrom(
  'isakmp: phase 1 I ident',
  'isakmp: phase 1 R ident',
  'isakmp: phase 2/others I oakley-quick[E]',
  'isakmp: phase 2/others R inf[E]',
  'isakmp: parent_sa ikev2_init[I]',
  'isakmp: parent_sa ikev2_auth[IR]',
  'isakmp: child_sa  child_sa[R]',
);
const ikeBody = fc.oneof(
  usualIkeBody,
  fc
    .tuple(
      fc.constantFrom('1', '2', '12', ''),
      fc.constantFrom('', '/others', '/other'),
      fc.constantFrom('I', 'R', 'X', 'IR'),
      fc.constantFrom('ident', 'oakley-quick', 'ident[E]', 'agg_mode', ' ident', ''),
    )
    .map(
      ([phase, others, role, exchange]) => `isakmp: phase ${phase}${others} ${role} ${exchange}`,
    ),
  fc
    .tuple(
      fc.constantFrom('parent_sa', 'child_sa', 'other_sa', 'parent_sax'),
      fc.constantFrom(' ', '  ', '\t', ''),
      fc.constantFrom('ikev2_init', 'child_sa', 'inf2', 'a-b', ''),
      fc.constantFrom('[I]', '[R]', '[IR]', '[VI]', '[V]', '[]', '[X]', '[I', ''),
    )
    .map(([sa, gap, exchange, role]) => `isakmp: ${sa}${gap}${exchange}${role}`),
  fc.constantFrom(
    'isakmp 1.0 msgid 00000000: phase 1 I ident',
    'isakmp 2.0 msgid 00000001 cookie 1a2b->3c4d: parent_sa ikev2_auth[I]:',
    'isakmp:phase 1 I ident',
    'isakmp:   phase 1 R ident',
    'isakmp:\tphase 1 R ident',
    'isakmp: phase 1 I ident, length 120',
    'isakmp: phase 1 I ident length 12345678901234567',
    'isakmp-nat-keep-alive',
    'isakmp:',
    'isakmp: child_sa',
  ),
);

const suffix = fc.constantFrom(
  '',
  ' in slot1/tmm0 lis=/Common/vs',
  ' out slot1/tmm1 lis=',
  ' out tmm2',
  ' in tmm3 lis=/Common/outbound_vs',
);
const stamp = fc.constantFrom('12:00:01.000001 ', '23:59:59.999999 ', '00:00:00.0  ');
const plainAddress = fc.constantFrom(
  '10.1.1.254',
  '203.0.113.9',
  '172.16.0.5',
  '192.168.1.7',
  '8.8.8.8',
);

/** ICMP echo and IKE lines in the forms read by position, F5's suffix or none. */
const usualEchoLine = fc
  .tuple(stamp, plainAddress, plainAddress, usualEchoBody, suffix)
  .map(([time, src, dst, body, f5Suffix]) => `${time}IP ${src} > ${dst}: ${body}${f5Suffix}`);
const usualIkeLine = fc
  .tuple(stamp, plainAddress, fc.constantFrom('500', '4500'), plainAddress, usualIkeBody, suffix)
  .map(
    ([time, src, port_, dst, body, f5Suffix]) =>
      `${time}IP ${src}.${port_} > ${dst}.${port_}: ${body}${f5Suffix}`,
  );

/** ICMP echo and IKE lines close to the usual ones: another body, spacing, address, ports or suffix. */
const nearEchoOrIkeLine = fc
  .tuple(
    fc.constantFrom('12:00:01.000001 ', '00:00:00.0 ', '12:00:01.000001  ', '12:00:01. ', ''),
    fc.constantFrom('IP ', 'IP ', 'IP ', 'IP6 ', 'IP  '),
    address,
    fc.constantFrom('', '', '.500', '.4500', '.99999', '.isakmp'),
    address,
    fc.constantFrom('', '', '.500', '.4500', '.123456'),
    fc.constantFrom(': ', ': ', ': ', ':', ':  '),
    fc.oneof(echoBody, ikeBody),
    f5,
  )
  .map(
    ([time, ip, src, srcPort, dst, dstPort, colon, body, f5Suffix]) =>
      `${time}${ip}${src}${srcPort} > ${dst}${dstPort}${colon}${body}${f5Suffix}`,
  );

const tcpdumpLine = fc.oneof(
  { weight: 2, arbitrary: usualTcpdumpLine },
  { weight: 2, arbitrary: nearTcpdumpLine },
  { weight: 1, arbitrary: usualEchoLine },
  { weight: 1, arbitrary: usualIkeLine },
  { weight: 2, arbitrary: nearEchoOrIkeLine },
);

/** What follows a tcpdump packet's first line: -v's indented lines, a blank, another packet. */
const tcpdumpExtra = fc.constantFrom(
  '    10.1.1.254.500 > 203.0.113.9.500: isakmp: phase 1 I ident',
  '\t0x0000:  4500 0054 0000 4000 4001 a1b2',
  '12:00:01.000002 IP 10.1.1.254 > 203.0.113.9: ICMP echo request, id 7, seq 1, length 64',
  '12:00:01.000003 IP (tos 0x0, ttl 64, id 4242, offset 0, flags [none], proto TCP (6), length 60)',
  '12:00:01.000004 IP (tos 0x0, ttl 64, id 4243, offset 0, flags [none], proto UDP (17), length 196)',
  '    10.1.1.254.500 > 203.0.113.9.500: isakmp 1.0 msgid 00000000: phase 1 I ident',
  '12:00:01.000005 IP (tos 0x0, ttl 64, id 4244, offset 0, flags [DF], proto ICMP (1), length 84)',
  '    10.1.1.254 > 203.0.113.9: ICMP echo request, id 7, seq 1, length 64',
  '',
  'pasted from a chat window',
);

const axdebugText = joined(
  fc.array(
    fc.oneof(
      { weight: 4, arbitrary: roughen(axdebugLine) },
      { weight: 1, arbitrary: fc.constantFrom('LLB-1#axdebug', '', 'exit') },
    ),
    {
      maxLength: 30,
    },
  ),
);
const tcpdumpText = joined(
  fc.array(
    fc.oneof(
      { weight: 4, arbitrary: roughen(tcpdumpLine) },
      { weight: 1, arbitrary: tcpdumpExtra },
    ),
    {
      maxLength: 30,
    },
  ),
);

/**
 * The rows the inspector's reader hands out for a dump: its lines handed as text, or its bytes
 * handed in chunks of the given sizes (cut anywhere: in a line, in a \r\n, in a character) to
 * the command line's splitter, which hands the reader each line from its bytes where it can.
 */
function readRows(text: string, chunks?: readonly number[]): Reading {
  const table = new FlowKeyTable();
  const rows: (number | string)[][] = [];
  let lines = 0;
  const reader = new CaptureRowReader(table, (rows_, at) =>
    rows.push([...rows_.subarray(at, at + ROW_INTS)]),
  );
  let straight = 0;
  if (chunks === undefined) {
    forEachLine(text, (line, number, start) => reader.line(line, number, start));
  } else {
    const splitter = new LineSplitter({
      lineAt: (b, from, to) => {
        if (!reader.lineAt(b, from, to, lines, 0)) return false;
        lines++;
        straight++;
        return true;
      },
      line: (line) => reader.line(line, lines++, 0),
    });
    const bytes = Buffer.from(text, 'utf8');
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const size = Math.max(1, chunks.length === 0 ? bytes.length : chunks[i % chunks.length]);
      splitter.push(Buffer.from(bytes.subarray(at, at + size)));
      at += size;
    }
    splitter.end();
  }
  reader.end();
  return { rows, words: table.texts, straight };
}

describe("Rows read from a dump's bytes are the rows read from its lines (property)", function () {
  this.timeout(120_000);

  /** How many lines the random dumps had read from their bytes. */
  let fromBytes = 0;
  const assertSameFromBytes = (text: string, chunks: readonly number[]): void => {
    const fromText = readRows(text);
    const bytes = readRows(text, chunks);
    assert.deepStrictEqual(bytes.rows, fromText.rows);
    assert.deepStrictEqual(bytes.words, fromText.words);
    fromBytes += bytes.straight;
  };
  const chunkSizes = fc.oneof(
    fc.constant([] as number[]),
    fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 6 }),
  );

  for (const [dialect, dumps] of [
    ['axdebug', axdebugText],
    ['tcpdump', tcpdumpText],
    ['either dialect, damaged', captureText],
  ] as const) {
    it(`on ${dialect} dumps, read whole or in chunks cut anywhere`, () => {
      fromBytes = 0;
      fc.assert(
        fc.property(dumps, chunkSizes, (text, chunks) => assertSameFromBytes(text, chunks)),
        { numRuns: 300 },
      );
      assert.ok(fromBytes >= 100, `${fromBytes} lines read from their bytes`);
    });
  }

  it('on the fixtures, the examples and generated dumps, where most lines are read from their bytes', () => {
    for (const dialect of ['axdebug', 'tcpdump'] as const) {
      fromBytes = 0;
      assertSameFromBytes(generatedDump(dialect, 5_000), [65_536]);
      assert.ok(fromBytes > 2_500, `${dialect}: ${fromBytes} lines read from their bytes`);
    }
    for (const file of captureFixtureFiles())
      assertSameFromBytes(fs.readFileSync(file, 'utf8'), [4096, 77]);
  });
});

describe('Rows written straight from lines are the rows their copies give (property)', function () {
  this.timeout(120_000);

  it('on axdebug dumps of the forms read by position and what comes close to them', () => {
    assertOnDumps(axdebugText, 400, 200);
  });

  it('on tcpdump dumps of TCP, ESP-in-UDP, ICMP echo and IKE lines, with and without F5 suffixes, and what comes close to them', () => {
    assertOnDumps(tcpdumpText, 400, 100);
  });

  it('on ICMP echo and IKE lines in the usual forms, every one of which is written straight from its line', () => {
    const lines = fc.array(fc.oneof(usualEchoLine, usualIkeLine), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(lines, (list) => {
        const reading = assertSameRows(list.join('\n'));
        assert.strictEqual(reading.straight, list.length, list.join('\n'));
      }),
      { numRuns: 200 },
    );
  });

  it('on the capture documents of the other property tests, in either dialect and damaged', () => {
    assertOnDumps(captureText, 200, 100);
  });

  it('on the fixtures, the examples and generated dumps, where most packets are read by position', () => {
    const straight: Record<string, number> = {};
    for (const dialect of ['axdebug', 'tcpdump'] as const) {
      const reading = assertSameRows(generatedDump(dialect, 5_000));
      const packets = reading.rows.filter((row) => row[row.length - 1] !== 'unrecognised');
      straight[dialect] = reading.straight / packets.length;
    }
    for (const file of captureFixtureFiles()) assertSameRows(fs.readFileSync(file, 'utf8'));
    // The generated dumps are made like real ones: nearly all axdebug lines and most of
    // tcpdump's (its TCP segments, ESP in UDP, pings and IKE: all but about one packet in 13,
    // DNS, ARP, VRRP, -v and ICMPv6) are read by position.
    assert.ok(straight.axdebug > 0.95, `axdebug: ${straight.axdebug}`);
    assert.ok(straight.tcpdump > 0.88, `tcpdump: ${straight.tcpdump}`);
  });
});

describe('The editor keeps the copies of lines it reads by position as the dialects read them (property)', function () {
  this.timeout(120_000);

  /** What the packets and flows of an analysis are made of, by the lines of their copies. */
  function shapeOf(analysis: CaptureAnalysis): string {
    const lines = (packet: Packet): number[] => packet.copies.map((copy) => copy.line);
    return JSON.stringify({
      packets: analysis.packets.map(lines),
      flows: analysis.flows.map((flow) => [
        flow.kind,
        flow.packets.map(lines),
        flow.errors.map(lines),
        flow.initiator,
        flow.responder,
      ]),
    });
  }

  /**
   * The editor's reading (analyseCaptureText: copies kept as rows, read by position where the
   * line allows) gives the copies the dialects give, field for field, and the same packets and
   * flows; answers how many of its copies it read by position.
   */
  function assertSameCopies(text: string): number {
    const whole = parseCapture(text);
    let byPosition = 0;
    // Counts the copies kept from their fields read by position (the dialects' copies are kept by CopyRows.keep).
    const addRead = Reflect.get<CopyRows, 'addRead'>(CopyRows.prototype, 'addRead');
    CopyRows.prototype.addRead = function (this: CopyRows, fields: ReadFields) {
      const kept = addRead.call(this, fields);
      if (kept) byPosition++;
      return kept;
    };
    let read: CaptureAnalysis;
    try {
      read = analyseCaptureText(text);
    } finally {
      CopyRows.prototype.addRead = addRead;
    }
    assert.deepStrictEqual({ ...read.parsed, copies: undefined }, { ...whole, copies: undefined });
    assert.strictEqual(read.parsed.copies.length, whole.copies.length);
    read.parsed.copies.forEach((copy, i) =>
      assert.deepStrictEqual(fieldsOf(copy), fieldsOf(whole.copies[i]), `copy ${i}\n${text}`),
    );
    assert.strictEqual(shapeOf(read), shapeOf(analyseCapture(whole)));
    return byPosition;
  }

  it('on axdebug dumps of the forms read by position and what comes close to them', () => {
    let byPosition = 0;
    fc.assert(
      fc.property(axdebugText, (text) => {
        byPosition += assertSameCopies(text);
      }),
      { numRuns: 400 },
    );
    assert.ok(byPosition >= 200, `${byPosition} copies read by position`);
  });

  it('on tcpdump dumps of TCP segments and the lines that come close to them, and the capture documents of the other property tests, damaged', () => {
    let byPosition = 0;
    fc.assert(
      fc.property(fc.oneof(tcpdumpText, captureText), (text) => {
        byPosition += assertSameCopies(text);
      }),
      { numRuns: 400 },
    );
    assert.ok(byPosition >= 100, `${byPosition} copies read by position`);
  });

  it('on lines whose numbers or SPI no row holds, read by the dialect', () => {
    const lines = [
      '12:00:01.000001 IP 192.168.1.7.443 > 10.1.1.254.443: Flags [S], seq 12345678901:23456, win 502, length 0',
      '12:00:01.000002 IP 192.168.1.7.443 > 10.1.1.254.443: Flags [P.], seq 1:101, ack 1, win 502, length 3000000000',
      '12:00:01.000003 IP 192.168.1.7.4500 > 10.1.1.254.4500: UDP-encap: ESP(spi=0x1234,seq=0x1), length 116',
      '12:00:01.000004 IP 192.168.1.7.99999 > 10.1.1.254.443: Flags [S], seq 1, win 502, length 0',
      '12:00:01.000005 IP 192.168.1.7.4500 > 10.1.1.254.4500: UDP-encap: ESP(spi=0x50A5ABE3,seq=0x1), length 116 in slot1/tmm0',
    ];
    assert.strictEqual(assertSameCopies(lines.join('\n')), 1);
  });

  it('on a TCP segment whose continuation lines go past what its row holds', () => {
    const segment =
      '12:00:01.000001 IP 10.1.1.254.443 > 203.0.113.9.51000: Flags [P.], seq 1:101, ack 1, win 502, length 100 out slot1/tmm2 lis=/Common/vs';
    for (const lines of [3, 70])
      assertSameCopies(
        [segment, ...Array<string>(lines).fill(`\t0x0000:  ${'4500 '.repeat(200)}`), segment].join(
          '\n',
        ),
      );
  });

  it('on the fixtures, the examples and generated dumps, where most copies are read by position', () => {
    for (const dialect of ['axdebug', 'tcpdump'] as const) {
      const text = generatedDump(dialect, 5_000);
      const byPosition = assertSameCopies(text);
      // Nearly every axdebug line, and tcpdump's TCP segments (most of its lines), are read by position.
      const copies = parseCapture(text).copies.length;
      const share = dialect === 'axdebug' ? 0.95 : 0.5;
      assert.ok(
        byPosition > copies * share,
        `${dialect}: ${byPosition} of ${copies} read by position`,
      );
    }
    for (const file of captureFixtureFiles()) assertSameCopies(fs.readFileSync(file, 'utf8'));
  });
});

const COPY_FIELDS = Object.keys(blankCopy('axdebug', 0, 0, 0)) as (keyof PacketCopy)[];
function fieldsOf(copy: PacketCopy): Record<string, unknown> {
  return Object.fromEntries(COPY_FIELDS.map((field) => [field, copy[field]]));
}
