// Finds the copies of one packet seen on two sides of the balancer. axdebug prints the same packet
// id (and tick) on each copy. tcpdump prints none, so a packet is recognised by what NAT leaves
// alone: the IP id (-v), ESP's SPI and sequence, a SYN's initial sequence number, an ICMP echo's
// identifier and sequence, seen again with other addresses (or seen both in and out when the dump
// says so). Weaker likenesses (a TCP segment with relative sequence numbers, an IKE message) pair
// only between two flows an earlier sure pair has already joined, or between an in and an out
// copy a few lines apart when the dump marks directions. Copies of one packet are captured close
// together, so only copies that start within the last `window` lines are looked at: memory stays
// bounded however long the dump, and an IP id reused later in the dump is not taken for the same
// packet. The pairer is deterministic, so the editor and the command line find the same pairs.
import { Row } from './copyRows';
import { homeSlot } from './flows';
import {
  EXACT,
  IP_ID,
  isPacketIdLikeness,
  resentAlike,
  STRONG,
  WEAK,
  withFlowKey,
} from './likeness';

/** How many lines apart an in and an out copy may start to pair on a hint alone. */
const NEAR = 16;

/** The flow keys a flow key was joined to: one (the usual case, kept without an array) or several, in order. */
type Links = number | number[];

/**
 * The candidates waiting under each key, in the order they came: a queue per key, of nodes (a
 * candidate is node 2 * slot under its likeness key and 2 * slot + 1 under its IP id key). An
 * open-addressing table over typed arrays: a million copies wait and leave without an object or
 * a map entry each.
 */
class WaitingQueues {
  /** Per table slot: the key, -1 for an empty slot. */
  private readonly keys: Int32Array;
  /** Per table slot: the key's first (oldest) and last node. */
  private readonly heads: Int32Array;
  private readonly tails: Int32Array;
  /** Per node: the node after it in its queue, -1 for none. */
  private readonly after: Int32Array;
  private readonly mask: number;

  /** Queues for `nodes` nodes at most. */
  constructor(nodes: number) {
    let size = 1024;
    while (size < 4 * nodes) size *= 2; // at most a quarter full: probes stay short
    this.keys = new Int32Array(size).fill(-1);
    this.heads = new Int32Array(size);
    this.tails = new Int32Array(size);
    this.after = new Int32Array(nodes);
    this.mask = size - 1;
  }

  /** The first node waiting under a key, -1 for none. */
  first(key: number): number {
    const at = this.slotOf(key);
    return this.keys[at] === key ? this.heads[at] : -1;
  }

  /** The node after `node` in its queue, -1 for none. */
  next(node: number): number {
    return this.after[node];
  }

  /** Puts a node at the end of its key's queue. */
  push(key: number, node: number): void {
    const at = this.slotOf(key);
    this.after[node] = -1;
    if (this.keys[at] === key) {
      this.after[this.tails[at]] = node;
    } else {
      this.keys[at] = key;
      this.heads[at] = node;
    }
    this.tails[at] = node;
  }

  /** Takes a node out of its key's queue (the oldest, as a rule: candidates leave in the order they came). */
  remove(key: number, node: number): void {
    const at = this.slotOf(key);
    if (this.keys[at] !== key) return;
    let before = -1;
    let current = this.heads[at];
    while (current >= 0 && current !== node) {
      before = current;
      current = this.after[current];
    }
    if (current < 0) return;
    const next = this.after[node];
    if (before >= 0) this.after[before] = next;
    else this.heads[at] = next;
    if (this.tails[at] === node) this.tails[at] = before;
    if (this.heads[at] < 0) this.free(at);
  }

  /** The table slot of a key: where it is, or the empty slot where it would go. */
  private slotOf(key: number): number {
    const keys = this.keys;
    let at = homeSlot(key, this.mask);
    while (keys[at] !== key && keys[at] !== -1) at = (at + 1) & this.mask;
    return at;
  }

  /** Empties a table slot, moving back the keys after it that would no longer be found (linear probing). */
  private free(slot: number): void {
    const { keys, mask } = this;
    let hole = slot;
    for (let at = (hole + 1) & mask; keys[at] !== -1; at = (at + 1) & mask) {
      const wanted = homeSlot(keys[at], mask);
      // The key at `at` stays unless the hole lies between its home and `at`.
      const stays = hole < at ? wanted > hole && wanted <= at : wanted > hole || wanted <= at;
      if (stays) continue;
      keys[hole] = keys[at];
      this.heads[hole] = this.heads[at];
      this.tails[hole] = this.tails[at];
      hole = at;
    }
    keys[hole] = -1;
  }
}

