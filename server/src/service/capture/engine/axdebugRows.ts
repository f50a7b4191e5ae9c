// A row straight from an axdebug line (textRows.ts): the packet line in the form the dialect's
// PACKET expression reads (reading/dialects/axdebug.ts), with a packet id, taken apart by
// position. readAxdebugRow reads where its fields are, writeAxdebugRow numbers its words and
// writes the row, once the reader has handed out the packet before it. The names in capitals and
// the functions named in the comments are reading/dialects/axdebug.ts's.
import { Form, Row } from './copyRows';
import { EXACT, Likeness } from './likeness';
import {
  addressWordAt,
  asciiText,
  bytesAt,
  decimalAt,
  digitsEndAt,
  hexEndAt,
  isSpaceByte,
  lineBytes,
  type RowWords,
  spacesEndAt,
  spiWordAt,
  writeNoQuote,
  writeTwoFieldLikeness,
} from './textRows';

/** The longest axdebug line read by position. */
const LONGEST = 4096;

/** The line readAxdebugRow last read, its bytes, and where its fields are. */
const scan = {
  bytes: new Uint8Array(0) as Uint8Array,
  timeFrom: 0,
  timeTo: 0,
  received: false,
  /** The balancer port and the number after it (digits). */
  portFrom: 0,
  portTo: 0,
  auxFrom: 0,
  auxTo: 0,
  idFrom: 0,
  idTo: 0,
  srcFrom: 0,
  srcTo: 0,
  dstFrom: 0,
  dstTo: 0,
  protocol: '',
  /** Where the details start (after the protocol's spaces). */
  details: 0,
  srcPort: -1,
  dstPort: -1,
  spiFrom: -1,
  spiTo: -1,
  /** The ICMP type, -1 for none. */
  icmpType: -1,
};

/**
 * Reads an axdebug packet line with a packet id, ASCII, in the form PACKET reads, as
 * parseAxdebugLine would; false for any other line (parseAxdebugLine reads it).
 */
export function readAxdebugRow(text: string): boolean {
  if (text.charCodeAt(0) !== 64 /* @ */) return false;
  const b = lineBytes(text, LONGEST);
  // PACKET's `.*` takes no line break: a line with one (a line cut elsewhere) is read another way.
  if (!b || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) return false;
  return readAxdebugRowAt(b, 0, text.length);
}

/**
 * readAxdebugRow of a line that is the bytes from `from` to `to` of `b`, followed by a 0: ASCII,
 * without a line break.
 */
