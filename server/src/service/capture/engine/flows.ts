// Which flow a packet copy belongs to, seen from its own side of the balancer, and the joining of
// flow keys into flows: a packet whose copies show different keys (it was translated) makes the
// keys of both sides one flow. Used alike by the editor's analysis and the streaming inspector.
// A key is looked up for every copy of a dump (a million in a large one), so keys are numbers:
// the addresses, protocols and SPIs a key is made of are numbered once, as words, and a key is
// the number of its tuple of word numbers and ports (tupleIds.ts).
import type { Packet, PacketCopy, QuotedPacket } from '../reading/packet';
import { isIcmpEcho, isIcmpError } from '../reading/packet';
import { Form, Row } from './copyRows';
import { TupleIds } from './tupleIds';

/** What a flow carries: tcp, udp, esp (plain or in UDP), ah, icmp-echo, or another protocol's name. */
export type FlowKind = string;

/**
 * A copy of `text` that shares no memory with the line it was cut from. JavaScript engines keep
 * a substring as a view of its whole source (V8 does from 13 characters on): a key kept for the
 * whole dump would keep each piece of the dump it was cut from alive. Concatenating, then
 * slicing, makes the engine write the characters out anew.
 */
export function detach(text: string): string {
  return (' ' + text).slice(1);
}

/** The forms a flow key takes: the first integer of its tuple. */
const { BY_PORTS, BY_ESP, BY_AH, BY_ECHO, BY_ADDRESSES } = Form;

/**
 * The key of the flow a copy belongs to, from that copy's side of the balancer, as a number: TCP
 * and UDP by 5-tuple, ESP and AH by SPI and peer pair, ICMP echo by identifier and address pair,
 * any other IP protocol by address pair, whichever way the packet goes. ICMP errors, ARP and
 * packets without addresses belong to no flow of their own (an error joins the flow it reports
 * on). Two copies have the same key exactly when their words and ports are the same: no string is
 * built per copy, and a dump's keys take a few arrays. The table also gives back each word's
 * text, for the inspector's drafts (drafts.ts).
 */
export class FlowKeyTable {
  /** Addresses as written, protocols, SPIs (and numbers too large for a tuple): their numbers. */
  private readonly words = new Map<string, number>();
  /** The words' texts, by number. */
  readonly texts: string[] = [];
  /** Addresses written as IPv4 addresses (most of a dump's), by their 32-bit value: their words' numbers. */
  private readonly ipv4Words = new WordsByValue();
  /** SPIs by their 32-bit value (spiWord): their words' numbers. */
  private readonly spiWords = new WordsByValue();
  /** The words below are found by their text or value; those from it on were appended (appendWords) and are not yet. */
  private indexed = 0;
  /** Per word: its IPv4 address's value when it is one, -1 otherwise. */
  readonly ipv4s: number[] = [];
  private readonly tuples = new TupleIds();
  /** The protocols protocolWord last looked up, by first letter (a newline: none), and their words. */
  private readonly protocolTexts: string[] = new Array<string>(8).fill('\n');
  private readonly protocolWords = new Int32Array(8);
  /** The virtual server virtualServerWord last looked up (a newline: none), and its word. */
  private lastVirtualServer = '\n';
  private lastVirtualServerWord = -1;

  /** How many keys there are: every key is below. */
  get size(): number {
    return this.tuples.size;
  }

  /** How many words there are: every word is below. */
  get wordCount(): number {
    return this.texts.length;
  }