/**
 * For each flow key, the flow keys it was joined to, in order (Links): an open-addressing table
 * over typed arrays, a key's one link kept in it and the few keys with several in a list aside,
 * so that a hundred thousand joins make no map entry each.
 */
class LinkTable {
  /** Per slot: the key, -1 for an empty slot. */
  private readonly keys: Int32Array;
  /** Per slot: its one link (>= 0), or -1 minus its list's index in `lists`. */
  private readonly values: Int32Array;
  private readonly mask: number;
  private lists: number[][] = [];
  /** How many keys it holds. */
  size = 0;

  /** A table for `capacity` keys at most. */
  constructor(capacity: number) {
    let slots = 1024;
    while (slots < 2 * capacity) slots *= 2; // at most half full: probes stay short
    this.keys = new Int32Array(slots).fill(-1);
    this.values = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** A key's links, undefined for none. */
  get(key: number): Links | undefined {
    const at = this.slotOf(key);
    if (this.keys[at] !== key) return undefined;
    const value = this.values[at];
    return value >= 0 ? value : this.lists[-1 - value];
  }

  /** Sets a key's links (a list is kept as it is, to be added to). */
  set(key: number, links: Links): void {
    const at = this.slotOf(key);
    if (this.keys[at] !== key) {
      this.keys[at] = key;
      this.size++;
    }
    if (typeof links === 'number') this.values[at] = links;
    else {
      this.lists.push(links);
      this.values[at] = -this.lists.length;
    }
  }

  /** Forgets every key. */
  clear(): void {
    this.keys.fill(-1);
    this.lists = [];
    this.size = 0;
  }

  private slotOf(key: number): number {
    const keys = this.keys;
    let at = homeSlot(key, this.mask);
    while (keys[at] !== key && keys[at] !== -1) at = (at + 1) & this.mask;
    return at;
  }
}

/** How many joins of flow keys the pairer's cache holds (a power of two). */
const JOIN_MEMO = 4096;

/** How many lines back the pairer looks for the other copy of a packet. */
export const PAIRING_WINDOW = 1024;

/**
 * Pairs each copy with an earlier copy of the same packet that starts within the last `window`
 * lines. Copies come as rows (copyRows.ts) whose words one table numbered; a copy that finds no
 * earlier one becomes a candidate: what the pairer compares of it sits in typed arrays by line
 * (modulo the window), so the pairer builds no object per copy.
 */
export class CopyPairer {
  /** Per slot (line modulo the ring's size: at most one copy starts on a line): the candidate's line, -1 for none. */
  private readonly lines: Int32Array;
  /** Per slot: its likeness other than the IP id (likeness.ts), -1 for none, and that likeness's check. */
  private readonly kinds: Int8Array;
  private readonly checks: Int32Array;
  /** Per slot: 1 when that likeness is weak (it pairs only with a copy a few lines apart or of a joined flow). */
  private readonly weak: Uint8Array;
  /** Per slot: the hash of that likeness, and the key it waits under (a weak one mixed with its flow key; -1 when it does not wait). */
  private readonly hashes: Int32Array;
  private readonly keys: Int32Array;
  /** Per slot: the key it waits under for its IP id likeness (tcpdump -v), -1 for none, and that likeness's check. */
  private readonly idKeys: Int32Array;
  private readonly idChecks: Int32Array;
  /** Per slot: its flow key (FlowKeyTable), -1 for none. */
  private readonly flowKeys: Int32Array;
  /** Per slot: 1 while it may still be taken. */
  private readonly alive: Uint8Array;
  /** Per slot: the row's dialect and direction, and its ends (words and port numbers). */
  private readonly dialects: Int8Array;
  private readonly directions: Int8Array;
  /** Per slot: the row's PRIVATE (copyRows.ts). */
  private readonly privates: Int8Array;
  private readonly ends: Int32Array;
  /**
   * The candidates by the hash of their likeness (a weak one mixed with the candidate's flow key),
   * in the order they came; a hash may be shared, so a candidate is taken only when alike.
   */
  private readonly waiting: WaitingQueues;
  private swept = -1;
  /**
   * For each flow key, the flow keys a sure pair joined it to: the joins of the latest keys, in
   * two generations (a full generation becomes the old one and the oldest is dropped whole, so
   * memory stays bounded without a search for the oldest entry).
   */
  private linked: LinkTable;
  private previouslyLinked: LinkTable;
  /** The generation of `linked`: 1 for the first, one more each time it turns old. */
  private generation = 1;
  /**
   * Joins made both ways (find), by a hash of the two keys: the keys and the generation they were
   * made in. While that generation is the current one, making them again would change nothing.
   */
  private readonly joinedA = new Int32Array(JOIN_MEMO);
  private readonly joinedB = new Int32Array(JOIN_MEMO);
  private readonly joinedIn = new Int32Array(JOIN_MEMO);