export function readAxdebugRowAt(b: Uint8Array, from: number, to: number): boolean {
  if (b[from] !== 64 /* @ */ || to - from > LONGEST) return false;
  let i = digitsEndAt(b, from + 1);
  if (i === from + 1) return false;
  scan.timeFrom = from + 1;
  scan.timeTo = i;
  i = spacesEndAt(b, i);
  const direction = b[i];
  if (direction !== 105 /* i */ && direction !== 111 /* o */) return false;
  scan.received = direction === 105;
  i = spacesEndAt(b, i + 1);
  if (b[i] !== 40 /* ( */) return false;
  let number = spacesEndAt(b, i + 1);
  i = digitsEndAt(b, number);
  if (i === number) return false;
  scan.portFrom = number;
  scan.portTo = i;
  i = spacesEndAt(b, i);
  if (b[i] !== 44 /* , */) return false;
  number = spacesEndAt(b, i + 1);
  i = digitsEndAt(b, number);
  if (i === number) return false;
  scan.auxFrom = number;
  scan.auxTo = i;
  i = spacesEndAt(b, i);
  if (b[i] !== 44 /* , */) return false; // no packet id: its likeness is read from the copy
  scan.idFrom = spacesEndAt(b, i + 1);
  i = hexEndAt(b, scan.idFrom);
  if (i === scan.idFrom) return false;
  scan.idTo = i;
  i = spacesEndAt(b, i);
  if (b[i] !== 41 /* ) */) return false;
  i = spacesEndAt(b, i + 1);
  if (b[i] !== 62 /* > */) return false;
  i = spacesEndAt(b, i + 1);
  if (b[i] !== 105 /* i */ || b[i + 1] !== 112 /* p */) return false;
  i += 2;
  if (b[i] === 54 /* 6 */) i++;
  if (b[i] !== 32) return false;
  scan.srcFrom = spacesEndAt(b, i);
  i = addressEnd(b, scan.srcFrom);
  if (i === scan.srcFrom) return false;
  scan.srcTo = i;
  i = spacesEndAt(b, i);
  if (b[i] !== 62 /* > */) return false;
  scan.dstFrom = spacesEndAt(b, i + 1);
  i = addressEnd(b, scan.dstFrom);
  if (i === scan.dstFrom) return false;
  scan.dstTo = i;
  if (b[i] !== 32) return false;
  const protocolFrom = spacesEndAt(b, i);
  if (!isLetter(b[protocolFrom])) return false;
  i = protocolFrom + 1;
  while (isWordCharacter(b[i])) i++;
  const protocol = protocolAt(b, protocolFrom, i);
  // The details, where PACKET's `\s*` would take no more than spaces.
  const details = spacesEndAt(b, i);
  if (details < to && isSpaceByte(b[details])) return false;
  scan.bytes = b;
  scan.protocol = protocol;
  scan.details = details;
  scan.srcPort = -1;
  scan.dstPort = -1;
  scan.spiFrom = -1;
  scan.spiTo = -1;
  scan.icmpType = -1;
  switch (protocol) {
    case 'tcp':
    case 'udp':
      return readPorts(b, details);
    case 'icmp':
      return readIcmpType(b, details);
    case 'esp':
    case 'ah':
      // SPI_SEQ: the SPI names the flow.
      if (bytesAt(b, details, 'spi=0x')) {
        const spiEnd = hexEndAt(b, details + 6);
        if (spiEnd > details + 6) {
          scan.spiFrom = details + 4;
          scan.spiTo = spiEnd;
        }
      }
      return true;
  }
  return true;
}

/** Where the fields of the line readAxdebugRow last read are (the editor keeps its copy from them: compactReading.ts). */
export function axdebugScan(): Readonly<typeof scan> {
  return scan;
}

/** Writes the row of the line readAxdebugRow last read, on zero-based line `line`, its words numbered by `words`. */
export function writeAxdebugRow(words: RowWords, line: number, rows: Int32Array, at: number): void {
  const b = scan.bytes;
  const type = scan.icmpType;
  rows[at + Row.LINE] = line;
  rows[at + Row.END_LINE] = line;
  rows[at + Row.DIALECT] = 0;
  rows[at + Row.DIRECTION] = scan.received ? 1 : 2;
  const error = isErrorType(type);
  rows[at + Row.ERROR] = error ? 1 : 0;
  // The words in the order FlowKeyTable.describe numbers them: addresses, protocol, SPI.
  const src = addressWordAt(words, b, scan.srcFrom, scan.srcTo);
  const dst = addressWordAt(words, b, scan.dstFrom, scan.dstTo);
  const protocol = words.word(scan.protocol);
  const spi = scan.spiFrom < 0 ? -1 : spiWordAt(words, b, scan.spiFrom, scan.spiTo);
  rows[at + Row.SRC] = src;
  rows[at + Row.DST] = dst;
  rows[at + Row.PROTOCOL] = protocol;
  rows[at + Row.SPI] = spi;
  rows[at + Row.SRC_PORT] = scan.srcPort;
  rows[at + Row.DST_PORT] = scan.dstPort;
  let form: number = Form.BY_ADDRESSES;
  let word = protocol;
  if (spi >= 0) {
    form = scan.protocol === 'esp' ? Form.BY_ESP : Form.BY_AH;
    word = spi;
  } else if (error) {
    form = -1;
  } else if (type === 8 || type === 0) {
    form = Form.BY_ECHO;
    word = -1; // axdebug prints no echo identifier
  } else if (scan.srcPort >= 0) {
    form = Form.BY_PORTS;
  }
  rows[at + Row.FORM] = form;
  rows[at + Row.FORM_WORD] = word;
  writeNoQuote(rows, at);
  // Copies with a packet id are one packet by name: the id (in lower case) and the tick.
  writeTwoFieldLikeness(
    rows,
    at,
    Likeness.ID,
    EXACT,
    b,
    scan.idFrom,
    scan.idTo,
    scan.timeFrom,
    scan.timeTo,
  );
  rows[at + Row.VIRTUAL_SERVER] = -1;
}

