// The editor reads an open dump and analyses it in one pass (analysis.ts analyseCaptureText):
// each copy's row (copyRows.ts) is written as the copy is read, its words numbered in the table
// the analysis keys its flows with, and the copy is kept as a row of integers (compactCopies.ts)
// whose addresses are that table's words: a dump's addresses are numbered once, not once to keep
// the copies and again to pair them. Most axdebug lines are in the form the inspector reads by
// position (axdebugRows.ts): their rows, and the rows the editor keeps of their copies, are
// written straight from the line's bytes, without the dialect's expressions nor a copy object;
// each is the row the copy parseAxdebugLine builds gives (the property tests compare them).
import { icmpDetails, ikeOnPorts } from '../reading/dialects/axdebug';
import {
  CopyRows,
  L4_ESP,
  L4_ESP_IN_UDP,
  L4_NONE,
  L4_TCP,
  type ReadFields,
} from '../reading/compactCopies';
import { blankCopy, type Dialect, type MutableCopy, type PacketCopy } from '../reading/packet';
import {
  CaptureReader,
  forEachLine,
  type LineRowWriter,
  type ParsedCapture,
  UnrecognisedRuns,
} from '../reading/parser';
import { axdebugScan, readAxdebugRow, writeAxdebugRow } from './axdebugRows';
import { readTcpdumpRow, scannedKind, tcpdumpScan, writeTcpdumpRow } from './tcpdumpRows';
import { Row, writeRow } from './copyRows';
import type { FlowKeyTable } from './flows';
import { bytesAt, decimalAt, digitsEndAt, hexEndAt, isSpaceByte, spacesEndAt } from './textRows';

/**
 * Reads a dump of `lineCount` lines as parseCaptureCompact does, handing `step` each copy kept,
 * in line order, with its row in `row` (all but its KEY), its words numbered by `table`.
 */
export function readCompactly(
  text: string,
  lineCount: number,
  table: FlowKeyTable,
  row: Int32Array,
  step: (copy: PacketCopy) => void,
): ParsedCapture {
  // At most a copy per line: room for as many rows as lines (fitted at the end when far fewer).
  const rows = new CopyRows(text, lineCount, table.texts);
  const copies: PacketCopy[] = [];
  const hand = (copy: PacketCopy): void => {
    copies.push(copy);
    step(copy);
  };
  const unrecognised = new UnrecognisedRuns();
  const lineRows = new CompactLineRows(rows, table, row, hand);
  const reader = new CaptureReader(
    {
      copy: (copy) => {
        row.fill(0);
        writeRow(copy, table, row, 0);
        hand(rows.keep(copy, row[Row.SRC], row[Row.DST]));
      },
      unrecognised: (line, start, end) => unrecognised.add(line, start, end),
    },
    undefined,
    lineRows,
  );
  const lines = forEachLine(text, (lineText, line, start) => {
    lineRows.start = start;
    lineRows.line = line;
    lineRows.end = start + lineText.length;
    reader.line(lineText, line, start);
  });
  reader.end();
  rows.fit();
  return { dialect: reader.dialect, copies, unrecognised: unrecognised.runs, lineCount: lines };
}

/**
 * Keeps the copies of axdebug packet lines in the form readAxdebugRow reads, and of tcpdump TCP
 * segments in the form readTcpdumpRow reads, as rows read from their lines (CopyRows.addRead),
 * and writes their pairing rows (writeAxdebugRow, writeTcpdumpRow); a line whose copy has a
 * field it does not read so (an AH header, an SPI not of eight hex digits, a packet id in
 * capitals, a space other than a space where the dialect's `\s` would take it, a number past
 * what a row holds) is read by the dialect, as any other line.
 */
