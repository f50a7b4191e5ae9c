// A row straight from a tcpdump line (textRows.ts): the usual TCP packet line, `HH:MM:SS.ffffff IP
// a.b.c.d.port > e.f.g.h.port: Flags [...], ...`, ESP in UDP (`UDP-encap: ESP(...)`), an ICMP
// echo (`a.b.c.d > e.f.g.h: ICMP echo request, id N, seq N, length N`) and an IKE message
// (`isakmp: phase 1 I ident`, `isakmp: parent_sa ikev2_init[I]`), with or without F5's suffix,
// taken apart by position. readTcpdumpRow reads where its fields are, writeTcpdumpRow numbers its words and
// writes the row, once the reader has handed out the packet before it. The names in capitals and
// the functions named in the comments are reading/dialects/tcpdump.ts's.
import { Form, Row } from './copyRows';
import {
  endLikeness,
  Likeness,
  mixBytesSpan,
  mixNumberField,
  startLikeness,
  STRONG,
  tcpStrength,
  WEAK,
} from './likeness';
import { isPrivateIpv4 } from '../reading/packet';
import {
  asciiText,
  bytesAt,
  decimalAt,
  digitsEndAt,
  BytesFinder,
  hexEndAt,
  ipv4At,
  isSpaceByte,
  lineBytes,
  type RowWords,
  spacesEndAt,
  spiWordAt,
  writeNoQuote,
  writeTwoFieldLikeness,
} from './textRows';

/** The line readTcpdumpRow last read, its bytes, and where its fields are. */
const scan = {
  bytes: new Uint8Array(0) as Uint8Array,
  src: 0,
  dst: 0,
  srcPort: 0,
  dstPort: 0,
  flagsFrom: 0,
  flagsTo: 0,
  seqFrom: 0,
  seqTo: 0,
  ackFrom: 0,
  ackTo: 0,
  payload: 0,
  /**
   * What the line is: a TCP segment, ESP in UDP (RFC 3948: its SPI and sequence number are where
   * the flags and sequence number are), an ICMP echo (its identifier where the acknowledgement
   * number is, -1 for none, its sequence number where TCP's is), or an IKE message (its exchange
   * where the flags are, its role's letter at `ackFrom`, -1 for none).
   */
  kind: 0 as LineKind,
  /** An ICMP echo's type (8 request, 0 reply). */
  type: 0,
  /** An IKE message's, a TCP segment's or ESP in UDP's length (`length N`), -1 for none (-2: past 15 digits). */
  length: -1,
  /** 0 not said, 1 in, 2 out (F5's suffix). */
  direction: 0,
  /** The virtual server's name, -1 for none. */
  serverFrom: -1,
  serverTo: -1,
  /** The interface F5's suffix names (`slot1/tmm3`), -1 for none. */
  viaFrom: -1,
  viaTo: -1,
  /** Where the time stamp ends and the body (what follows the addresses) starts. */
  timeEnd: 0,
  body: 0,
};

/** Where the fields of the line readTcpdumpRow last read are, and what it is (the editor keeps its copy from them: compactReading.ts). */
export function tcpdumpScan(): Readonly<typeof scan> {
  return scan;
}

/** What the line readTcpdumpRow last read is: 1 a TCP segment (Flags [...]), 2 ESP in UDP, 0 another kind. */
export function scannedKind(): number {
  return scan.kind === LineKind.TCP ? 1 : scan.kind === LineKind.ESP_IN_UDP ? 2 : 0;
}

// The literals the reader looks for in a line.
const FLAGS = new BytesFinder(': Flags [');
const ESP_IN_UDP = new BytesFinder(': UDP-encap: ESP(');
const CLOSE = new BytesFinder(']');
const LENGTH = new BytesFinder('length ');
const SEQ = new BytesFinder(', seq ');
const ACK = new BytesFinder(', ack ');
const TMM = new BytesFinder('tmm');
const EQUALS = new BytesFinder('=');

/** The kinds of line read by position (scan.kind). */
const enum LineKind {
  TCP,
  ESP_IN_UDP,
  ECHO,
  IKE,
}