  /**
   * Writes a copy's words and what its flow key and its quote's key are made of into its row
   * (copyRows.ts): TCP and UDP by 5-tuple, ESP and AH by SPI and peer pair, ICMP echo by
   * identifier and address pair, any other IP protocol by address pair.
   */
  describe(copy: PacketCopy, rows: Int32Array, at: number): void {
    const src = copy.src === '' ? -1 : this.address(copy.src);
    const dst = copy.dst === '' ? -1 : this.address(copy.dst);
    const protocol = this.protocolWord(copy.protocol);
    const spi = copy.esp?.spi ?? copy.ah?.spi;
    const spiWord = spi === undefined ? -1 : this.spiTextWord(spi);
    rows[at + Row.SRC] = src;
    rows[at + Row.DST] = dst;
    rows[at + Row.PROTOCOL] = protocol;
    rows[at + Row.SPI] = spiWord;
    rows[at + Row.SRC_PORT] = this.number(copy.srcPort);
    rows[at + Row.DST_PORT] = this.number(copy.dstPort);
    let form: number = BY_ADDRESSES;
    let word = protocol;
    if (src < 0 || dst < 0 || copy.arp !== undefined) {
      form = -1;
    } else if (copy.esp || copy.ah) {
      form = copy.esp ? BY_ESP : BY_AH;
      word = spiWord;
    } else if (copy.icmp && isIcmpError(copy)) {
      form = -1;
    } else if (copy.icmp && isIcmpEcho(copy)) {
      form = BY_ECHO;
      word = this.number(copy.icmp.id);
    } else if (
      (copy.protocol === 'tcp' || copy.protocol === 'udp') &&
      copy.srcPort !== undefined &&
      copy.dstPort !== undefined
    ) {
      form = BY_PORTS;
    }
    rows[at + Row.FORM] = form;
    rows[at + Row.FORM_WORD] = word;
    this.describeQuote(copy.icmp?.quoted, rows, at);
  }

  /** The quote's part of a row: the quoted destination, and what the quoted packet's flow key is made of. */
  private describeQuote(quoted: QuotedPacket | undefined, rows: Int32Array, at: number): void {
    rows[at + Row.QUOTE] = quoted ? 1 : 0;
    rows[at + Row.QUOTED_DST] = quoted && quoted.dst !== '' ? this.address(quoted.dst) : -1;
    rows[at + Row.QUOTED_FORM] = -1;
    rows[at + Row.QUOTED_WORD] = -1;
    rows[at + Row.QUOTED_SRC] = -1;
    rows[at + Row.QUOTED_SRC_PORT] = -1;
    rows[at + Row.QUOTED_DST_PORT] = -1;
    if (!quoted || quoted.src === undefined || quoted.protocol === undefined) return;
    const dst = this.address(quoted.dst);
    rows[at + Row.QUOTED_DST] = dst;
    rows[at + Row.QUOTED_SRC] = this.address(quoted.src);
    if (quoted.spi !== undefined) {
      rows[at + Row.QUOTED_FORM] = BY_ESP;
      rows[at + Row.QUOTED_WORD] = this.spiTextWord(quoted.spi);
      return;
    }
    rows[at + Row.QUOTED_WORD] = this.word(quoted.protocol);
    if (
      (quoted.protocol === 'tcp' || quoted.protocol === 'udp') &&
      quoted.srcPort !== undefined &&
      quoted.dstPort !== undefined
    ) {
      rows[at + Row.QUOTED_FORM] = BY_PORTS;
      rows[at + Row.QUOTED_SRC_PORT] = this.number(quoted.srcPort);
      rows[at + Row.QUOTED_DST_PORT] = this.number(quoted.dstPort);
    } else {
      rows[at + Row.QUOTED_FORM] = BY_ADDRESSES;
    }
  }

  /** Sets the KEY of a row whose words are this table's: the key of the flow its copy belongs to, -1 for none. */
  keyOfRow(rows: Int32Array, at: number): number {
    const form = rows[at + Row.FORM];
    const key =
      form < 0
        ? -1
        : form === BY_PORTS
          ? this.key(
              form,
              rows[at + Row.PROTOCOL],
              rows[at + Row.SRC],
              rows[at + Row.SRC_PORT],
              rows[at + Row.DST],
              rows[at + Row.DST_PORT],
            )
          : this.key(
              form,
              rows[at + Row.FORM_WORD],
              rows[at + Row.SRC],
              -1,
              rows[at + Row.DST],
              -1,
            );
    rows[at + Row.KEY] = key;
    return key;
  }

  /** The key of the flow of the packet an ICMP error's row quotes, when the quote says enough to know it; -1 otherwise. */
  quotedKeyOfRow(rows: Int32Array, at: number): number {
    const form = rows[at + Row.QUOTED_FORM];
    if (form < 0) return -1;
    const src = rows[at + Row.QUOTED_SRC];
    const dst = rows[at + Row.QUOTED_DST];
    return form === BY_PORTS
      ? this.key(
          form,
          rows[at + Row.QUOTED_WORD],
          src,
          rows[at + Row.QUOTED_SRC_PORT],
          dst,
          rows[at + Row.QUOTED_DST_PORT],
        )
      : this.key(form, rows[at + Row.QUOTED_WORD], src, -1, dst, -1);
  }