class CompactLineRows implements LineRowWriter {
  /** Where the line the reader reads next starts and ends, and its zero-based number. */
  start = 0;
  end = 0;
  line = 0;
  private dialect: Dialect = 'axdebug';
  /** The copy of the line `read` took last, and that of the packet `write` wrote last. */
  private next: PacketCopy | undefined;
  private kept: PacketCopy | undefined;
  /** The kept copy's first line said more than its row holds (continuation lines past its 16 bits): handed as a whole copy. */
  private whole: MutableCopy | undefined;
  /** The interfaces and virtual servers of F5's suffix, one string each. */
  private readonly via = new FewTexts();
  private readonly virtualServer = new FewTexts();
  private readonly fields: ReadFields = {
    line: 0,
    start: 0,
    end: 0,
    dialect: 'axdebug',
    direction: undefined,
    ipVersion: 4,
    timeFrom: -1,
    timeTo: -1,
    idFrom: -1,
    idTo: -1,
    port: -1,
    aux: -1,
    protocol: '',
    srcPort: -1,
    dstPort: -1,
    via: undefined,
    virtualServer: undefined,
    length: -1,
    detailsFrom: 0,
    detailsTo: 0,
    l4: L4_NONE,
    l4Word: -1,
    seqFrom: -1,
    seqTo: -1,
    ackFrom: -1,
    ackTo: -1,
    tcpLength: -1,
    icmp: undefined,
    ike: undefined,
  };

  constructor(
    private readonly rows: CopyRows,
    private readonly table: FlowKeyTable,
    private readonly row: Int32Array,
    private readonly hands: (copy: PacketCopy) => void,
  ) {}

  read(dialect: Dialect, text: string): boolean {
    const read =
      dialect === 'axdebug'
        ? readAxdebugRow(text) && this.readAxdebugFields(text)
        : readTcpdumpRow(text) && this.readTcpdumpFields(text);
    if (!read) return false;
    this.dialect = dialect;
    // The packet before it (a tcpdump one, which continuation lines may follow) is handed after this.
    this.next = this.rows.addRead(this.fields);
    return this.next !== undefined;
  }

  write(line: number): void {
    this.kept = this.next;
    this.whole = undefined;
    if (this.dialect === 'axdebug') writeAxdebugRow(this.table, line, this.row, 0);
    else writeTcpdumpRow(this.table, line, this.row, 0);
    this.rows.setAddresses(this.kept!, this.row[Row.SRC], this.row[Row.DST]);
  }

  extend(line: number): void {
    this.row[Row.END_LINE] = line;
    if (this.whole) {
      this.whole.endLine = line;
      this.whole.end = this.end;
    } else if (!this.rows.extendRead(this.kept!, line, this.end)) {
      this.whole = wholeCopy(this.kept!);
      this.whole.endLine = line;
      this.whole.end = this.end;
    }
  }

  hand(): void {
    this.hands(this.whole ?? this.kept!);
  }

  /**
   * The fields of the copy startTcpdumpPacket would build of the TCP segment or ESP in UDP
   * readTcpdumpRow read; false for another kind of line, or an SPI not of eight hex digits.
   */
  private readTcpdumpFields(text: string): boolean {
    const kind = scannedKind();
    if (kind === 0) return false;
    const scan = tcpdumpScan();
    const b = scan.bytes;
    const start = this.start;
    const f = this.fields;
    if (scan.length === -2) return false;
    f.line = this.line;
    f.start = start;
    f.end = start + text.length;
    f.dialect = 'tcpdump';
    f.direction = scan.direction === 0 ? undefined : scan.direction === 1 ? 'in' : 'out';
    f.ipVersion = 4;
    f.timeFrom = start;
    f.timeTo = start + scan.timeEnd;
    f.idFrom = f.idTo = -1;
    f.port = f.aux = -1;
    f.srcPort = scan.srcPort;
    f.dstPort = scan.dstPort;
    f.via = scan.viaFrom < 0 ? undefined : this.via.of(b, scan.viaFrom, scan.viaTo);
    f.virtualServer =
      scan.serverFrom < 0 ? undefined : this.virtualServer.of(b, scan.serverFrom, scan.serverTo);
    f.length = scan.length;
    // The details: all the line says after the addresses.
    f.detailsFrom = start + scan.body;
    f.detailsTo = f.end;
    f.icmp = undefined;
    f.ike = undefined;
    if (kind === 2) {
      // ESP in UDP: its SPI (`0x` and eight hex digits, its word by its value) and sequence number.
      if (scan.flagsTo - scan.flagsFrom !== 10) return false;
      let spi = 0;
      for (let i = scan.flagsFrom + 2; i < scan.flagsTo; i++) {
        const c = b[i] | 32; // in lower case
        spi = spi * 16 + (c <= 57 ? c - 48 : c - 87);
      }
      f.protocol = 'udp';
      f.l4 = L4_ESP_IN_UDP;
      f.l4Word = this.rows.spiWord(spi);
      f.seqFrom = start + scan.seqFrom;
      f.seqTo = start + scan.seqTo;
      f.ackFrom = f.ackTo = -1;
      f.tcpLength = -1;
      return true;
    }
    // A payload the sequence numbers make negative (`seq 12345678901:2`) is no row's.
    if (scan.payload < 0) return false;
    f.protocol = 'tcp';
    f.l4 = L4_TCP;
    f.l4Word = this.rows.wordOfBytes(b, scan.flagsFrom, scan.flagsTo);
    // No sequence or acknowledgement number: an empty text, where the copy starts.
    f.seqFrom = scan.seqFrom < 0 ? start : start + scan.seqFrom;
    f.seqTo = scan.seqFrom < 0 ? start : start + scan.seqTo;
    f.ackFrom = scan.ackFrom < 0 ? start : start + scan.ackFrom;
    f.ackTo = scan.ackFrom < 0 ? start : start + scan.ackTo;
    f.tcpLength = scan.payload;
    return true;
  }