  /** A pairer looking back `window` lines and remembering the joins of `maxLinks` flow keys. */
  constructor(
    private readonly window = PAIRING_WINDOW,
    private readonly maxLinks = 65_536,
  ) {
    const size = window + 1;
    this.lines = new Int32Array(size).fill(-1);
    this.kinds = new Int8Array(size);
    this.checks = new Int32Array(size);
    this.weak = new Uint8Array(size);
    this.hashes = new Int32Array(size);
    this.keys = new Int32Array(size);
    this.idKeys = new Int32Array(size);
    this.idChecks = new Int32Array(size);
    this.flowKeys = new Int32Array(size);
    this.alive = new Uint8Array(size);
    this.dialects = new Int8Array(size);
    this.directions = new Int8Array(size);
    this.privates = new Int8Array(size);
    this.ends = new Int32Array(4 * size);
    this.waiting = new WaitingQueues(2 * size);
    this.linked = new LinkTable(maxLinks);
    this.previouslyLinked = new LinkTable(maxLinks);
  }

  /**
   * The first line of the earlier copy of the same packet as the copy in the row at `at` (its
   * KEY set), or -1 when it is the first copy seen.
   */
  add(rows: Int32Array, at: number): number {
    const line = rows[at + Row.LINE];
    this.sweep(line);
    const idKey = rows[at + Row.ID_HASH];
    const kind = rows[at + Row.KIND];
    if (idKey < 0 && kind < 0) return -1;
    const flowKey = rows[at + Row.KEY];
    let earlier = idKey >= 0 ? this.find(idKey, IP_ID, -1, rows, at, STRONG) : -1;
    const strength = rows[at + Row.STRENGTH];
    const hash = rows[at + Row.HASH];
    if (earlier < 0 && kind >= 0)
      earlier =
        strength === WEAK
          ? this.findWeak(hash, kind, rows, at)
          : this.find(hash, kind, -1, rows, at, strength);
    if (earlier >= 0) return earlier;

    const weak = kind >= 0 && strength === WEAK;
    const key = kind < 0 || (weak && flowKey < 0) ? -1 : weak ? withFlowKey(hash, flowKey) : hash;
    const slot = line % this.lines.length;
    this.lines[slot] = line;
    this.kinds[slot] = kind;
    this.checks[slot] = rows[at + Row.CHECK];
    this.weak[slot] = weak ? 1 : 0;
    this.hashes[slot] = hash;
    this.keys[slot] = key;
    this.idKeys[slot] = idKey;
    this.idChecks[slot] = rows[at + Row.ID_CHECK];
    this.flowKeys[slot] = flowKey;
    this.alive[slot] = 1;
    this.dialects[slot] = rows[at + Row.DIALECT];
    this.directions[slot] = rows[at + Row.DIRECTION];
    this.privates[slot] = rows[at + Row.PRIVATE];
    this.ends[4 * slot] = rows[at + Row.SRC];
    this.ends[4 * slot + 1] = rows[at + Row.DST];
    this.ends[4 * slot + 2] = rows[at + Row.SRC_PORT];
    this.ends[4 * slot + 3] = rows[at + Row.DST_PORT];
    if (key >= 0) this.waiting.push(key, 2 * slot);
    if (idKey >= 0) this.waiting.push(idKey, 2 * slot + 1);
    return -1;
  }

