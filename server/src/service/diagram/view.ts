// What a flow diagram shows (model.ts): the rows a view keeps (filters, collapsed flows) as
// display items, bands of rows when there are too many to draw one by one, and a flow by its id.
import type { DiagramFlow, FlowDiagram } from './model';

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
  | { readonly kind: 'bucket'; readonly rows: readonly number[] };

/** The rows a view shows, in order: filtered, collapsed flows in place of their first packet. */
export function displayItems(diagram: FlowDiagram, view: DiagramView = {}): DisplayItem[] {
  const collapsed = new Set(view.collapsed ?? []);
  const items: DisplayItem[] = [];
  const flowShown = new Set<number>();
  const flows = view.flows && new Set(view.flows);
  const peers = view.peers && new Set(view.peers);
  for (const row of diagram.rows) {
    if (view.flow !== undefined && row.flow !== view.flow) continue;
    if (view.peer !== undefined && row.peer !== view.peer) continue;
    if (flows && (row.flow === undefined || !flows.has(row.flow))) continue;
    if (peers && (row.peer === undefined || !peers.has(row.peer))) continue;
    if (view.protocol !== undefined && view.protocol !== '' && row.protocol !== view.protocol)
      continue;
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