  /** The fields of the copy parseAxdebugLine would build of the line readAxdebugRow read; false when they are not all read so. */
  private readAxdebugFields(text: string): boolean {
    const scan = axdebugScan();
    const b = scan.bytes;
    const start = this.start;
    const f = this.fields;
    // The copy's id is in lower case: one written otherwise is not where it stands.
    for (let i = scan.idFrom; i < scan.idTo; i++) if (b[i] >= 65 && b[i] <= 70) return false;
    if (scan.portTo - scan.portFrom > 9 || scan.auxTo - scan.auxFrom > 9) return false;
    f.line = this.line;
    f.start = start;
    f.end = start + text.length;
    f.dialect = 'axdebug';
    f.direction = scan.received ? 'in' : 'out';
    f.timeFrom = start + scan.timeFrom;
    f.timeTo = start + scan.timeTo;
    f.idFrom = start + scan.idFrom;
    f.idTo = start + scan.idTo;
    f.port = decimalAt(b, scan.portFrom, scan.portTo);
    f.aux = decimalAt(b, scan.auxFrom, scan.auxTo);
    f.ipVersion = 4;
    for (let i = scan.srcFrom; i < scan.srcTo; i++) if (b[i] === 58 /* : */) f.ipVersion = 6;
    f.protocol = scan.protocol;
    f.via = f.virtualServer = undefined;
    f.length = -1;
    // The details, trimmed (PACKET's last group, trimmed).
    const details = scan.details;
    let to = text.length;
    while (to > details && isSpaceByte(b[to - 1])) to--;
    f.detailsFrom = start + details;
    f.detailsTo = start + to;
    f.srcPort = scan.srcPort;
    f.dstPort = scan.dstPort;
    f.l4 = L4_NONE;
    f.l4Word = -1;
    f.seqFrom = f.seqTo = f.ackFrom = f.ackTo = -1;
    f.tcpLength = -1;
    f.icmp = undefined;
    f.ike = undefined;
    switch (scan.protocol) {
      case 'tcp':
        return scan.srcPort < 0 || this.readTcp(b, details);
      case 'udp':
        if (scan.srcPort >= 0) f.ike = ikeOnPorts(scan.srcPort, scan.dstPort);
        return true;
      case 'icmp':
        f.icmp = icmpDetails(text.slice(details, to));
        return true;
      case 'esp':
        return this.readEsp(b, details);
      case 'ah':
        return false;
    }
    return true;
  }