/** The longest tcpdump line read by position. */
const LONGEST = 16_384;

/**
 * Reads a tcpdump TCP packet line in the usual form, ASCII, as startTcpdumpPacket would read it;
 * false for any other line (startTcpdumpPacket reads it). Its copy is read whole from the line:
 * lines that continue it only move its end.
 */
export function readTcpdumpRow(text: string): boolean {
  // Most other lines are told apart by a native search, before their bytes are read.
  if (
    !isDigit(text.charCodeAt(0)) ||
    (text.indexOf(': Flags [') < 0 &&
      text.indexOf(': UDP-encap: ESP(') < 0 &&
      text.indexOf(': ICMP echo re') < 0 &&
      text.indexOf(': isakmp:') < 0)
  )
    return false;
  const b = lineBytes(text, LONGEST);
  return b !== undefined && readTcpdumpRowAt(b, 0, text.length);
}

/**
 * readTcpdumpRow of a line that is the bytes from `from` to `to` of `b`, followed by a 0: ASCII,
 * without a line break.
 */
export function readTcpdumpRowAt(b: Uint8Array, from: number, to: number): boolean {
  if (to - from > LONGEST) return false;
  const timeEnd = plainTimeEndAt(b, from);
  if (timeEnd === 0) return false;
  const ip = spacesEndAt(b, timeEnd);
  if (!bytesAt(b, ip, 'IP ')) return false;
  // IPV4_ADDRESSES, its addresses written the usual way (their words are their values').
  const srcFrom = ip + 3;
  const srcTo = octetsEnd(b, srcFrom);
  if (srcTo < 0) return false;
  // ADDRESSES, of addresses without ports: an ICMP echo.
  if (b[srcTo] === 32) return readEchoAt(b, from, to, srcFrom, srcTo);
  if (b[srcTo] !== 46) return false;
  const srcPortEnd = portEnd(b, srcTo + 1);
  if (srcPortEnd < 0 || !bytesAt(b, srcPortEnd, ' > ')) return false;
  const dstFrom = srcPortEnd + 3;
  const dstTo = octetsEnd(b, dstFrom);
  if (dstTo < 0 || b[dstTo] !== 46) return false;
  const dstPortEnd = portEnd(b, dstTo + 1);
  if (dstPortEnd < 0 || b[dstPortEnd] !== 58 /* : */) return false;
  const src = ipv4At(b, srcFrom, srcTo);
  const dst = ipv4At(b, dstFrom, dstTo);
  if (src < 0 || dst < 0) return false;
  scan.bytes = b;
  scan.src = src;
  scan.dst = dst;
  scan.srcPort = decimalAt(b, srcTo + 1, srcPortEnd);
  scan.dstPort = decimalAt(b, dstTo + 1, dstPortEnd);
  const body = spacesEndAt(b, dstPortEnd + 1);
  if (body === dstPortEnd + 1 && body < to) return false;
  scan.timeEnd = timeEnd;
  scan.body = body;
  // An IKE message, after one space (as readTcpdumpRow's first search asks).
  if (bytesAt(b, body, 'isakmp:'))
    return body === dstPortEnd + 2 && readIsakmpAt(b, from, to, body);
  // The line says `: Flags [` or `: UDP-encap: ESP(` (as readTcpdumpRow's first search asks), here
  // or further on when more than one space follows the colon.
  if (body !== dstPortEnd + 2 && FLAGS.in(b, from, to) < 0 && ESP_IN_UDP.in(b, from, to) < 0)
    return false;
  if (bytesAt(b, body, 'UDP-encap: ESP(spi=0x')) return readEspInUdp(b, from, to, body + 21);
  // readBody: a TCP segment in the form tcpdump 4 and later print.
  if (!bytesAt(b, body, 'Flags [')) return false;
  const flagsEnd = CLOSE.in(b, body + 7, to);
  if (flagsEnd < 0) return false;
  const length = lengthAt(b, body, to);
  if (length === -2) return false;
  const seqFrom = digitsAfterAt(b, body, to, SEQ, 6);
  const seqTo = seqFrom < 0 ? -1 : digitsEndAt(b, seqFrom);
  const ackFrom = digitsAfterAt(b, body, to, ACK, 6);
  const lastEnd = seqFrom >= 0 && b[seqTo] === 58 /* : */ ? digitsEndAt(b, seqTo + 1) : seqTo;
  let payload = length < 0 ? 0 : length;
  if (seqFrom >= 0 && lastEnd > seqTo + 1) {
    if (seqTo - seqFrom > 15 || lastEnd - seqTo - 1 > 15) return false;
    const span = decimalAt(b, seqTo + 1, lastEnd) - decimalAt(b, seqFrom, seqTo);
    payload = span < 0 ? span + 4_294_967_296 : span;
  }
  if (!readF5SuffixAt(b, from, to, body)) return false;
  scan.kind = LineKind.TCP;
  scan.length = length;
  const none = flagsEnd - body - 7 === 4 && bytesAt(b, body + 7, 'none');
  scan.flagsFrom = body + 7;
  scan.flagsTo = none ? body + 7 : flagsEnd;
  scan.seqFrom = seqFrom;
  scan.seqTo = seqTo;
  scan.ackFrom = ackFrom;
  scan.ackTo = ackFrom < 0 ? -1 : digitsEndAt(b, ackFrom);
  scan.payload = payload;
  return true;
}