  /**
   * The number here of a word another table numbered (a row read on another thread): its text,
   * and the value of the IPv4 address it is (-1 for any other word), as that table has them.
   */
  adopt(text: string, ipv4: number): number {
    this.catchUp();
    if (ipv4 < 0) return this.word(text);
    const id = this.ipv4Words.get(ipv4);
    return id >= 0 ? id : this.ipv4Words.set(ipv4, this.newWord(text, ipv4));
  }

  /** The key of a form, a word and two ends (an address's word and a port number, -1 for none), in either order. */
  private key(
    form: number,
    word: number,
    x: number,
    xPort: number,
    y: number,
    yPort: number,
  ): number {
    return x < y || (x === y && xPort <= yPort)
      ? this.tuples.id(form, word, x, xPort, y, yPort)
      : this.tuples.id(form, word, y, yPort, x, xPort);
  }

  /**
   * The number of a protocol's word. Most copies name one of a few protocols: the last few are
   * remembered by their first letter, which a comparison finds sooner than a look-up in `words`.
   */
  private protocolWord(text: string): number {
    const slot = text.charCodeAt(0) & 7;
    if (this.protocolTexts[slot] === text) return this.protocolWords[slot];
    const word = this.word(text);
    this.protocolTexts[slot] = text;
    this.protocolWords[slot] = word;
    return word;
  }

  /**
   * The word of an F5 virtual server's name. An F5 dump names one or a few virtual servers on
   * every line: the last one is known by a comparison, sooner than by a look-up in `words`.
   */
  virtualServerWord(text: string): number {
    if (text === this.lastVirtualServer) return this.lastVirtualServerWord;
    this.lastVirtualServer = text;
    return (this.lastVirtualServerWord = this.word(text));
  }

  /**
   * The number of a word, giving it the next one when it is new. An SPI written as the text form
   * writes it (spiWord) is found by its value.
   */
  word(text: string): number {
    this.catchUp();
    let id = this.words.get(text);
    if (id === undefined) {
      const spi = spiValue(text);
      if (spi >= 0) return this.spiWord(spi);
      id = this.newWord(text, -1);
      this.words.set(this.texts[id], id);
    }
    return id;
  }

  /** The word of an SPI as written: by its value when written as spiWord writes it. */
  private spiTextWord(text: string): number {
    const spi = spiValue(text);
    return spi >= 0 ? this.spiWord(spi) : this.word(text);
  }

  /**
   * Takes the words another table numbered, in its order, as the next words here (the caller
   * knows this table's words are that table's so far): found by their text or value only once a
   * look-up needs them, as the command line's main thread, which takes the words a worker read a
   * binary capture with, never does.
   */
  appendWords(texts: readonly string[], ipv4s: readonly number[]): void {
    for (let i = 0; i < texts.length; i++) {
      this.texts.push(texts[i]);
      this.ipv4s.push(ipv4s[i]);
    }
  }

  /** Makes the words appended (appendWords) found by their text or value, as every other word is. */
  private catchUp(): void {
    for (; this.indexed < this.texts.length; this.indexed++) {
      const word = this.indexed;
      const text = this.texts[word];
      const ipv4 = this.ipv4s[word];
      const spi = ipv4 < 0 ? spiValue(text) : -1;
      if (ipv4 >= 0) this.ipv4Words.set(ipv4, word);
      else if (spi >= 0) this.spiWords.set(spi, word);
      else this.words.set(text, word);
    }
  }

  /**
   * The word of an IPv4 address by its 32-bit value (a frame's bytes, frameRows.ts): the word its
   * dotted text has, its text written only the first time.
   */
  ipv4Word(value: number): number {
    this.catchUp();
    const id = this.ipv4Words.get(value);
    return id >= 0
      ? id
      : this.ipv4Words.set(
          value,
          this.newWord(
            `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`,
            value >>> 0,
          ),
        );
  }

  /**
   * The word of an SPI by its 32-bit value (a frame's bytes, frameRows.ts): the word of its text
   * as the text form writes it (`0x` and eight hex digits), that text written only the first time.
   */
  spiWord(value: number): number {
    this.catchUp();
    const id = this.spiWords.get(value);
    return id >= 0
      ? id
      : this.spiWords.set(
          value,
          this.newWord(`0x${(value >>> 0).toString(16).padStart(8, '0')}`, -1, false),
        );
  }