  /**
   * TCP's flags, sequence and acknowledgement numbers and length after the ports at the start of
   * the details, `from` (PORTS: `22518 > 1521 S 192198c5:0(0)`), when they are there.
   */
  private readTcp(b: Uint8Array, from: number): boolean {
    let i = spacesEndAt(b, digitsEndAt(b, from)); // the `>` readAxdebugRow found
    const dstEnd = digitsEndAt(b, spacesEndAt(b, i + 1));
    if (b[dstEnd] !== 32) return !isSpaceByte(b[dstEnd]);
    const flagsFrom = spacesEndAt(b, dstEnd);
    if (isSpaceByte(b[flagsFrom])) return false;
    i = flagsFrom;
    while (isLetter(b[i]) || b[i] === 46 /* . */) i++;
    const flagsTo = i;
    if (flagsTo === flagsFrom) return true;
    if (b[i] !== 32) return !isSpaceByte(b[i]);
    const seqFrom = spacesEndAt(b, i);
    if (isSpaceByte(b[seqFrom])) return false;
    const seqTo = hexEndAt(b, seqFrom);
    if (seqTo === seqFrom || b[seqTo] !== 58 /* : */) return true;
    const ackTo = hexEndAt(b, seqTo + 1);
    if (ackTo === seqTo + 1 || b[ackTo] !== 40 /* ( */) return true;
    const lengthTo = digitsEndAt(b, ackTo + 1);
    if (lengthTo === ackTo + 1 || b[lengthTo] !== 41 /* ) */) return true;
    if (lengthTo - ackTo - 1 > 9) return false;
    const f = this.fields;
    const start = this.start;
    f.l4 = L4_TCP;
    f.l4Word = this.rows.wordOfBytes(b, flagsFrom, flagsTo);
    f.seqFrom = start + seqFrom;
    f.seqTo = start + seqTo;
    f.ackFrom = start + seqTo + 1;
    f.ackTo = start + ackTo;
    f.tcpLength = decimalAt(b, ackTo + 1, lengthTo);
    return true;
  }

  /** ESP's SPI and sequence number at the start of the details, `from` (SPI_SEQ: `spi=0x1234abcd seq=0x1a`), when they are there. */
  private readEsp(b: Uint8Array, from: number): boolean {
    if (!bytesAt(b, from, 'spi=0x')) return true;
    const spiFrom = from + 6;
    const spiTo = hexEndAt(b, spiFrom);
    if (spiTo === spiFrom) return true;
    // The SPI's word by its value: one written otherwise is read by the dialect.
    if (spiTo - spiFrom !== 8) return false;
    let spi = 0;
    for (let i = spiFrom; i < spiTo; i++) {
      const c = b[i] | 32; // in lower case
      spi = spi * 16 + (c <= 57 ? c - 48 : c - 87);
    }
    const f = this.fields;
    const start = this.start;
    // No sequence number: an empty text, where the copy starts.
    f.seqFrom = f.seqTo = start;
    if (b[spiTo] === 32) {
      const seq = spacesEndAt(b, spiTo);
      if (isSpaceByte(b[seq])) return false;
      const seqTo = hexEndAt(b, seq + 6);
      if (bytesAt(b, seq, 'seq=0x') && seqTo > seq + 6) {
        f.seqFrom = start + seq + 4;
        f.seqTo = start + seqTo;
      }
    } else if (isSpaceByte(b[spiTo])) {
      return false;
    }
    f.l4 = L4_ESP;
    f.l4Word = this.rows.spiWord(spi);
    return true;
  }
}

/** A copy whose fields are those of a copy kept as a row, as a whole copy of its own. */
function wholeCopy(kept: PacketCopy): MutableCopy {
  const copy = blankCopy(kept.dialect, kept.line, kept.start, kept.end);
  for (const field of Object.keys(copy) as (keyof MutableCopy)[])
    (copy as Record<keyof MutableCopy, unknown>)[field] = kept[field];
  return copy;
}

/**
 * The texts of bytes asked for (F5's suffix names a few interfaces and servers, line after line):
 * each made once and found again by its bytes, the last few kept.
 */
class FewTexts {
  private readonly texts: string[] = [];

  of(b: Uint8Array, from: number, to: number): string {
    const texts = this.texts;
    for (let t = texts.length - 1; t >= 0; t--) {
      const text = texts[t];
      if (text.length !== to - from) continue;
      let i = 0;
      while (i < text.length && text.charCodeAt(i) === b[from + i]) i++;
      if (i === text.length) return text;
    }
    const text = String.fromCharCode.apply(null, Array.from(b.subarray(from, to)));
    if (texts.push(text) > FEW) texts.shift();
    return text;
  }
}

/** How many texts FewTexts keeps. */
const FEW = 16;

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