/**
 * readBody of `UDP-encap: ESP(spi=0x...,seq=0x...)` (ESP), from the SPI's hex digits on: its SPI
 * (in lower case, as its word) and sequence number into `scan`.
 */
function readEspInUdp(b: Uint8Array, from: number, to: number, hex: number): boolean {
  const spiEnd = hexEndAt(b, hex);
  if (spiEnd === hex || !bytesAt(b, spiEnd, ',seq=0x')) return false;
  const seqEnd = hexEndAt(b, spiEnd + 7);
  if (seqEnd === spiEnd + 7 || b[seqEnd] !== 41 /* ) */) return false;
  if (!readF5SuffixAt(b, from, to, hex)) return false;
  scan.kind = LineKind.ESP_IN_UDP;
  scan.length = lengthAt(b, hex - 21, to);
  scan.flagsFrom = hex - 2;
  scan.flagsTo = spiEnd;
  scan.seqFrom = spiEnd + 5;
  scan.seqTo = seqEnd;
  return true;
}

/** Writes the row of the line readTcpdumpRow last read, on zero-based line `line`, its words numbered by `words`. */
export function writeTcpdumpRow(words: RowWords, line: number, rows: Int32Array, at: number): void {
  const b = scan.bytes;
  if (scan.kind === LineKind.ESP_IN_UDP) {
    writeEspInUdpRow(words, line, rows, at);
    return;
  }
  if (scan.kind === LineKind.ECHO) {
    writeEchoRow(words, line, rows, at);
    return;
  }
  if (scan.kind === LineKind.IKE) {
    writeIkeRow(words, line, rows, at);
    return;
  }
  writeFlow(words, line, rows, at, 'tcp', Form.BY_PORTS);
  // Its likeness: flags, sequence and acknowledgement numbers, payload length (likeness.ts TCP).
  let syn = false;
  for (let i = scan.flagsFrom; i < scan.flagsTo; i++) if (b[i] === 83 /* S */) syn = true;
  const strength = tcpStrength(syn, scan.seqFrom < 0 ? 0 : scan.seqTo - scan.seqFrom);
  startRowLikeness(rows, at, Likeness.TCP, strength);
  mixBytesSpan(b, scan.flagsFrom, scan.flagsTo);
  mixBytesSpan(b, scan.seqFrom, scan.seqTo);
  mixBytesSpan(b, scan.ackFrom, scan.ackTo);
  mixNumberField(scan.payload);
  endRowLikeness(words, rows, at, strength);
}