/** `22518 > 1521` at the start of the details (PORTS): the ports; true whether or not they are there. */
function readPorts(b: Uint8Array, from: number): boolean {
  const srcEnd = digitsEndAt(b, from);
  if (srcEnd === from) return true;
  const i = spacesEndAt(b, srcEnd);
  if (isSpaceByte(b[i])) return false;
  if (b[i] !== 62 /* > */) return true;
  const dst = spacesEndAt(b, i + 1);
  if (isSpaceByte(b[dst])) return false;
  const dstEnd = digitsEndAt(b, dst);
  if (dstEnd === dst) return true;
  // A port of ten digits or more is a word of its text in a row (FlowKeyTable.number): the copy's way.
  if (srcEnd - from > 9 || dstEnd - dst > 9) return false;
  scan.srcPort = decimalAt(b, from, srcEnd);
  scan.dstPort = decimalAt(b, dst, dstEnd);
  return true;
}

/** The ICMP type icmpDetails reads from the details (ICMP_ECHO, ICMP_TYPE), into `scan`; false where `\s+` takes more than spaces. */
function readIcmpType(b: Uint8Array, from: number): boolean {
  if (bytesAt(b, from, 'echo')) {
    let i = from + 4;
    if (b[i] !== 32) return !isSpaceByte(b[i]);
    i = spacesEndAt(b, i);
    if (isSpaceByte(b[i])) return false;
    if (!bytesAt(b, i, '(ping)')) return true;
    i += 6;
    if (b[i] !== 32) return !isSpaceByte(b[i]);
    i = spacesEndAt(b, i);
    if (isSpaceByte(b[i])) return false;
    if (bytesAt(b, i, 'request')) scan.icmpType = 8;
    else if (bytesAt(b, i, 'reply')) scan.icmpType = 0;
    return true;
  }
  if (!bytesAt(b, from, 'type=')) return true;
  const digits = from + 5;
  let i = digitsEndAt(b, digits);
  if (i === digits) return true;
  const type = decimalAt(b, digits, i);
  if (b[i] !== 32) return !isSpaceByte(b[i]);
  i = spacesEndAt(b, i);
  if (isSpaceByte(b[i])) return false;
  if (bytesAt(b, i, 'code=') && digitsEndAt(b, i + 5) > i + 5) scan.icmpType = type;
  return true;
}

function isErrorType(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

/** The protocol word from `from` to `to`, in lower case (protocolName). */
function protocolAt(b: Uint8Array, from: number, to: number): string {
  const length = to - from;
  if (length === 3) {
    if (bytesAt(b, from, 'tcp')) return 'tcp';
    if (bytesAt(b, from, 'udp')) return 'udp';
    if (bytesAt(b, from, 'esp')) return 'esp';
    if (bytesAt(b, from, 'gre')) return 'gre';
  } else if (length === 4 && bytesAt(b, from, 'icmp')) return 'icmp';
  else if (length === 2 && bytesAt(b, from, 'ah')) return 'ah';
  return asciiText(b, from, to).toLowerCase();
}

/** The end of an address as PACKET reads one: letters, digits, `.`, `*` and `:`. */
function addressEnd(b: Uint8Array, from: number): number {
  let i = from;
  for (;;) {
    const c = b[i];
    if (isLetter(c) || (c >= 48 && c <= 58) || c === 46 || c === 42) i++;
    else return i;
  }
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** `\w` or `-`. */
function isWordCharacter(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}
