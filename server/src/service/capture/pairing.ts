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
import { detach, flowKeyOf } from './flows';
import type { PacketCopy } from './packet';

/** How sure a likeness is: the same packet id, a value NAT keeps and that rarely repeats, or only a hint. */
const EXACT = 2;
const STRONG = 1;
const WEAK = 0;

/** How many lines apart an in and an out copy may start to pair on a hint alone. */
const NEAR = 16;

/** Sequence numbers this long are tcpdump's absolute ones (or a relative one a megabyte into a connection). */
const LARGE_SEQUENCE = 7;

/** A copy waiting for its other copy. */
interface Candidate {
  readonly copy: PacketCopy;
  /** The key it waits under in the table (a weak likeness with its own flow key appended). */
  readonly print: string | undefined;
  /** The IP id likeness (tcpdump -v), if any. */
  readonly idPrint: string | undefined;
  /** Its weak likeness, for the in/out copies a few lines apart. */
  readonly weak: string | undefined;
  readonly flowKey: string | undefined;
  alive: boolean;
}

/** The likeness of a copy other than its IP id, and how sure it is; undefined when it has none. */
function printOf(copy: PacketCopy): { print: string; strength: number } | undefined {
  if (copy.dialect === 'axdebug')
    return copy.id === undefined
      ? undefined
      : { print: `a${copy.id}@${copy.time}`, strength: EXACT };
  if (copy.esp) return { print: `e${copy.esp.spi} ${copy.esp.seq}`, strength: STRONG };
  if (copy.ah)
    return copy.ah.seq === ''
      ? undefined
      : { print: `h${copy.ah.spi} ${copy.ah.seq}`, strength: STRONG };
  const tcp = copy.tcp;
  if (tcp) {
    const sure = tcp.flags.includes('S') || tcp.seq.length >= LARGE_SEQUENCE;
    return {
      print: `t${tcp.flags} ${tcp.seq} ${tcp.ack} ${tcp.length}`,
      strength: sure ? STRONG : WEAK,
    };
  }
  const icmp = copy.icmp;
  if (icmp && icmp.seq !== undefined)
    return {
      print: `c${icmp.type} ${icmp.id ?? ''} ${icmp.seq}`,
      strength: icmp.id !== undefined ? STRONG : WEAK,
    };
  if (copy.ike)
    return {
      print: `k${copy.ike.exchange} ${copy.ike.role ?? ''} ${copy.length ?? ''}`,
      strength: WEAK,
    };
  if (copy.protocol === 'udp' && copy.length !== undefined)
    return { print: `u${copy.length}`, strength: WEAK };
  return undefined;
}

function sameEnds(a: PacketCopy, b: PacketCopy): boolean {
  return a.src === b.src && a.dst === b.dst && a.srcPort === b.srcPort && a.dstPort === b.dstPort;
}

/** How many lines back the pairer looks for the other copy of a packet. */
export const PAIRING_WINDOW = 1024;

/** Pairs each copy with an earlier copy of the same packet that starts within the last `window` lines. */
export class CopyPairer {
  /** Candidates by likeness: sure likenesses as they are, weak ones with the candidate's flow key appended. */
  private readonly waiting = new Map<string, Candidate | Candidate[]>();
  /** The candidates by line (modulo the window): at most one copy starts on a line. */
  private readonly ring: (Candidate | undefined)[];
  private swept = -1;
  /**
   * For each flow key, the flow keys a sure pair joined it to: the joins of the latest keys, in
   * two generations (a full generation becomes the old one and the oldest is dropped whole, so
   * memory stays bounded without a search for the oldest entry).
   */
  private linked = new Map<string, string[]>();
  private previouslyLinked = new Map<string, string[]>();

  /** A pairer looking back `window` lines and remembering the joins of `maxLinks` flow keys. */
  constructor(
    private readonly window = PAIRING_WINDOW,
    private readonly maxLinks = 65_536,
  ) {
    this.ring = new Array<Candidate | undefined>(window + 1);
  }

