// What a flow diagram shows (model.ts): the rows a view keeps (filters, collapsed flows) as
// display items, bands of rows when there are too many to draw one by one, and a flow by its id.
import type { BandPlace, DiagramFlow, DiagramRow, FlowDiagram } from './model';

/** What to show: filters narrow the rows, collapsed flows become one row each. */
export interface DiagramView {
  /** Only the packets of this IPsec peer (its IKE, ESP and any traffic with its address). */
  readonly peer?: number;
  /** Only the packets of this flow (and the ICMP errors about it). */
  readonly flow?: number;
  /** Only the packets of these IPsec peers (what a page's peer box matches). */
  readonly peers?: readonly number[];
  /** Only the packets of these flows (what a page's flow box matches). */
  readonly flows?: readonly number[];
  /** Only this protocol: tcp, udp, icmp, esp, ah, ike, arp, ... */
  readonly protocol?: string;
  /** Flows drawn as one row each. */
  readonly collapsed?: readonly number[];
}

/** One row of the picture: a packet, a flow collapsed to one row, or many rows too dense to draw one by one. */
export type DisplayItem =
  | { readonly kind: 'packet'; readonly row: number }
  | { readonly kind: 'flow'; readonly flow: number; readonly row: number }
  | {
      readonly kind: 'bucket';
      readonly rows: readonly number[];
      /** What the band draws, when made as the rows went by (a streamed picture keeps no list of rows). */
      readonly band?: Band;
    };

/** What a band of rows draws: per lane pair and kind how many rows, its first row and its last row's end. */
export interface Band {
  /** How many rows. */
  readonly count: number;
  /** Per lane pair and kind (the way, or an ICMP error), in order of first row. */
  readonly pairs: readonly { from: number; to: number; kind: string; count: number }[];
  /** The first row (its time, line and index). */
  readonly first: DiagramRow;
  /** The last line of the last row. */
  readonly lastEndLine: number;
}

/** A row's kind in a band: its way, or an ICMP error. */
function bandKind(place: BandPlace): string {
  return place.marks.includes('icmp-error') ? 'icmp-error' : place.direction;
}

/** Folds rows, or bands, in order into one band. */
export class BandFold {
  private count = 0;
  private readonly pairs = new Map<
    string,
    { from: number; to: number; kind: string; count: number }
  >();
  private first: DiagramRow | undefined;
  private lastEndLine = 0;

  row(row: DiagramRow): void {
    this.place(row, () => row);
  }

  /** A row by what a band draws of it; `row()` makes the whole row, asked for only when it is the band's first. */
  place(place: BandPlace, row: () => DiagramRow): void {
    this.add(place.from, place.to, bandKind(place), 1);
    this.first ??= row();
    this.lastEndLine = place.endLine;
    this.count++;
  }

  band(band: Band): void {
    for (const pair of band.pairs) this.add(pair.from, pair.to, pair.kind, pair.count);
    this.first ??= band.first;
    this.lastEndLine = band.lastEndLine;
    this.count += band.count;
  }

  /** The band folded so far; undefined before a row. */
  done(): Band | undefined {
    if (!this.first) return undefined;
    return {
      count: this.count,
      pairs: [...this.pairs.values()].map((p) => ({ ...p })),
      first: this.first,
      lastEndLine: this.lastEndLine,
    };
  }

  private add(from: number, to: number, kind: string, count: number): void {
    const key = `${from} ${to} ${kind}`;
    const pair = this.pairs.get(key);
    if (pair) pair.count += count;
    else this.pairs.set(key, { from, to, kind, count });
  }
}

/** The band of a bucket item. */
export function bandOf(diagram: FlowDiagram, item: DisplayItem & { kind: 'bucket' }): Band {
  if (item.band) return item.band;
  const fold = new BandFold();
  for (const index of item.rows) fold.row(diagram.rows[index]);
  return fold.done()!;
}

/** Whether a view shows a row of a flow, peer and protocol (its filters, not its collapsed flows). */
export type RowFilter = (
  flow: number | undefined,
  peer: number | undefined,
  protocol: string,
) => boolean;

/** A view's filters. */
export function rowFilter(view: DiagramView): RowFilter {
  // A page's boxes may match thousands of flows: looked up in sets.
  const flows = view.flows && new Set(view.flows);
  const peers = view.peers && new Set(view.peers);
  return (flow, peer, protocol) => {
    if (view.flow !== undefined && flow !== view.flow) return false;
    if (view.peer !== undefined && peer !== view.peer) return false;
    if (flows && (flow === undefined || !flows.has(flow))) return false;
    if (peers && (peer === undefined || !peers.has(peer))) return false;
    return view.protocol === undefined || view.protocol === '' || protocol === view.protocol;
  };
}

/** The rows a view shows, in order: filtered, collapsed flows in place of their first packet. */
export function displayItems(diagram: FlowDiagram, view: DiagramView = {}): DisplayItem[] {
  const collapsed = new Set(view.collapsed ?? []);
  const items: DisplayItem[] = [];
  const flowShown = new Set<number>();
  const shown = rowFilter(view);
  for (const row of diagram.rows) {
    if (!shown(row.flow, row.peer, row.protocol)) continue;
    if (row.flow !== undefined && collapsed.has(row.flow)) {
      if (!flowShown.has(row.flow)) items.push({ kind: 'flow', flow: row.flow, row: row.index });
      flowShown.add(row.flow);
      continue;
    }
    items.push({ kind: 'packet', row: row.index });
  }
  return items;
}

/** Many rows as one band each, `size` rows a band: what a 200,000-line dump zoomed out becomes. */
export function aggregateItems(
  diagram: FlowDiagram,
  items: readonly DisplayItem[],
  size: number,
): DisplayItem[] {
  if (size <= 1) return [...items];
  const buckets: DisplayItem[] = [];
  for (let i = 0; i < items.length; i += size) {
    const rows: number[] = [];
    for (const item of items.slice(i, i + size)) {
      if (item.kind === 'bucket') rows.push(...item.rows);
      else if (item.kind === 'flow')
        rows.push(...(flowById(diagram, item.flow)?.rows ?? [item.row]));
      else rows.push(item.row);
    }
    buckets.push({ kind: 'bucket', rows });
  }
  return buckets;
}

/** A flow by its id: flows are numbered in order, so it is usually at id - 1. */
export function flowById(diagram: FlowDiagram, id: number): DiagramFlow | undefined {
  const flow = diagram.flows[id - 1];
  return flow?.id === id ? flow : diagram.flows.find((f) => f.id === id);
}

/** The items of a whole picture of a view: its rows, as bands when there are more than `maxItems`. */
export function pictureItems(
  diagram: FlowDiagram,
  view: DiagramView = {},
  maxItems = 5000,
): DisplayItem[] {
  const items = displayItems(diagram, view);
  return items.length > maxItems
    ? aggregateItems(diagram, items, Math.ceil(items.length / maxItems))
    : items;
}
