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
import {
  alike,
  EXACT,
  hasIpId,
  IP_ID,
  likenessHash,
  likenessOf,
  STRONG,
  strengthOf,
  WEAK,
  withFlowKey,
} from './likeness';
import type { PacketCopy } from './packet';

/** How many lines apart an in and an out copy may start to pair on a hint alone. */
const NEAR = 16;

/** The flow keys a flow key was joined to: one (the usual case, kept without an array) or several, in order. */
type Links = number | number[];

/** A copy waiting for its other copy. */
interface Candidate {
  readonly copy: PacketCopy;
  /** Its likeness other than the IP id (likeness.ts), -1 for none. */
  readonly kind: number;
  /** True when that likeness is weak: it pairs only with a copy a few lines apart or of a joined flow. */
  readonly weak: boolean;
  /** The key it waits under for its likeness (a weak one mixed with its flow key); -1 when it does not wait. */
  readonly key: number;
  /** The key it waits under for its IP id likeness (tcpdump -v); -1 for none. */
  readonly idKey: number;
  /** Its flow key (FlowKeyTable), -1 for none. */
  readonly flowKey: number;
  alive: boolean;
}

function sameEnds(a: PacketCopy, b: PacketCopy): boolean {
  return a.src === b.src && a.dst === b.dst && a.srcPort === b.srcPort && a.dstPort === b.dstPort;
}

/** How many lines back the pairer looks for the other copy of a packet. */
export const PAIRING_WINDOW = 1024;

/** Pairs each copy with an earlier copy of the same packet that starts within the last `window` lines. */
export class CopyPairer {
  /**
   * Candidates by the hash of their likeness (a weak one mixed with the candidate's flow key), in
   * the order they came; a hash may be shared, so a candidate is taken only when alike.
   */
  private readonly waiting = new Map<number, Candidate | Candidate[]>();
  /** The candidates by line (modulo the window): at most one copy starts on a line. */
  private readonly ring: (Candidate | undefined)[];
  private swept = -1;
  /**
   * For each flow key, the flow keys a sure pair joined it to: the joins of the latest keys, in
   * two generations (a full generation becomes the old one and the oldest is dropped whole, so
   * memory stays bounded without a search for the oldest entry).
   */
  private linked = new Map<number, Links>();
  private previouslyLinked = new Map<number, Links>();

  /** A pairer looking back `window` lines and remembering the joins of `maxLinks` flow keys. */
  constructor(
    private readonly window = PAIRING_WINDOW,
    private readonly maxLinks = 65_536,
  ) {
    this.ring = new Array<Candidate | undefined>(window + 1);
  }

  /**
   * The earlier copy of the same packet as `copy`, or undefined when it is the first copy seen.
   * `flowKey` is the copy's flow key (FlowKeyTable, the same table for every copy), -1 for none.
   */
  add(copy: PacketCopy, flowKey: number): PacketCopy | undefined {
    this.sweep(copy.line);
    const idKey = hasIpId(copy) ? likenessHash(IP_ID, copy) : -1;
    const kind = likenessOf(copy);
    if (idKey < 0 && kind < 0) return undefined;
    let earlier = idKey >= 0 ? this.find(idKey, IP_ID, -1, copy, STRONG, flowKey) : undefined;
    const strength = kind < 0 ? WEAK : strengthOf(kind, copy);
    const hash = kind < 0 ? -1 : likenessHash(kind, copy);
    if (!earlier && kind >= 0)
      earlier =
        strength === WEAK
          ? this.findWeak(hash, kind, copy, flowKey)
          : this.find(hash, kind, -1, copy, strength, flowKey);
    if (earlier) return earlier;

    const weak = kind >= 0 && strength === WEAK;
    const key = kind < 0 || (weak && flowKey < 0) ? -1 : weak ? withFlowKey(hash, flowKey) : hash;
    const candidate: Candidate = { copy, kind, weak, key, idKey, flowKey, alive: true };
    if (key >= 0) this.wait(key, candidate);
    if (idKey >= 0) this.wait(idKey, candidate);
    this.ring[copy.line % this.ring.length] = candidate;
    return undefined;
  }

  /** Forgets the candidates that start more than `window` lines before `line`. */
  private sweep(line: number): void {
    const last = line - this.window - 1;
    if (last <= this.swept) return;
    const size = this.ring.length;
    // Each slot is looked at once at most: the ring has `size` slots.
    for (let old = Math.max(this.swept + 1, last - size + 1); old <= last; old++) {
      const slot = old % size;
      const candidate = this.ring[slot];
      if (candidate && candidate.copy.line <= last) {
        this.forget(candidate);
        this.ring[slot] = undefined;
      }
    }
    this.swept = last;
  }