  /**
   * The number of an address as written. An IPv4 address written the usual way is looked up by
   * its value, which is cheaper than by its text; any other address (masked, IPv6, a name) is a word.
   */
  private address(text: string): number {
    this.catchUp();
    const value = ipv4Value(text);
    if (value < 0) return this.word(text);
    const id = this.ipv4Words.get(value);
    return id >= 0 ? id : this.ipv4Words.set(value, this.newWord(text, value));
  }

  /** A new word (of a text cut from a line unless `cut` is false: written out anew), found by its text or value once the caller sets it in its map. */
  private newWord(text: string, ipv4: number, cut = true): number {
    this.texts.push(cut ? detach(text) : text);
    this.ipv4s.push(ipv4);
    this.indexed = this.texts.length;
    return this.texts.length - 1;
  }

  /**
   * A port or an identifier as a number that fits a tuple: itself, -1 for none, and for a number
   * too large (or not whole) -2 minus the word of its text.
   */
  number(value: number | undefined): number {
    if (value === undefined) return -1;
    return value >= 0 && value < 0x80000000 && (value | 0) === value
      ? value
      : -2 - this.word(String(value));
  }
}

/**
 * Word numbers by 32-bit value: an open-addressing table over typed arrays, looked up twice per
 * copy, cheaper than a Map of numbers and a few compact arrays however many addresses a dump has.
 */