  /**
   * The earlier copy of the same packet as `copy`, or undefined when it is the first copy seen.
   * `flowKey` is the copy's flow key (flowKeyOf), when the caller has it at hand.
   */
  add(
    copy: PacketCopy,
    flowKey: string | undefined = copy.dialect === 'axdebug' ? undefined : flowKeyOf(copy),
  ): PacketCopy | undefined {
    this.sweep(copy.line);
    const idPrint =
      copy.ipId !== undefined && copy.ipId !== 0 && copy.dialect === 'tcpdump'
        ? `i${copy.protocol} ${copy.ipId} ${copy.length ?? ''}`
        : undefined;
    const own = printOf(copy);
    if (idPrint === undefined && own === undefined) return undefined;
    let earlier = idPrint !== undefined ? this.find(idPrint, copy, STRONG, flowKey) : undefined;
    if (!earlier && own)
      earlier =
        own.strength === WEAK
          ? this.findWeak(own.print, copy, flowKey)
          : this.find(own.print, copy, own.strength, flowKey);
    if (earlier) return earlier;

    const weak = own?.strength === WEAK;
    const print =
      own === undefined
        ? undefined
        : weak
          ? flowKey === undefined
            ? undefined
            : `${own.print}|${flowKey}`
          : own.print;
    const candidate: Candidate = {
      copy,
      print,
      idPrint,
      weak: weak ? own.print : undefined,
      flowKey,
      alive: true,
    };
    if (print !== undefined) this.wait(print, candidate);
    if (idPrint !== undefined) this.wait(idPrint, candidate);
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

  /** The earliest acceptable candidate waiting under a likeness. */
  private find(
    print: string,
    copy: PacketCopy,
    strength: number,
    flowKey: string | undefined,
  ): PacketCopy | undefined {
    const waiting = this.waiting.get(print);
    if (waiting === undefined) return undefined;
    const list = Array.isArray(waiting) ? waiting : [waiting];
    for (const candidate of list) {
      if (!this.accepts(candidate, copy)) continue;
      if (strength !== EXACT) candidate.alive = false; // tcpdump: a pair, then both are taken
      if (
        strength === STRONG &&
        candidate.flowKey !== undefined &&
        flowKey !== undefined &&
        candidate.flowKey !== flowKey
      ) {
        this.link(candidate.flowKey, flowKey);
        this.link(flowKey, candidate.flowKey);
      }
      return candidate.copy;
    }
    return undefined;
  }

  /** A weak likeness: an in/out copy a few lines back, or a copy of a flow a sure pair joined to this one. */
  private findWeak(
    print: string,
    copy: PacketCopy,
    flowKey: string | undefined,
  ): PacketCopy | undefined {
    if (copy.direction !== undefined) {
      const size = this.ring.length;
      for (let line = copy.line - 1; line >= 0 && line >= copy.line - NEAR; line--) {
        const candidate = this.ring[line % size];
        if (
          candidate?.copy.line === line &&
          candidate.weak === print &&
          candidate.copy.direction !== undefined &&
          this.accepts(candidate, copy)
        ) {
          candidate.alive = false;
          return candidate.copy;
        }
      }
    }
    if (flowKey === undefined) return undefined;
    for (const other of this.linked.get(flowKey) ?? this.previouslyLinked.get(flowKey) ?? []) {
      const earlier = this.find(`${print}|${other}`, copy, WEAK, flowKey);
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

  private wait(print: string, candidate: Candidate): void {
    const waiting = this.waiting.get(print);
    if (waiting === undefined) this.waiting.set(print, candidate);
    else if (Array.isArray(waiting)) waiting.push(candidate);
    else this.waiting.set(print, [waiting, candidate]);
  }

  /** Drops a candidate that fell out of the window. */
  private forget(candidate: Candidate): void {
    for (const print of [candidate.print, candidate.idPrint]) {
      if (print === undefined) continue;
      const waiting = this.waiting.get(print);
      if (waiting === candidate) {
        this.waiting.delete(print);
      } else if (Array.isArray(waiting)) {
        const at = waiting.indexOf(candidate);
        if (at >= 0) waiting.splice(at, 1);
        if (waiting.length === 1) this.waiting.set(print, waiting[0]);
        else if (waiting.length === 0) this.waiting.delete(print);
      }
    }
  }

  /** Remembers that a sure pair joined flow key `a` to `b` (the oldest joins are forgotten past `maxLinks` keys). */
  private link(a: string, b: string): void {
    const list = this.linked.get(a);
    if (list) {
      if (!list.includes(b)) list.push(detach(b));
      return;
    }
    this.linked.set(detach(a), [
      ...(this.previouslyLinked.get(a) ?? []).filter((k) => k !== b),
      detach(b),
    ]);
    if (this.linked.size >= this.maxLinks) {
      this.previouslyLinked = this.linked;
      this.linked = new Map();
    }
  }
}