  /**
   * The earliest acceptable candidate alike `copy` in a kind of likeness, waiting under `key`: for
   * a weak likeness, one of the flow `flowOf` (-1 for a sure likeness).
   */
  private find(
    key: number,
    kind: number,
    flowOf: number,
    copy: PacketCopy,
    strength: number,
    flowKey: number,
  ): PacketCopy | undefined {
    const waiting = this.waiting.get(key);
    if (waiting === undefined) return undefined;
    if (!Array.isArray(waiting)) return this.take(waiting, kind, flowOf, copy, strength, flowKey);
    for (const candidate of waiting) {
      const taken = this.take(candidate, kind, flowOf, copy, strength, flowKey);
      if (taken) return taken;
    }
    return undefined;
  }

  /** A candidate's copy when it pairs with `copy` (find), taken; undefined when it does not. */
  private take(
    candidate: Candidate,
    kind: number,
    flowOf: number,
    copy: PacketCopy,
    strength: number,
    flowKey: number,
  ): PacketCopy | undefined {
    if (!this.waitsAs(candidate, kind, flowOf, copy) || !this.accepts(candidate, copy))
      return undefined;
    if (strength !== EXACT) candidate.alive = false; // tcpdump: a pair, then both are taken
    if (
      strength === STRONG &&
      candidate.flowKey >= 0 &&
      flowKey >= 0 &&
      candidate.flowKey !== flowKey
    ) {
      this.link(candidate.flowKey, flowKey);
      this.link(flowKey, candidate.flowKey);
    }
    return candidate.copy;
  }

  /** Whether a candidate waits as alike `copy` in a kind of likeness (weak ones, for the flow `flowOf`). */
  private waitsAs(candidate: Candidate, kind: number, flowOf: number, copy: PacketCopy): boolean {
    if (kind === IP_ID) return candidate.idKey >= 0 && alike(IP_ID, candidate.copy, copy);
    return (
      candidate.kind === kind &&
      candidate.weak === flowOf >= 0 &&
      (flowOf < 0 || candidate.flowKey === flowOf) &&
      alike(kind, candidate.copy, copy)
    );
  }

  /** A weak likeness: an in/out copy a few lines back, or a copy of a flow a sure pair joined to this one. */
  private findWeak(
    hash: number,
    kind: number,
    copy: PacketCopy,
    flowKey: number,
  ): PacketCopy | undefined {
    if (copy.direction !== undefined) {
      const size = this.ring.length;
      for (let line = copy.line - 1; line >= 0 && line >= copy.line - NEAR; line--) {
        const candidate = this.ring[line % size];
        if (
          candidate?.copy.line === line &&
          candidate.weak &&
          candidate.kind === kind &&
          candidate.copy.direction !== undefined &&
          alike(kind, candidate.copy, copy) &&
          this.accepts(candidate, copy)
        ) {
          candidate.alive = false;
          return candidate.copy;
        }
      }
    }
    if (flowKey < 0) return undefined;
    const links = this.linked.get(flowKey) ?? this.previouslyLinked.get(flowKey);
    if (links === undefined) return undefined;
    if (typeof links === 'number')
      return this.find(withFlowKey(hash, links), kind, links, copy, WEAK, flowKey);
    for (const other of links) {
      const earlier = this.find(withFlowKey(hash, other), kind, other, copy, WEAK, flowKey);
      if (earlier) return earlier;
    }
    return undefined;
  }

  /** Whether a candidate may be the other copy of `copy` (its likeness already matched). */
  private accepts(candidate: Candidate, copy: PacketCopy): boolean {
    if (!candidate.alive || copy.line - candidate.copy.line > this.window) return false;
    const earlier = candidate.copy;
    if (earlier.dialect === 'axdebug') return true;
    const directions = earlier.direction !== undefined && copy.direction !== undefined;
    if (directions) return earlier.direction !== copy.direction;
    // The same addresses twice is a retransmission or a second packet, unless the dump says in and out.
    return !sameEnds(earlier, copy);
  }

  private wait(key: number, candidate: Candidate): void {
    const waiting = this.waiting.get(key);
    if (waiting === undefined) this.waiting.set(key, candidate);
    else if (Array.isArray(waiting)) waiting.push(candidate);
    else this.waiting.set(key, [waiting, candidate]);
  }

  /** Drops a candidate that fell out of the window. */
  private forget(candidate: Candidate): void {
    if (candidate.key >= 0) this.unwait(candidate.key, candidate);
    if (candidate.idKey >= 0) this.unwait(candidate.idKey, candidate);
  }

  private unwait(key: number, candidate: Candidate): void {
    const waiting = this.waiting.get(key);
    if (waiting === candidate) {
      this.waiting.delete(key);
    } else if (Array.isArray(waiting)) {
      const at = waiting.indexOf(candidate);
      if (at >= 0) waiting.splice(at, 1);
      if (waiting.length === 1) this.waiting.set(key, waiting[0]);
      else if (waiting.length === 0) this.waiting.delete(key);
    }
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
    const previous = this.previouslyLinked.get(a) ?? [];
    const kept =
      typeof previous === 'number'
        ? previous === b
          ? []
          : [previous]
        : previous.filter((k) => k !== b);
    this.linked.set(a, kept.length === 0 ? b : [...kept, b]);
    if (this.linked.size >= this.maxLinks) {
      this.previouslyLinked = this.linked;
      this.linked = new Map();
    }
  }
}