/**
 * Writes the fields of a row its flow key is made of, in the order FlowKeyTable.describe numbers
 * its words (addresses, protocol: writeHead), with no SPI and the protocol's word as the key's
 * word (the caller writes any other after), and no quote.
 */
function writeFlow(
  words: RowWords,
  line: number,
  rows: Int32Array,
  at: number,
  protocolText: string,
  form: number,
): void {
  writeHead(words, line, rows, at);
  const protocol = words.word(protocolText);
  rows[at + Row.PROTOCOL] = protocol;
  rows[at + Row.SPI] = -1;
  rows[at + Row.FORM] = form;
  rows[at + Row.FORM_WORD] = protocol;
  writeNoQuote(rows, at);
}

/** Starts the likeness of a kind and strength of a row, its fields mixed next (likeness.ts). */
function startRowLikeness(rows: Int32Array, at: number, kind: number, strength: number): void {
  rows[at + Row.KIND] = kind;
  rows[at + Row.STRENGTH] = strength;
  startLikeness(kind);
}

/**
 * Ends the likeness of a row of a strength: its hash and check, which addresses are private for
 * a weak one whose direction the dump does not say (writeRow), then the virtual server's word.
 */
function endRowLikeness(words: RowWords, rows: Int32Array, at: number, strength: number): void {
  endLikeness(rows, at + Row.HASH);
  rows[at + Row.PRIVATE] =
    strength === WEAK && scan.direction === 0
      ? (isPrivateIpv4(scan.src) ? 1 : 0) + (isPrivateIpv4(scan.dst) ? 2 : 0)
      : 0;
  writeVirtualServer(words, rows, at);
}

/** writeTcpdumpRow of ESP in UDP: flowing by its SPI, alike by SPI and sequence number (likeness.ts ESP). */
function writeEspInUdpRow(words: RowWords, line: number, rows: Int32Array, at: number): void {
  const b = scan.bytes;
  writeFlow(words, line, rows, at, 'udp', Form.BY_ESP);
  const spi = spiWordAt(words, b, scan.flagsFrom, scan.flagsTo);
  rows[at + Row.SPI] = spi;
  rows[at + Row.FORM_WORD] = spi;
  // ESP numbers every packet anew: SPI (in lower case) and sequence number.
  writeTwoFieldLikeness(
    rows,
    at,
    Likeness.ESP,
    STRONG,
    b,
    scan.flagsFrom,
    scan.flagsTo,
    scan.seqFrom,
    scan.seqTo,
  );
  writeVirtualServer(words, rows, at);
}

/**
 * readBody of an ICMP echo, from the source address (`srcFrom` to `srcTo`, a space after it) on:
 * `a.b.c.d > e.f.g.h: ICMP echo request|reply` and ICMP_ECHO's `, id N` and `,? seq N` (readEcho).
 */
function readEchoAt(
  b: Uint8Array,
  from: number,
  to: number,
  srcFrom: number,
  srcTo: number,
): boolean {
  if (!bytesAt(b, srcTo, ' > ')) return false;
  const dstFrom = srcTo + 3;
  const dstTo = octetsEnd(b, dstFrom);
  // `: ` and the body right after it (as readTcpdumpRow's first search asks).
  if (dstTo < 0 || !bytesAt(b, dstTo, ': ICMP echo re')) return false;
  const src = ipv4At(b, srcFrom, srcTo);
  const dst = ipv4At(b, dstFrom, dstTo);
  if (src < 0 || dst < 0) return false;
  const body = dstTo + 2;
  let i = body + 12;
  if (bytesAt(b, i, 'quest')) {
    scan.type = 8;
    i += 5;
  } else if (bytesAt(b, i, 'ply')) {
    scan.type = 0;
    i += 3;
  } else return false;
  let idFrom = -1;
  let idTo = -1;
  if (bytesAt(b, i, ', id ') && isDigit(b[i + 5])) {
    idFrom = i + 5;
    i = idTo = digitsEndAt(b, idFrom);
  }
  let seqFrom = -1;
  let seqTo = -1;
  const seq = b[i] === 44 /* , */ ? i + 1 : i;
  if (bytesAt(b, seq, ' seq ') && isDigit(b[seq + 5])) {
    seqFrom = seq + 5;
    seqTo = digitsEndAt(b, seqFrom);
  }
  // An identifier a flow key holds as a number (FlowKeyTable.number), a sequence number a double holds exactly.
  if (idTo - idFrom > 9 || seqTo - seqFrom > 15) return false;
  if (!readF5SuffixAt(b, from, to, body)) return false;
  scan.bytes = b;
  scan.kind = LineKind.ECHO;
  scan.src = src;
  scan.dst = dst;
  scan.srcPort = -1;
  scan.dstPort = -1;
  scan.ackFrom = idFrom;
  scan.ackTo = idTo;
  scan.seqFrom = seqFrom;
  scan.seqTo = seqTo;
  return true;
}

