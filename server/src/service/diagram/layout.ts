// Where a flow diagram's parts go, in CSS pixels: the time column, the lanes, the rows and the
// heads (IPsec peers, lane names), fixed for a file or fitted to a page's width.
import type { FlowDiagram } from './model';

/** Sizes of the picture, in CSS pixels. */
export interface DiagramLayout {
  /** Width of the time column (and the answer brackets beside it). */
  readonly timeWidth: number;
  /** Distance between two lanes. */
  readonly laneGap: number;
  /** Height of one row. */
  readonly rowHeight: number;
  /** Height of the heads (IPsec peers, lane names). */
  readonly headHeight: number;
  /** Width of the whole picture. */
  readonly width: number;
  /** The x of each lane. */
  readonly laneX: readonly number[];
}

/** How to lay a picture out: a file's fixed sizes by default, or fitted to a page's width. */
export interface LayoutOptions {
  /** Height of one row (30 px; bands are thinner). */
  readonly rowHeight?: number;
  /** The width to fit the lanes in (a webview's); without it the lanes are the fixed width a file has. */
  readonly width?: number;
  /** The longest time label, in characters, for a fitted time column (the outline's `timeChars`). */
  readonly timeChars?: number;
}

const TIME_WIDTH = 104;
const LANE_GAP = 220;
/** The narrowest a fitted lane gets (a head of about 11 characters); past it the page scrolls sideways. */
export const MIN_LANE_GAP = 96;
const ROW_HEIGHT = 30;
/** Width of a character of the picture's 11 px monospace font, and of a lane head's 12 px bold name. */
export const CHAR_WIDTH = 6.7;
export const NAME_CHAR_WIDTH = 7.4;
/** Room in the time column for the answer brackets beside the times. */
const BRACKETS_WIDTH = 28;
/** Two lines a peer: its name and how far it got, then its phases. */
export const PEER_LINE = 30;
/** IPsec peers headed one by one; past them a line says how many more there are (a busy link has thousands). */
const MAX_HEAD_PEERS = 8;

/** The peers the heads show, and how many they leave out. */
export function headPeers(diagram: FlowDiagram): { shown: FlowDiagram['peers']; more: number } {
  const shown = diagram.peers.slice(0, MAX_HEAD_PEERS);
  return { shown, more: diagram.peers.length - shown.length };
}
/** Room after the last lane for the marks of the arrows that reach it. */
const RIGHT_MARGIN = 150;
/** The least of it a fitted picture keeps when the lanes need the rest (marks then end at the edge). */
const MIN_RIGHT_MARGIN = 12;

/**
 * Where the lanes and rows go. A file's picture has fixed sizes; a page's (`width` given) is fitted:
 * a time column as wide as its longest label, and lanes sharing the width between MIN_LANE_GAP and
 * the file's gap, so the whole ladder shows in a panel beside the dump, or scrolls when even the
 * narrowest lanes do not fit.
 */
export function layoutDiagram(diagram: FlowDiagram, options: LayoutOptions = {}): DiagramLayout {
  const lanes = Math.max(1, diagram.lanes.length);
  let timeWidth = TIME_WIDTH;
  let laneGap = LANE_GAP;
  let margin = RIGHT_MARGIN;
  if (options.width !== undefined) {
    // "seconds" under "time" in the heads is the least the column needs.
    timeWidth = Math.ceil(8 + Math.max(7, options.timeChars ?? 7) * CHAR_WIDTH + BRACKETS_WIDTH);
    const room = options.width - timeWidth;
    laneGap = Math.min(LANE_GAP, Math.floor((room - RIGHT_MARGIN) / lanes));
    if (laneGap < MIN_LANE_GAP + 24) {
      margin = MIN_RIGHT_MARGIN;
      laneGap = Math.max(MIN_LANE_GAP, Math.min(LANE_GAP, Math.floor((room - margin) / lanes)));
    }
  }
  const laneX = diagram.lanes.map((_, i) => timeWidth + laneGap / 2 + i * laneGap);
  const details = Math.max(0, ...diagram.lanes.map((l) => l.details.length));
  const headHeight = lanesTop(diagram) + 30 + details * 13 + 12;
  return {
    timeWidth,
    laneGap,
    rowHeight: options.rowHeight ?? ROW_HEIGHT,
    headHeight,
    width: timeWidth + diagram.lanes.length * laneGap + margin,
    laneX,
  };
}

/** The y where the lanes' heads start, below the IPsec peers' lines. */
export function lanesTop(diagram: FlowDiagram): number {
  const { shown, more } = headPeers(diagram);
  return 12 + (shown.length + (more > 0 ? 1 : 0)) * PEER_LINE + (shown.length > 0 ? 8 : 0);
}