  /** Forgets the candidates that start more than `window` lines before `line`. */
  private sweep(line: number): void {
    const last = line - this.window - 1;
    if (last <= this.swept) return;
    const size = this.lines.length;
    // Each slot is looked at once at most: the ring has `size` slots.
    for (let old = Math.max(this.swept + 1, last - size + 1); old <= last; old++) {
      const slot = old % size;
      const candidateLine = this.lines[slot];
      if (candidateLine >= 0 && candidateLine <= last) {
        if (this.keys[slot] >= 0) this.waiting.remove(this.keys[slot], 2 * slot);
        if (this.idKeys[slot] >= 0) this.waiting.remove(this.idKeys[slot], 2 * slot + 1);
        this.lines[slot] = -1;
      }
    }
    this.swept = last;
  }

  /**
   * The line of the earliest acceptable candidate alike the row's copy in a kind of likeness,
   * waiting under `key`, taken: for a weak likeness, one of the flow `flowOf` (-1 for a sure
   * likeness); -1 for none.
   */
  private find(
    key: number,
    kind: number,
    flowOf: number,
    rows: Int32Array,
    at: number,
    strength: number,
  ): number {
    for (let node = this.waiting.first(key); node >= 0; node = this.waiting.next(node)) {
      const slot = node >> 1;
      if (!this.waitsAs(slot, kind, flowOf, rows, at) || !this.accepts(slot, kind, rows, at))
        continue;
      if (strength !== EXACT) this.alive[slot] = 0; // tcpdump: a pair, then both are taken
      const candidateFlowKey = this.flowKeys[slot];
      const flowKey = rows[at + Row.KEY];
      if (
        strength === STRONG &&
        candidateFlowKey >= 0 &&
        flowKey >= 0 &&
        candidateFlowKey !== flowKey
      ) {
        // The copies of one connection join the same two keys again and again: a join made in
        // this generation is known from a small cache, without a look-up in the maps.
        const memo = homeSlot(candidateFlowKey ^ Math.imul(flowKey, 0x2545f491), JOIN_MEMO - 1);
        if (
          this.joinedA[memo] !== candidateFlowKey ||
          this.joinedB[memo] !== flowKey ||
          this.joinedIn[memo] !== this.generation
        ) {
          const generation = this.generation;
          this.link(candidateFlowKey, flowKey);
          this.link(flowKey, candidateFlowKey);
          // Both joins are in `linked` only when it did not turn old between them.
          this.joinedA[memo] = candidateFlowKey;
          this.joinedB[memo] = flowKey;
          this.joinedIn[memo] = this.generation === generation ? generation : 0;
        }
      }
      return this.lines[slot];
    }
    return -1;
  }

  /** Whether the candidate in `slot` waits as alike the row's copy in a kind of likeness (weak ones, for the flow `flowOf`). */
  private waitsAs(
    slot: number,
    kind: number,
    flowOf: number,
    rows: Int32Array,
    at: number,
  ): boolean {
    if (kind === IP_ID)
      return (
        this.idKeys[slot] === rows[at + Row.ID_HASH] &&
        this.idChecks[slot] === rows[at + Row.ID_CHECK]
      );
    return (
      this.kinds[slot] === kind &&
      (this.weak[slot] === 1) === flowOf >= 0 &&
      (flowOf < 0 || this.flowKeys[slot] === flowOf) &&
      this.alike(slot, rows, at)
    );
  }

  /**
   * Whether the candidate in `slot` and the row's copy, neither with a direction, look like one
   * packet on both sides of a NAT: one end the same, the other a private address on one side only.
   */
  private translated(slot: number, rows: Int32Array, at: number): boolean {
    if (this.directions[slot] !== 0 || this.dialects[slot] === 0) return false;
    const ends = this.ends;
    const sameSource =
      ends[4 * slot] === rows[at + Row.SRC] && ends[4 * slot + 2] === rows[at + Row.SRC_PORT];
    const sameDestination =
      ends[4 * slot + 1] === rows[at + Row.DST] && ends[4 * slot + 3] === rows[at + Row.DST_PORT];
    if (sameSource === sameDestination) return false;
    const privates = this.privates[slot] ^ rows[at + Row.PRIVATE];
    return sameSource ? privates === 2 : privates === 1;
  }