/**
 * readIsakmp of `isakmp:` (ISAKMP without -v's version, msgid and cookie) and IKE_V1's `phase N[/others]
 * I|R exchange` or IKE_V2's `parent_sa|child_sa exchange[IVR]`, from `isakmp:` on; false for any
 * other message (readIsakmp reads it).
 */
function readIsakmpAt(b: Uint8Array, from: number, to: number, body: number): boolean {
  // ISAKMP's `(.*)$`: a line break in the line leaves it unmatched.
  for (let i = body; i < to; i++) if (b[i] === 10 || b[i] === 13) return false;
  let rest = body + 7;
  while (isSpaceByte(b[rest])) rest++;
  let exchangeFrom: number;
  let role = -1;
  if (bytesAt(b, rest, 'phase ') && isDigit(b[rest + 6])) {
    // IKE_V1
    let p = rest + 7;
    if (bytesAt(b, p, '/others')) p += 7;
    if (b[p] !== 32 || (b[p + 1] !== 73 /* I */ && b[p + 1] !== 82) /* R */ || b[p + 2] !== 32)
      return false;
    role = p + 1;
    exchangeFrom = p + 3;
    scan.flagsTo = wordEndAt(b, exchangeFrom);
    if (scan.flagsTo === exchangeFrom) return false;
  } else {
    // IKE_V2
    const sa = bytesAt(b, rest, 'parent_sa')
      ? rest + 9
      : bytesAt(b, rest, 'child_sa')
        ? rest + 8
        : -1;
    if (sa < 0 || !isSpaceByte(b[sa])) return false;
    exchangeFrom = sa + 1;
    while (isSpaceByte(b[exchangeFrom])) exchangeFrom++;
    const exchangeTo = wordEndAt(b, exchangeFrom);
    if (exchangeTo === exchangeFrom || b[exchangeTo] !== 91 /* [ */) return false;
    let i = exchangeTo + 1;
    // `[IVR]*`: the role is R when an R is there, else I when an I is, else none.
    let initiator = -1;
    for (; b[i] === 73 /* I */ || b[i] === 86 /* V */ || b[i] === 82 /* R */; i++) {
      if (b[i] === 82) role = i;
      else if (b[i] === 73) initiator = i;
    }
    if (b[i] !== 93 /* ] */) return false;
    if (role < 0) role = initiator;
    scan.flagsTo = exchangeTo;
  }
  const length = lengthAt(b, body, to);
  if (length === -2) return false;
  if (!readF5SuffixAt(b, from, to, body)) return false;
  scan.kind = LineKind.IKE;
  scan.flagsFrom = exchangeFrom;
  scan.ackFrom = role;
  scan.length = length;
  return true;
}

