// Which flow a packet copy belongs to, seen from its own side of the balancer, and the joining of
// flow keys into flows: a packet whose copies show different keys (it was translated) makes the
// keys of both sides one flow. Used alike by the editor's analysis and the streaming inspector.
import type { PacketCopy, QuotedPacket } from './packet';
import { endpoint, isIcmpEcho, isIcmpError } from './packet';

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

function ends(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/**
 * The key of the flow a copy belongs to, from that copy's side of the balancer: TCP and UDP by
 * 5-tuple, ESP and AH by SPI and peer pair, ICMP echo by identifier and address pair, any other
 * IP protocol by address pair. ICMP errors, ARP and packets without addresses belong to no flow
 * of their own (an error joins the flow it reports on).
 */
export function flowKeyOf(copy: PacketCopy): string | undefined {
  if (copy.src === '' || copy.dst === '' || copy.arp !== undefined) return undefined;
  if (copy.esp) return `esp ${copy.esp.spi} ${ends(copy.src, copy.dst)}`;
  if (copy.ah) return `ah ${copy.ah.spi} ${ends(copy.src, copy.dst)}`;
  if (copy.icmp) {
    if (isIcmpError(copy)) return undefined;
    if (isIcmpEcho(copy)) return `icmp-echo ${copy.icmp.id ?? ''} ${ends(copy.src, copy.dst)}`;
  }
  if (
    (copy.protocol === 'tcp' || copy.protocol === 'udp') &&
    copy.srcPort !== undefined &&
    copy.dstPort !== undefined
  ) {
    return `${copy.protocol} ${ends(endpoint(copy.src, copy.srcPort), endpoint(copy.dst, copy.dstPort))}`;
  }
  return `${copy.protocol} ${ends(copy.src, copy.dst)}`;
}

/** The kind of flow a copy belongs to. */
export function flowKindOf(copy: PacketCopy): FlowKind {
  if (copy.esp) return 'esp';
  if (copy.ah) return 'ah';
  if (copy.icmp && isIcmpEcho(copy)) return 'icmp-echo';
  return copy.protocol;
}

/** The key of the flow of the packet an ICMP error quotes, when the quote says enough to know it. */
export function quotedFlowKey(quoted: QuotedPacket): string | undefined {
  if (quoted.src === undefined || quoted.protocol === undefined) return undefined;
  if (quoted.spi !== undefined) return `esp ${quoted.spi} ${ends(quoted.src, quoted.dst)}`;
  if (
    (quoted.protocol === 'tcp' || quoted.protocol === 'udp') &&
    quoted.srcPort !== undefined &&
    quoted.dstPort !== undefined
  ) {
    return `${quoted.protocol} ${ends(endpoint(quoted.src, quoted.srcPort), endpoint(quoted.dst, quoted.dstPort))}`;
  }
  return `${quoted.protocol} ${ends(quoted.src, quoted.dst)}`;
}

/**
 * Flow keys joined into flows (union-find). Each key remembers the first line it was seen on, so
 * flows are numbered in order of first appearance whatever order the joins came in.
 */
export class FlowKeys {
  private readonly indexOf = new Map<string, number>();
  private readonly parent: number[] = [];
  private readonly firstLine: number[] = [];
  private readonly kinds: FlowKind[] = [];

  /** The index of a key, adding it (seen first on `line`) when new. */
  add(key: string, kind: FlowKind, line: number): number {
    let index = this.indexOf.get(key);
    if (index === undefined) {
      index = this.parent.length;
      this.indexOf.set(detach(key), index);
      this.parent.push(index);
      this.firstLine.push(line);
      this.kinds.push(kind);
    }
    return index;
  }

  /** The index of a key seen before, or undefined. */
  get(key: string): number | undefined {
    return this.indexOf.get(key);
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
    const roots: number[] = [];
    for (let i = 0; i < this.parent.length; i++) if (this.find(i) === i) roots.push(i);
    roots.sort((a, b) => this.firstLine[a] - this.firstLine[b] || a - b);
    return new Map(roots.map((root, i) => [root, i + 1]));
  }
}