  /**
   * Whether the row's copy goes back to where the candidate in `slot` came from: a reply is never
   * a copy. A copy across a NAT keeps its direction (at least one end stays the same), so the end
   * one copy comes from is never the end the other goes to: ESP with the same SPI and sequence
   * number coming back (a peer that uses one SPI both ways) is a second packet, going the other way.
   */
  private reversed(slot: number, rows: Int32Array, at: number): boolean {
    const ends = this.ends;
    return (
      (ends[4 * slot] === rows[at + Row.DST] && ends[4 * slot + 2] === rows[at + Row.DST_PORT]) ||
      (ends[4 * slot + 1] === rows[at + Row.SRC] && ends[4 * slot + 3] === rows[at + Row.SRC_PORT])
    );
  }

  /** Whether the candidate in `slot` has the likeness of the row's copy (of the same kind). */
  private alike(slot: number, rows: Int32Array, at: number): boolean {
    return this.hashes[slot] === rows[at + Row.HASH] && this.checks[slot] === rows[at + Row.CHECK];
  }

  /**
   * A weak likeness: a copy a few lines back that is the other side of the balancer (the dump says
   * in and out, or one end is the same and the other is a private address on one copy and not on
   * the other: NAT), or a copy of a flow a sure pair joined to this one.
   */
  private findWeak(hash: number, kind: number, rows: Int32Array, at: number): number {
    const line = rows[at + Row.LINE];
    const directed = rows[at + Row.DIRECTION] !== 0;
    const size = this.lines.length;
    for (let back = line - 1; back >= 0 && back >= line - NEAR; back--) {
      const slot = back % size;
      if (
        this.lines[slot] === back &&
        this.weak[slot] === 1 &&
        this.kinds[slot] === kind &&
        (directed ? this.directions[slot] !== 0 : this.translated(slot, rows, at)) &&
        this.alike(slot, rows, at) &&
        this.accepts(slot, kind, rows, at)
      ) {
        this.alive[slot] = 0;
        return back;
      }
    }
    const flowKey = rows[at + Row.KEY];
    if (flowKey < 0) return -1;
    const links = this.linked.get(flowKey) ?? this.previouslyLinked.get(flowKey);
    if (links === undefined) return -1;
    if (typeof links === 'number')
      return this.find(withFlowKey(hash, links), kind, links, rows, at, WEAK);
    for (const other of links) {
      const earlier = this.find(withFlowKey(hash, other), kind, other, rows, at, WEAK);
      if (earlier >= 0) return earlier;
    }
    return -1;
  }

  /** Whether the candidate in `slot` may be the other copy of the row's copy (its likeness already matched). */
  private accepts(slot: number, kind: number, rows: Int32Array, at: number): boolean {
    if (this.alive[slot] === 0 || rows[at + Row.LINE] - this.lines[slot] > this.window)
      return false;
    if (isPacketIdLikeness(kind)) return true; // axdebug's packet id
    if (this.reversed(slot, rows, at)) return false;
    const direction = rows[at + Row.DIRECTION];
    if (this.directions[slot] !== 0 && direction !== 0) return this.directions[slot] !== direction;
    // The same addresses twice is a retransmission or a second packet, unless the dump says in and
    // out, or the likeness is one a packet sent again never repeats (ESP's sequence number).
    if (!resentAlike(kind)) return true;
    const ends = this.ends;
    return !(
      ends[4 * slot] === rows[at + Row.SRC] &&
      ends[4 * slot + 1] === rows[at + Row.DST] &&
      ends[4 * slot + 2] === rows[at + Row.SRC_PORT] &&
      ends[4 * slot + 3] === rows[at + Row.DST_PORT]
    );
  }

  /** Remembers that a sure pair joined flow key `a` to `b` (the oldest joins are forgotten past `maxLinks` keys). */
  private link(a: number, b: number): void {
    const links = this.linked.get(a);
    if (typeof links === 'number') {
      if (links !== b) this.linked.set(a, [links, b]);
      return;
    }
    if (links !== undefined) {
      if (!links.includes(b)) links.push(b);
      return;
    }
    // A new entry starts with the joins the old generation remembered.
    const previous = this.previouslyLinked.get(a);
    if (previous === undefined || previous === b) {
      this.linked.set(a, b); // the usual case: no array
    } else {
      const kept = typeof previous === 'number' ? [previous] : previous.filter((k) => k !== b);
      this.linked.set(a, kept.length === 0 ? b : [...kept, b]);
    }
    if (this.linked.size >= this.maxLinks) {
      const old = this.previouslyLinked;
      this.previouslyLinked = this.linked;
      this.linked = old;
      old.clear();
      this.generation++;
    }
  }
}