/** writeTcpdumpRow of an ICMP echo: flowing by its identifier, alike by type, identifier and sequence number (likeness.ts ECHO). */
function writeEchoRow(words: RowWords, line: number, rows: Int32Array, at: number): void {
  const b = scan.bytes;
  writeFlow(words, line, rows, at, 'icmp', Form.BY_ECHO);
  const id = scan.ackFrom < 0 ? undefined : decimalAt(b, scan.ackFrom, scan.ackTo);
  rows[at + Row.FORM_WORD] = id === undefined ? -1 : id;
  if (scan.seqFrom < 0) {
    // An echo without a sequence number has no likeness.
    rows[at + Row.KIND] = -1;
    rows[at + Row.STRENGTH] = WEAK;
    rows[at + Row.HASH] = -1;
    rows[at + Row.CHECK] = 0;
    rows[at + Row.PRIVATE] = 0;
    writeVirtualServer(words, rows, at);
    return;
  }
  const strength = id === undefined ? WEAK : STRONG;
  startRowLikeness(rows, at, Likeness.ECHO, strength);
  mixNumberField(scan.type);
  mixNumberField(id);
  mixNumberField(decimalAt(b, scan.seqFrom, scan.seqTo));
  endRowLikeness(words, rows, at, strength);
}

/** writeTcpdumpRow of an IKE message: flowing by its ports, alike by exchange, role and length (likeness.ts IKE). */
function writeIkeRow(words: RowWords, line: number, rows: Int32Array, at: number): void {
  const b = scan.bytes;
  writeFlow(words, line, rows, at, 'udp', Form.BY_PORTS);
  startRowLikeness(rows, at, Likeness.IKE, WEAK);
  mixBytesSpan(b, scan.flagsFrom, scan.flagsTo);
  if (scan.ackFrom < 0) mixNumberField(undefined);
  else mixBytesSpan(b, scan.ackFrom, scan.ackFrom + 1);
  mixNumberField(scan.length < 0 ? undefined : scan.length);
  endRowLikeness(words, rows, at, WEAK);
}

/** The fields of a row a line's IPv4 addresses and ports give, its addresses numbered first (FlowKeyTable.describe). */
function writeHead(words: RowWords, line: number, rows: Int32Array, at: number): void {
  rows[at + Row.LINE] = line;
  rows[at + Row.END_LINE] = line;
  rows[at + Row.DIALECT] = 1;
  rows[at + Row.DIRECTION] = scan.direction;
  rows[at + Row.ERROR] = 0;
  rows[at + Row.SRC] = words.ipv4Word(scan.src);
  rows[at + Row.DST] = words.ipv4Word(scan.dst);
  rows[at + Row.SRC_PORT] = scan.srcPort;
  rows[at + Row.DST_PORT] = scan.dstPort;
}

/** The virtual server's word, after the row's other words (writeRow). */
function writeVirtualServer(words: RowWords, rows: Int32Array, at: number): void {
  rows[at + Row.VIRTUAL_SERVER] =
    scan.serverFrom < 0 ? -1 : virtualServerWord(words, scan.bytes, scan.serverFrom, scan.serverTo);
}

/** The last virtual server's name and its word, by table: a dump names one or a few on every line. */
let lastServer = '';
let lastServerWords: RowWords | undefined;
let lastServerWord = -1;

function virtualServerWord(words: RowWords, b: Uint8Array, from: number, to: number): number {
  if (words === lastServerWords && to - from === lastServer.length && bytesAt(b, from, lastServer))
    return lastServerWord;
  lastServer = asciiText(b, from, to);
  lastServerWords = words;
  return (lastServerWord = words.virtualServerWord(lastServer));
}

/** plainTimeEnd on a line's bytes: `HH:MM:SS.` and digits, then spaces and a printable character or the end. */
function plainTimeEndAt(b: Uint8Array, from: number): number {
  for (let i = 0; i < 8; i++) {
    const c = b[from + i];
    if (i % 3 === 2 ? c !== 58 /* : */ : c < 48 || c > 57) return 0;
  }
  if (b[from + 8] !== 46 /* . */) return 0;
  const end = digitsEndAt(b, from + 9);
  if (end === from + 9) return 0;
  const next = b[spacesEndAt(b, end)];
  return next === 0 || (next > 32 && next < 127) ? end : 0;
}

/**
 * readF5Suffix by position: the direction and virtual server of F5's suffix, when the line has
 * one, into `scan`. False when the line has more than readTcpdumpRow reads (F5's noise words, a
 * suffix further than readF5Suffix looks, or one not around the first `tmm`).
 */
