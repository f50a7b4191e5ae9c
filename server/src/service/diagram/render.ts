// Draws a flow diagram (model.ts) as SVG text. One renderer for every picture: the webview draws
// the rows in view with it as the user scrolls, exports the whole picture with it, and the command
// line (`balancer-lens diagram FILE --svg OUT`) writes the same picture. It knows no DOM and no
// Node: plain strings in, SVG text out. Colours are CSS classes; a palette gives them values (the
// VS Code theme's variables in the editor, fixed colours in a file that leaves it).
import * as l10n from '@vscode/l10n';
import {
  CHAR_WIDTH,
  type DiagramLayout,
  headPeers,
  lanesTop,
  layoutDiagram,
  NAME_CHAR_WIDTH,
  PEER_LINE,
} from './layout';
import type { DiagramFlow, DiagramRow, FlowDiagram } from './model';
import { diagramCss, type DiagramPalette } from './theme';
import {
  type Band,
  bandOf,
  type DiagramView,
  type DisplayItem,
  flowById,
  pictureItems,
} from './view';

// The view and the layout, where the renderer's users have always found them.
export * from './layout';
export * from './view';

/** Escapes text for SVG. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Cuts a label to about what fits in `width` pixels (the whole of it is in the row's tooltip). */
function fit(text: string, width: number, charWidth = CHAR_WIDTH): string {
  const chars = Math.max(4, Math.floor(width / charWidth));
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

/** A label's text, escaped and cut to fit, with the whole of it as a tooltip when it was cut. */
function fitted(text: string, width: number, charWidth = CHAR_WIDTH): string {
  const cut = fit(text, width, charWidth);
  return cut === text ? escapeXml(text) : `${escapeXml(cut)}<title>${escapeXml(text)}</title>`;
}

/** Where text of `chars` characters starting at `x` goes: there, or ending at the picture's right edge when it would pass it (a fitted picture's last lane has little room after it). */
function placed(layout: DiagramLayout, x: number, chars: number): string {
  const edge = layout.width - 4;
  return x + chars * CHAR_WIDTH <= edge ? `x="${x}"` : `x="${edge}" text-anchor="end"`;
}

/** `+152`, `+0.00005`: a row's time relative to the first packet. */
export function timeLabel(diagram: Pick<FlowDiagram, 'timeUnit'>, row: DiagramRow): string {
  if (row.at === undefined) return row.time;
  return diagram.timeUnit === 'seconds'
    ? `+${row.at.toFixed(6).replace(/\.?0+$/, '')}`
    : `+${row.at}`;
}

/** The time column's head (`time`, and its unit), its top at `top`. */
export function renderTimeHead(diagram: FlowDiagram, top: number): string {
  return `<text class="muted" x="8" y="${top + 16}">${escapeXml(l10n.t('time'))}</text><text class="muted" x="8" y="${top + 29}">${escapeXml(diagram.timeUnit ?? '')}</text>`;
}

/** The heads: each IPsec peer's status, then each lane's name and details, and the time column's unit. */
export function renderHead(diagram: FlowDiagram, layout: DiagramLayout): string {
  return renderPeerHeads(diagram, layout.width) + renderLaneHeads(diagram, layout);
}

/** Each IPsec peer's status, a line or two each, fitted to `width` (a page keeps them in view when the lanes scroll sideways). */
export function renderPeerHeads(diagram: FlowDiagram, width: number): string {
  const parts: string[] = [];
  let y = 12;
  const { shown, more } = headPeers(diagram);
  for (const peer of shown) {
    const good = peer.state === 'both-ways';
    const title = l10n.t`IPsec peer ${peer.id}`;
    // In a narrow page the peer's name gives way to how far its tunnel got, and then that is cut
    // too (the whole line is its tooltip).
    const room = (width - 16) / CHAR_WIDTH - (title.length + 5);
    const name = fit(peer.name, Math.max(4, room - peer.summary.length) * CHAR_WIDTH);
    const summary = fit(peer.summary, Math.max(4, room - name.length) * CHAR_WIDTH);
    const whole =
      name === peer.name && summary === peer.summary
        ? ''
        : `<title>${escapeXml(`${title} ${peer.name}: ${peer.summary}`)}</title>`;
    parts.push(
      `<text x="8" y="${y + 11}">${whole}<tspan class="badge ${good ? 'ok' : 'warning'}">${good ? '✔' : '⚠'} ${title}</tspan> ${escapeXml(name)}: <tspan class="badge ${good ? 'ok' : 'warning'}">${escapeXml(summary)}</tspan></text>` +
        `<text class="muted" x="22" y="${y + 25}">${fitted(peer.status, width - 30)}</text>`,
    );
    y += PEER_LINE;
  }
  if (more > 0) {
    const tunnelsDown = diagram.peers.filter((p) => p.state !== 'both-ways').length;
    const text = l10n.t`and ${more} more IPsec peers (${tunnelsDown} of all ${diagram.peers.length} without data both ways): choose one under Peer`;
    parts.push(`<text class="muted" x="8" y="${y + 11}">${fitted(text, width - 16)}</text>`);
  }
  return parts.join('');
}

/** Each lane's head (its name and details) and the time column's, below the peers. */
export function renderLaneHeads(diagram: FlowDiagram, layout: DiagramLayout): string {
  const parts: string[] = [];
  const boxTop = lanesTop(diagram);
  const boxHeight = layout.headHeight - boxTop - 6;
  parts.push(renderTimeHead(diagram, boxTop));
  for (const lane of diagram.lanes) {
    const x = layout.laneX[lane.index];
    const w = layout.laneGap - 14;
    const side =
      lane.side === 'balancer' ? 'balancer' : lane.side === 'inside' ? 'inside' : 'outside';
    const lines = lane.details
      .map(
        (d, i) =>
          `<text class="muted" x="${x}" y="${boxTop + 34 + i * 13}" text-anchor="middle">${fitted(d, w - 6)}</text>`,
      )
      .join('');
    parts.push(
      `<g class="head ${side}" data-lane="${lane.index}"><rect x="${x - w / 2}" y="${boxTop}" width="${w}" height="${boxHeight}" rx="4"/>` +
        `<text class="muted" x="${x}" y="${boxTop + 10}" text-anchor="middle" font-size="9">${escapeXml(SIDE_WORDS[side]())}</text>` +
        `<text class="name" x="${x}" y="${boxTop + 22}" text-anchor="middle">${fitted(lane.label, w - 6, NAME_CHAR_WIDTH)}</text>${lines}</g>`,
    );
  }
  return parts.join('');
}

/** The lanes' vertical lines from `top` to `bottom`. */
export function renderLanes(
  diagram: FlowDiagram,
  layout: DiagramLayout,
  top: number,
  bottom: number,
): string {
  return diagram.lanes
    .map(
      (lane) =>
        `<line class="lane${lane.side === 'balancer' ? ' balancer' : ''}" x1="${layout.laneX[lane.index]}" x2="${layout.laneX[lane.index]}" y1="${top}" y2="${bottom}"/>`,
    )
    .join('');
}

/** An arrow's head at (x, y) pointing right (dir 1) or left (-1). */
function tip(x: number, y: number, dir: number): string {
  return `<path class="tip" d="M${x} ${y}l${-7 * dir} -4v8z"/>`;
}

/** A lane's side as its head names it, in the user's language (its class stays the English word). */
const SIDE_WORDS: Record<'balancer' | 'inside' | 'outside', () => string> = {
  balancer: () => l10n.t('balancer'),
  inside: () => l10n.t('inside'),
  outside: () => l10n.t('outside'),
};

/** A row's mark as its tooltip lists it, in the user's language. */
const MARK_NAMES: Record<string, () => string> = {
  unanswered: () => l10n.t('no answer'),
  'one-way': () => l10n.t('one-way'),
  untranslated: () => l10n.t('untranslated'),
  'icmp-error': () => l10n.t('ICMP error'),
  'single-copy': () => l10n.t('single copy'),
};

/** A mark's badge: its words in the user's language (read when drawn) and its class. */
const MARK_WORDS: Record<string, [string, string]> = {
  get unanswered(): [string, string] {
    return [MARK_NAMES.unanswered(), 'warning'];
  },
  get 'one-way'(): [string, string] {
    return [MARK_NAMES['one-way'](), 'warning'];
  },
  get untranslated(): [string, string] {
    return [MARK_NAMES.untranslated(), 'warning'];
  },
  get 'icmp-error'(): [string, string] {
    return [MARK_NAMES['icmp-error'](), 'error'];
  },
};

/** One packet's row at `y`. */
function renderPacket(
  diagram: FlowDiagram,
  layout: DiagramLayout,
  row: DiagramRow,
  y: number,
  highlight: boolean,
): string {
  const balancer = diagram.lanes.findIndex((l) => l.side === 'balancer');
  const xb = layout.laneX[balancer];
  const x1 = layout.laneX[row.from];
  const x2 = layout.laneX[row.to];
  const ay = y + layout.rowHeight - 9;
  const ty = y + layout.rowHeight - 13;
  const classes = ['row', row.direction, ...row.marks, highlight ? 'highlight' : '']
    .filter((c) => c !== '')
    .join(' ');
  const parts: string[] = [];
  const through = row.received && row.sent && row.from !== balancer && row.to !== balancer;
  // The two halves: into the balancer and out of it; one half when only one copy was seen.
  const segments: [number, number][] = through
    ? [
        [x1, xb],
        [xb, x2],
      ]
    : row.received && !row.sent
      ? [[x1, xb]]
      : row.sent && !row.received
        ? [[xb, x2]]
        : [[x1, x2]];
  for (const [a, b] of segments) {
    if (a === b) continue;
    parts.push(`<line class="arrow" x1="${a}" y1="${ay}" x2="${b}" y2="${ay}"/>`);
  }
  const [lastA, lastB] = segments[segments.length - 1];
  const dir = lastB >= lastA ? 1 : -1;
  if (lastA !== lastB) parts.push(tip(lastB, ay, dir));
  if (through || (row.received && !row.sent) || (row.sent && !row.received))
    parts.push(`<circle class="junction" cx="${xb}" cy="${ay}" r="3"/>`);
  // The label over the first half, the translation over the second.
  // Without a translation beside it, a label may run on over the next lane (narrow lanes cut it less).
  const [fa, fb] = segments[0];
  const translated =
    row.translation !== undefined && row.translation !== '' && segments.length === 2;
  const labelX = Math.min(fa, fb) + 5;
  const firstWidth = translated
    ? Math.max(Math.abs(fb - fa), layout.laneGap) - 10
    : Math.min(layout.width - labelX - 4, Math.max(Math.abs(fb - fa), 2 * layout.laneGap) - 10);
  parts.push(
    `<text class="label" x="${labelX}" y="${ty}">${escapeXml(fit(row.label, firstWidth))}</text>`,
  );
  if (translated) {
    const [sa, sb] = segments[1];
    parts.push(
      `<text class="translation" x="${Math.min(sa, sb) + 5}" y="${ty}">${escapeXml(fit(row.translation, Math.abs(sb - sa) - 10))}</text>`,
    );
  }
  const words = row.marks
    .filter(
      (m) => MARK_WORDS[m] !== undefined && !(m === 'unanswered' && row.marks.includes('one-way')),
    )
    .map((m) => MARK_WORDS[m]);
  if (row.reports !== undefined) words.push([l10n.t`about flow ${row.reports}`, 'error']);
  const right = Math.max(x1, x2, xb) + 10;
  if (words.length > 0)
    parts.push(
      `<text ${placed(
        layout,
        right,
        words.reduce((n, [w]) => n + w.length + 1, 0),
      )} y="${ay + 4}">${words.map(([w, c]) => `<tspan class="badge ${c}">${escapeXml(w)} </tspan>`).join('')}</text>`,
    );
  const copies = row.copyLines.map((l) => l + 1).join(', ');
  const tooltip = [
    row.copyLines.length > 1
      ? l10n.t('line {0} (copies on lines {1}): {2}', row.line + 1, copies, row.label)
      : l10n.t('line {0}: {1}', row.line + 1, row.label),
    `${row.ends ?? `${diagram.lanes[row.from].label} → ${diagram.lanes[row.to].label}`}${row.inPort ? l10n.t(' in on {0}', row.inPort) : ''}${row.outPort && row.sent ? l10n.t(' out on {0}', row.outPort) : ''}`,
    row.translation ?? '',
    row.flow === undefined
      ? ''
      : row.direction === 'back'
        ? l10n.t('flow {0} (back)', row.flow)
        : l10n.t('flow {0} (forward)', row.flow),
    row.time ? l10n.t('time {0}', row.time) : '',
    row.marks.map((m) => MARK_NAMES[m]?.() ?? m).join(', '),
  ].filter((s) => s !== '');
  return (
    `<g class="${classes}" data-row="${row.index}" data-line="${row.line}"><rect class="hit" x="0" y="${y}" width="${layout.width}" height="${layout.rowHeight}"/>` +
    `<title>${escapeXml(tooltip.join('\n'))}</title>${parts.join('')}</g>`
  );
}

/** A flow collapsed to one row. */
function renderFlow(
  diagram: FlowDiagram,
  layout: DiagramLayout,
  flow: DiagramFlow,
  y: number,
  highlight: boolean,
): string {
  const x1 = layout.laneX[flow.from];
  const x2 = layout.laneX[flow.to];
  const ay = y + layout.rowHeight - 9;
  const dir = x2 >= x1 ? 1 : -1;
  const first = diagram.rows[flow.rows[0]];
  const text = `Flow ${flow.id}: ${flow.name} · ${flow.forward} forward, ${flow.back} back`;
  const classes = [
    'row',
    'flowrow',
    'forward',
    flow.oneWay ? 'one-way' : '',
    highlight ? 'highlight' : '',
  ]
    .filter((c) => c !== '')
    .join(' ');
  const tips = tip(x2, ay, dir) + (flow.back > 0 ? tip(x1, ay, -dir) : '');
  const badge = flow.oneWay
    ? `<text ${placed(layout, Math.max(x1, x2) + 10, 8)} y="${ay + 4}"><tspan class="badge warning">${escapeXml(l10n.t('one-way'))}</tspan></text>`
    : '';
  return (
    `<g class="${classes}" data-flow="${flow.id}" data-row="${first.index}" data-line="${first.line}"><rect class="hit" x="0" y="${y}" width="${layout.width}" height="${layout.rowHeight}"/>` +
    `<title>${escapeXml(`${text} (${flow.rows.length} rows, collapsed)`)}</title>` +
    `<line class="arrow" x1="${x1}" y1="${ay}" x2="${x2}" y2="${ay}" stroke-width="4"/>${tips}` +
    `<text class="label" x="${Math.min(x1, x2) + 5}" y="${y + layout.rowHeight - 13}">${escapeXml(fit(text, Math.min(layout.width - Math.min(x1, x2) - 9, Math.max(Math.abs(x2 - x1), layout.laneGap) * 2)))}</text>${badge}` +
    `</g>`
  );
}

/** Many rows as one band: a bar per lane pair, as thick as its share of the band's packets. */
function renderBucket(layout: DiagramLayout, band: Band, y: number, highlight: boolean): string {
  const h = Math.max(2, layout.rowHeight - 2);
  const bars = band.pairs
    .map((p, i, all) => {
      const x = Math.min(layout.laneX[p.from], layout.laneX[p.to]);
      const w = Math.max(2, Math.abs(layout.laneX[p.to] - layout.laneX[p.from]));
      const share = Math.max(1, (h * p.count) / band.count);
      const offset = (h * all.slice(0, i).reduce((n, q) => n + q.count, 0)) / band.count;
      return `<rect class="density ${p.kind}" x="${x}" y="${(y + 1 + offset).toFixed(1)}" width="${w}" height="${share.toFixed(1)}"/>`;
    })
    .join('');
  const { first } = band;
  const summary = l10n.t`${band.count} packets, lines ${first.line + 1}-${band.lastEndLine + 1}`;
  const count = l10n.t('{0} packets', band.count);
  const label =
    layout.rowHeight >= 12
      ? `<text class="muted" ${placed(layout, Math.max(...layout.laneX) + 10, count.length)} y="${y + Math.min(layout.rowHeight - 2, 12)}">${count}</text>`
      : '';
  return (
    `<g class="row bucket${highlight ? ' highlight' : ''}" data-row="${first.index}" data-line="${first.line}"><rect class="hit" x="0" y="${y}" width="${layout.width}" height="${layout.rowHeight}"/>` +
    `<title>${escapeXml(l10n.t`${summary}: zoom in to see each one`)}</title>${bars}${label}</g>`
  );
}

/** What to draw of a list of items: which ones, and which rows stand out. */
export interface RowWindow {
  /** The first item to draw. */
  readonly start: number;
  /** One past the last. */
  readonly end: number;
  /** The y of item 0 (the heads' height when drawn below them). */
  readonly top: number;
  /** Rows that stand out (the cursor's line in the editor). */
  readonly highlight?: ReadonlySet<number>;
}

/**
 * The rows whose words drawing the items from `start` to `end` takes: each packet's, each
 * collapsed flow's first, and each band's first (the band's time is its first packet's).
 */
export function rowsDrawn(items: readonly DisplayItem[], start: number, end: number): number[] {
  const rows: number[] = [];
  for (let i = Math.max(0, start); i < Math.min(items.length, end); i++) {
    const item = items[i];
    rows.push(item.kind === 'bucket' ? item.rows[0] : item.row);
  }
  return rows;
}

/** A window's items that exist, the rows it highlights, and the y of an item. */
function bounds(
  layout: DiagramLayout,
  items: readonly DisplayItem[],
  window: RowWindow,
): { start: number; end: number; highlight: ReadonlySet<number>; yOf: (i: number) => number } {
  return {
    start: Math.max(0, window.start),
    end: Math.min(items.length, window.end),
    highlight: window.highlight ?? new Set<number>(),
    yOf: (i) => window.top + i * layout.rowHeight,
  };
}

/** The items from `start` to `end`, at their place as if all were drawn (a webview draws only what is in view). */
export function renderItems(
  diagram: FlowDiagram,
  layout: DiagramLayout,
  items: readonly DisplayItem[],
  window: RowWindow,
): string {
  const parts: string[] = [];
  const { start, end, highlight, yOf } = bounds(layout, items, window);
  for (let i = start; i < end; i++) {
    const item = items[i];
    const y = yOf(i);
    if (item.kind === 'packet') {
      parts.push(renderPacket(diagram, layout, diagram.rows[item.row], y, highlight.has(item.row)));
    } else if (item.kind === 'flow') {
      const flow = flowById(diagram, item.flow)!;
      parts.push(
        renderFlow(
          diagram,
          layout,
          flow,
          y,
          flow.rows.some((r) => highlight.has(r)),
        ),
      );
    } else {
      parts.push(
        renderBucket(
          layout,
          bandOf(diagram, item),
          y,
          item.rows.some((r) => highlight.has(r)),
        ),
      );
    }
  }
  return parts.join('');
}

/**
 * The time column of the items from `start` to `end`: each row's time (a band's first), and the brackets that tie
 * replies to their requests. Apart from the rows, so that a page keeps it in view when it scrolls
 * sideways; a highlighted row is highlighted in it too.
 */
export function renderTimes(
  diagram: FlowDiagram,
  layout: DiagramLayout,
  items: readonly DisplayItem[],
  window: RowWindow,
): string {
  const parts: string[] = [];
  const { start, end, highlight, yOf } = bounds(layout, items, window);
  const shownAt = new Map<number, number>();
  for (let i = start; i < end; i++) {
    const item = items[i];
    const y = yOf(i);
    if (item.kind === 'bucket') {
      // A band: the time of its first packet, where the band is tall enough to hold a line of text.
      if (layout.rowHeight >= 12)
        parts.push(
          `<text class="time" x="6" y="${y + layout.rowHeight - 4}">${escapeXml(timeLabel(diagram, item.band?.first ?? diagram.rows[item.rows[0]]))}</text>`,
        );
      continue;
    }
    const rows =
      item.kind === 'packet' ? [item.row] : (flowById(diagram, item.flow)?.rows ?? [item.row]);
    if (item.kind === 'packet') shownAt.set(item.row, i);
    // Wider than the column: its right border falls outside, where the row's own highlight goes on.
    if (rows.some((r) => highlight.has(r)))
      parts.push(
        `<g class="row highlight"><rect class="hit" x="0" y="${y}" width="${layout.timeWidth + 4}" height="${layout.rowHeight}"/></g>`,
      );
    parts.push(
      `<text class="time" x="6" y="${y + layout.rowHeight - 5}">${escapeXml(timeLabel(diagram, diagram.rows[item.row]))}</text>`,
    );
  }
  // Replies drawn against their requests: a bracket beside the time column from one to the other.
  let depth = 0;
  for (const [rowIndex, at] of shownAt) {
    const row = diagram.rows[rowIndex];
    if (row.answers === undefined) continue;
    const requestAt = shownAt.get(row.answers);
    if (requestAt === undefined || requestAt >= at) continue;
    const x = layout.timeWidth - 10 - (depth++ % 4) * 5;
    const y1 = yOf(requestAt) + layout.rowHeight - 9;
    const y2 = yOf(at) + layout.rowHeight - 9;
    const error = row.marks.includes('icmp-error') ? ' error' : '';
    parts.push(
      `<path class="bracket${error}" d="M${x + 6} ${y1}H${x}V${y2}H${x + 6}"><title>${escapeXml(l10n.t`line ${row.line + 1} answers line ${diagram.rows[row.answers].line + 1}`)}</title></path>`,
    );
  }
  return parts.join('');
}

/** How to draw a whole picture. */
export interface PictureOptions {
  /** Colours written into the picture; without them it takes the page's own style. */
  readonly palette?: DiagramPalette;
  /** More items than this are drawn as bands of rows (5,000 by default). */
  readonly maxItems?: number;
}

/** The whole picture of a view as one SVG document: what an export and the command line write. */
export function renderDiagramSvg(
  diagram: FlowDiagram,
  view: DiagramView = {},
  options: PictureOptions = {},
): string {
  return renderPicture(diagram, pictureItems(diagram, view, options.maxItems), options);
}

/** The whole picture of the items of a view (pictureItems), as one SVG document. */
export function renderPicture(
  diagram: FlowDiagram,
  items: readonly DisplayItem[],
  options: Pick<PictureOptions, 'palette'> = {},
): string {
  const layout = layoutDiagram(diagram);
  const height = layout.headHeight + items.length * layout.rowHeight + 12;
  const style = options.palette ? `<style>${diagramCss(options.palette)}</style>` : '';
  const message = diagram.message
    ? `<text x="8" y="${layout.headHeight + 20}">${escapeXml(diagram.message)}</text>`
    : '';
  const width = Math.max(layout.width, diagram.message ? 640 : 0);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="bl-diagram" width="${width}" height="${height + (message ? 30 : 0)}" viewBox="0 0 ${width} ${height + (message ? 30 : 0)}">` +
    `${style}<rect class="bg" width="100%" height="100%"/>` +
    renderLanes(diagram, layout, layout.headHeight - 6, height) +
    renderHead(diagram, layout) +
    renderItems(diagram, layout, items, { start: 0, end: items.length, top: layout.headHeight }) +
    renderTimes(diagram, layout, items, { start: 0, end: items.length, top: layout.headHeight }) +
    `${message}</svg>\n`
  );
}