/** The value of an SPI written as spiWord writes it (`0x` and eight lower-case hex digits), -1 for any other text. */
function spiValue(text: string): number {
  if (text.length !== 10 || text.charCodeAt(0) !== 48 || text.charCodeAt(1) !== 120) return -1;
  let value = 0;
  for (let i = 2; i < 10; i++) {
    const code = text.charCodeAt(i);
    const digit = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

class WordsByValue {
  /** Per slot: the value (as an int32). */
  private values = new Int32Array(1024);
  /** Per slot: its word, -1 for an empty slot. */
  private words = new Int32Array(1024).fill(-1);
  private count = 0;

  /** The word of a value, -1 for none. */
  get(value: number): number {
    const mask = this.words.length - 1;
    const key = value | 0;
    for (let slot = homeSlot(key, mask); ; slot = (slot + 1) & mask) {
      const word = this.words[slot];
      if (word < 0 || this.values[slot] === key) return word;
    }
  }

  /** Gives a value (not in the table) its word; answers the word. */
  set(value: number, word: number): number {
    if (2 * (this.count + 1) > this.words.length) this.grow();
    this.place(value | 0, word);
    this.count++;
    return word;
  }

  private place(key: number, word: number): void {
    const mask = this.words.length - 1;
    let slot = homeSlot(key, mask);
    while (this.words[slot] >= 0) slot = (slot + 1) & mask;
    this.values[slot] = key;
    this.words[slot] = word;
  }

  /** Doubles the slots, keeping them at most half full so that probes stay short. */
  private grow(): void {
    const { values, words } = this;
    this.values = new Int32Array(2 * values.length);
    this.words = new Int32Array(2 * words.length).fill(-1);
    for (let slot = 0; slot < words.length; slot++)
      if (words[slot] >= 0) this.place(values[slot], words[slot]);
  }
}

/** Where a key's search starts in an open-addressing table of `mask + 1` slots (here and in pairing.ts). */
export function homeSlot(key: number, mask: number): number {
  const h = Math.imul(key, 0x9e3779b1);
  return (h ^ (h >>> 16)) & mask;
}

/**
 * The value of an IPv4 address written the usual way (four decimal octets up to 255, no leading
 * zero), which is the only way to write that value: -1 for any other text.
 */
function ipv4Value(text: string): number {
  const length = text.length;
  if (length < 7 || length > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1; // a leading zero
      octet = octet * 10 + c - 48;
      if (++digits > 3 || octet > 255) return -1;
    } else {
      return -1;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + octet : -1;
}

/** The kind of flow a copy belongs to. */
export function flowKindOf(copy: PacketCopy): FlowKind {
  if (copy.esp) return 'esp';
  if (copy.ah) return 'ah';
  if (copy.icmp && isIcmpEcho(copy)) return 'icmp-echo';
  return copy.protocol;
}

/**
 * Flow keys joined into flows (union-find). Keys are small numbers (FlowKeyTable's), and a key is
 * its own index. Each key remembers the first line it was added on, so flows are numbered in order
 * of first appearance whatever order the joins came in.
 */
export class FlowKeys {
  private readonly parent: number[] = [];
  /** The line each key was first added on; -1 for a key not added (yet). */
  private readonly firstLine: number[] = [];
  private readonly kinds: FlowKind[] = [];

  /** The index of a key (the key itself), adding it (seen first on `line`) when new. */
  add(key: number, kind: FlowKind, line: number): number {
    while (this.parent.length <= key) {
      this.parent.push(this.parent.length);
      this.firstLine.push(-1);
      this.kinds.push('');
    }
    if (this.firstLine[key] < 0) {
      this.firstLine[key] = line;
      this.kinds[key] = kind;
    }
    return key;
  }

  /** The index of a key added before, or undefined. */
  get(key: number): number | undefined {
    return key < this.firstLine.length && this.firstLine[key] >= 0 ? key : undefined;
  }

  /** The representative of a key's flow. */
  find(index: number): number {
    let root = index;
    while (this.parent[root] !== root) root = this.parent[root];
    while (this.parent[index] !== root) {
      const next = this.parent[index];
      this.parent[index] = root;
      index = next;
    }
    return root;
  }

  /** Makes two keys one flow; the root keeps the earlier first line. */
  join(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (this.firstLine[rb] < this.firstLine[ra]) {
      this.parent[ra] = rb;
    } else {
      this.parent[rb] = ra;
    }
  }

  /** The kind of the flow a key belongs to (its root's kind). */
  kindOf(index: number): FlowKind {
    return this.kinds[this.find(index)];
  }

  /** Flow numbers by root: 1, 2, ... in order of each flow's first line. */
  numbering(): Map<number, number> {
    return new Map(this.roots().map((root, i) => [root, i + 1]));
  }

  /**
   * The flow number (numbering) of every key below `size`, 0 for a key not added: one array
   * rather than a map entry per flow and a look-up per key, for the inspector's hundred thousand flows.
   */
  flowNumbers(size: number, roots: readonly number[] = this.roots()): Int32Array {
    const numbers = new Int32Array(size);
    roots.forEach((root, i) => (numbers[root] = i + 1));
    for (let key = 0; key < this.firstLine.length; key++)
      if (this.firstLine[key] >= 0) numbers[key] = numbers[this.find(key)];
    return numbers;
  }

  /** How many keys have been added or passed over: every key added is below. */
  get size(): number {
    return this.parent.length;
  }

  /** The flows' roots in order of each flow's first line (flow 1's first). */
  roots(): number[] {
    const roots: number[] = [];
    for (let i = 0; i < this.parent.length; i++)
      if (this.firstLine[i] >= 0 && this.find(i) === i) roots.push(i);
    return roots.sort((a, b) => this.firstLine[a] - this.firstLine[b] || a - b);
  }
}

/** Which way a packet goes within its flow: as the flow's first packet did, or back. */
export type FlowDirection = 'forward' | 'back';

/** An end of a flow: an address and, for TCP and UDP, a port. */
export interface End {
  /** The address as written. */
  readonly address: string;
  /** The port, if any. */
  readonly port: number | undefined;
}

/** Packets between the same two ends, both sides of the balancer's translation joined. */
export interface Flow {
  /** 1-based number, in order of first appearance. */
  readonly id: number;
  /** tcp, udp, esp (plain or in UDP), ah, icmp-echo, or another protocol name. */
  readonly kind: FlowKind;
  /** The flow's packets in order (ICMP errors about it are in `errors`). */
  readonly packets: Packet[];
  /** ICMP errors that report on this flow. */
  readonly errors: Packet[];
  /** The ends the first packet came from, on either side of the balancer. */
  readonly initiator: End[];
  /** The ends it went to. */
  readonly responder: End[];
  /** First line of any copy of its packets (zero-based). */
  firstLine: number;
  /** Last line of any copy of its packets (zero-based). */
  lastLine: number;
  /** How many of its packets go the first packet's way. */
  forward: number;
  /** How many come back. */
  back: number;
}

/** Looks a value up by key (a read-only view: the analysis keeps what it knows where it is cheapest). */
export interface Lookup<K, V> {
  /** The value for a key, if any. */
  get(key: K): V | undefined;
  /** True when the key has a value. */
  has(key: K): boolean;
}