function readF5SuffixAt(b: Uint8Array, from: number, to: number, body: number): boolean {
  scan.direction = 0;
  scan.serverFrom = -1;
  scan.serverTo = -1;
  scan.viaFrom = -1;
  scan.viaTo = -1;
  // The line's first `tmm`: none is before the body (a time stamp, `IP `, addresses and ports).
  const tmm = TMM.in(b, body, to);
  if (tmm < 0) return true;
  // F5_SUFFIX around the first `tmm`: `\s(in|out) ((?:slot\d+\/)?tmm\d+)`, read backwards.
  let i = tmm;
  if (b[i - 1] === 47 /* / */) {
    i--;
    while (i > from && isDigit(b[i - 1])) i--;
    if (i === tmm - 1 || i - from < 4 || !bytesAt(b, i - 4, 'slot')) return false;
    i -= 4;
  }
  if (i - from < 1 || b[i - 1] !== 32) return false;
  i--;
  let start: number;
  if (i - from >= 3 && bytesAt(b, i - 2, 'in')) {
    start = i - 3;
    scan.direction = 1;
  } else if (i - from >= 4 && bytesAt(b, i - 3, 'out')) {
    start = i - 4;
    scan.direction = 2;
  } else return false;
  if (start < Math.max(from, tmm - 16) || !isSpaceByte(b[start])) return false;
  let end = digitsEndAt(b, tmm + 3);
  if (end === tmm + 3) return false;
  scan.viaFrom = i + 1;
  scan.viaTo = end;
  // `(?:\s+lis=(\S*))?`
  let lis = end;
  while (isSpaceByte(b[lis])) lis++;
  if (lis > end && bytesAt(b, lis, 'lis=')) {
    let nameEnd = lis + 4;
    while (nameEnd < to && !isSpaceByte(b[nameEnd])) nameEnd++;
    if (nameEnd > lis + 4) {
      scan.serverFrom = lis + 4;
      scan.serverTo = nameEnd;
    }
    end = nameEnd;
  }
  return EQUALS.in(b, end, to) < 0;
}

/** The end of four dot-separated octets of one to three digits from `from`; -1 otherwise. */
function octetsEnd(b: Uint8Array, from: number): number {
  let i = from;
  for (let octet = 0; octet < 4; octet++) {
    const end = digitsEndAt(b, i);
    if (end === i || end - i > 3) return -1;
    i = end;
    if (octet < 3) {
      if (b[i] !== 46) return -1;
      i++;
    }
  }
  return i;
}

/** Where the characters `[\w-]` takes from `from` on end. */
function wordEndAt(b: Uint8Array, from: number): number {
  let i = from;
  for (;;) {
    const c = b[i];
    if (
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 95 /* _ */ ||
      c === 45 /* - */
    )
      i++;
    else return i;
  }
}

/** The end of a port of one to five digits from `from`; -1 otherwise. */
function portEnd(b: Uint8Array, from: number): number {
  const end = digitsEndAt(b, from);
  return end === from || end - from > 5 ? -1 : end;
}

/** lengthIn of the body from `from`: its first `length N`; -1 for none, -2 for one of more digits than a double holds exactly. */
function lengthAt(b: Uint8Array, from: number, to: number): number {
  const at = LENGTH.in(b, from, to);
  if (at < 0 || (at > from && b[at - 1] !== 32)) return -1;
  const end = digitsEndAt(b, at + 7);
  if (end === at + 7) return -1;
  return end - at - 7 > 15 ? -2 : decimalAt(b, at + 7, end);
}

/** digitsAfter in the bytes from `from` to `to`: where the digits after the first `label` (`length` bytes) that digits follow start; -1 for none. */
function digitsAfterAt(
  b: Uint8Array,
  from: number,
  to: number,
  label: BytesFinder,
  length: number,
): number {
  for (let at = label.in(b, from, to); at >= 0; at = label.in(b, at + 1, to)) {
    if (isDigit(b[at + length])) return at + length;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
