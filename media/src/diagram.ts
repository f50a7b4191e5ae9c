// The flow diagram's page script, bundled by esbuild into media/out/diagram.js. It receives the
// diagram's outline from the extension (everything but the rows' words, server/src/service/diagram/
// outline.ts), asks for the words of the rows it is about to draw, a screenful and some around it
// at a time, and draws only the rows in view (a 200,000-line dump stays smooth). It filters,
// collapses and aggregates them, follows the editor's cursor, reveals a clicked row's line, and
// exports the picture. Drawing is the shared renderer's (server/src/service/diagram/render.ts), in
// the shared theme's colours (theme.ts). Its words, and the renderer's, are in the editor's display
// language: the extension's first message hands it the bundle (`l10n`), which @vscode/l10n reads.
import * as l10n from '@vscode/l10n';
import type { PageMessage, PanelMessage } from '../../client/src/diagram/messages';
import type { DiagramRow, FlowDiagram } from '../../server/src/service/diagram/model';
import {
  type DiagramOutline,
  diagramOfOutline,
  MAX_ROWS_PER_REQUEST,
} from '../../server/src/service/diagram/outline';
import {
  aggregateItems,
  type DiagramLayout,
  type DiagramView,
  type DisplayItem,
  displayItems,
  flowById,
  lanesTop,
  layoutDiagram,
  pictureItems,
  renderDiagramSvg,
  renderLaneHeads,
  renderItems,
  renderLanes,
  renderPeerHeads,
  renderTimeHead,
  renderTimes,
  rowsDrawn,
} from '../../server/src/service/diagram/render';
import {
  type DiagramPalette,
  LIGHT_PALETTE,
  THEME_PALETTE,
} from '../../server/src/service/diagram/theme';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement | SVGElement>(id: string): T => document.getElementById(id) as T;
const peerInput = $<HTMLInputElement>('peer');
const flowInput = $<HTMLInputElement>('flow');
const protocolSelect = $<HTMLSelectElement>('protocol');
const densitySelect = $<HTMLSelectElement>('density');
const collapseButton = $<HTMLButtonElement>('collapse');
const summary = $<HTMLSpanElement>('summary');
const messageBox = $<HTMLDivElement>('message');
const headSvg = $<SVGSVGElement>('head-svg');
const scroller = $<HTMLDivElement>('scroller');
const spacer = $<HTMLDivElement>('spacer');
const bodySvg = $<SVGSVGElement>('body-svg');
const rowsBox = $<HTMLDivElement>('rows');
const timeSvg = $<SVGSVGElement>('time-svg');
const headTime = $<SVGSVGElement>('head-time');
const headSheet = $<HTMLDivElement>('head-sheet');
const peersSvg = $<SVGSVGElement>('peers-svg');

/** Rows drawn beyond the visible ones on each side, so that a small scroll draws nothing new. */
const OVERSCAN = 20;
/** Items whose rows' words are asked for beyond those drawn, so that scrolling on finds them at hand. */
const READ_AHEAD = 300;

/** Choices a filter box offers under it as the user types: a dump may have 29,000 flows. */
const MATCHES_OFFERED = 12;
/** How long a filter box waits for the next key before filtering. */
const TYPING_PAUSE_MS = 150;

/** A flow or an IPsec peer as a filter box finds it: by number, or by a part of its name. */
interface Choice {
  readonly id: number;
  readonly name: string;
  /** Its packets: the busiest are offered first. */
  readonly packets: number;
}

/**
 * A filter by flow or by peer, as a text box: a number picks that one, other text every one whose
 * name holds it (an address, a port, a protocol), and a short list of matches (the busiest first)
 * is offered under it. A list of every flow would be 29,000 options on a long dump.
 */
class FilterBox {
  private choices: readonly Choice[] = [];
  private byId = new Map<number, Choice>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The ids the text matches (undefined: no filter), as last applied. */
  matched: number[] | undefined;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly list: HTMLElement,
    /** What the summary says when the text matches none (`; no flow holds “x”`). */
    private readonly none: (text: string) => string,
    /** What the summary says when it matches several (`; 3 flows match`). */
    private readonly several: (count: number) => string,
  ) {
    input.addEventListener('input', () => {
      this.offer();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.apply(), TYPING_PAUSE_MS);
    });
    input.addEventListener('change', () => this.apply());
    input.addEventListener('focus', () => this.offer());
  }

  /** Takes a new diagram's choices, keeping the user's text. */
  reset(choices: readonly Choice[]): void {
    this.choices = choices;
    this.byId = new Map(choices.map((c) => [c.id, c]));
    // The list is filled when the box is used: a page that is only looked at never builds it.
    this.list.replaceChildren();
    this.matched = this.match(this.input.value);
  }

  /** What the text picks: a number (`4`, `#4`, `4: TCP …` as a match offered reads) that one, other text each one whose name holds it. */
  private match(text: string): number[] | undefined {
    const wanted = text.trim();
    if (wanted === '') return undefined;
    const number = /^#?(\d+)(?::.*)?$/.exec(wanted);
    if (number && this.byId.has(Number(number[1]))) return [Number(number[1])];
    const lower = wanted.toLowerCase();
    return this.choices.filter((c) => c.name.toLowerCase().includes(lower)).map((c) => c.id);
  }

  /** Fills the list under the box with the busiest of the matches. */
  private offer(): void {
    const ids = this.match(this.input.value);
    const found = ids === undefined ? this.choices : ids.map((id) => this.byId.get(id)!);
    const busiest = [...found]
      .sort((a, b) => b.packets - a.packets || a.id - b.id)
      .slice(0, MATCHES_OFFERED);
    this.list.replaceChildren(
      ...busiest.map((c) => {
        const option = document.createElement('option');
        option.value = `${c.id}: ${c.name}`;
        option.label = packets(c.packets);
        return option;
      }),
    );
  }

  private apply(): void {
    clearTimeout(this.timer);
    const matched = this.match(this.input.value);
    if (String(matched) === String(this.matched)) return;
    this.matched = matched;
    rebuild();
  }

  /** What the summary says of this filter: how many it matched, or that none did. */
  describe(): string {
    const { matched } = this;
    this.input.setAttribute('aria-invalid', String(matched?.length === 0));
    if (matched === undefined || matched.length === 1) return '';
    return matched.length === 0 ? this.none(this.input.value.trim()) : this.several(matched.length);
  }
}

/** `1 packet`, `12 packets`. */
function packets(count: number): string {
  return count === 1 ? l10n.t('1 packet') : l10n.t('{0} packets', count);
}

const flowFilter = new FilterBox(
  flowInput,
  $<HTMLElement>('flow-matches'),
  (text) => l10n.t('; no flow holds “{0}”', text),
  (count) => l10n.t('; {0} flows match', count),
);
const peerFilter = new FilterBox(
  peerInput,
  $<HTMLElement>('peer-matches'),
  (text) => l10n.t('; no peer holds “{0}”', text),
  (count) => l10n.t('; {0} peers match', count),
);

/** Where a row's words are: not asked for, asked for, here. */
const Words = { Unknown: 0, Asked: 1, Here: 2 } as const;

/** Everything the page knows and shows, in one place: the diagram drawn and how it is drawn. */
interface PageState {
  diagram: FlowDiagram | undefined;
  /** The dump's version the diagram was drawn from: its rows are asked for at it. */
  version: number;
  /** Per row, where its words are. */
  words: Uint8Array;
  /** Exports waiting for rows' words. */
  waiting: { rows: number[]; done: () => void }[];
  /** True until the diagram has been drawn once (the extension is then told). */
  unannounced: boolean;
  layout: DiagramLayout | undefined;
  /** The outline's longest time label, in characters: the time column is as wide as it. */
  timeChars: number;
  /** The width the layout was fitted to. */
  fittedTo: number;
  items: DisplayItem[];
  /** The item each row is drawn in (-1: filtered out). */
  itemOfRow: Int32Array;
  /** The row of each line of the dump (-1: none). */
  rowOfLine: Int32Array;
  /** The flows shown as one row each. */
  collapsed: number[];
  /** Rows that stand out (the editor's cursor, a click). */
  highlighted: Set<number>;
  /** The animation frame a drawing waits for (0: none). */
  frame: number;
}

const page: PageState = {
  diagram: undefined,
  version: -1,
  words: new Uint8Array(0),
  waiting: [],
  unannounced: false,
  layout: undefined,
  timeChars: 0,
  fittedTo: 0,
  items: [],
  itemOfRow: new Int32Array(0),
  rowOfLine: new Int32Array(0),
  collapsed: [],
  highlighted: new Set<number>(),
  frame: 0,
};

function view(): DiagramView {
  return {
    peers: peerFilter.matched,
    flows: flowFilter.matched,
    protocol: protocolSelect.value || undefined,
    collapsed: page.collapsed,
  };
}

function option(value: string, text: string, selected: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  o.selected = value === selected;
  return o;
}

/** Fills a filter's choices, keeping the user's choice when the new diagram still has it. */
function fill(select: HTMLSelectElement, choices: [string, string][]): void {
  const current = select.value;
  select.replaceChildren(
    option('', l10n.t('all'), current),
    ...choices.map(([value, text]) => option(value, text, current)),
  );
  if (!choices.some(([value]) => value === current)) select.value = '';
}

function setDiagram(outline: DiagramOutline): void {
  const next = diagramOfOutline(outline);
  page.diagram = next;
  page.version = outline.version;
  page.words = new Uint8Array(next.rows.length);
  page.waiting = [];
  page.unannounced = true;
  page.timeChars = outline.timeChars;
  page.layout = layoutDiagram(next);
  flowFilter.reset(
    next.flows.map((f) => ({ id: f.id, name: f.name, packets: f.forward + f.back })),
  );
  const peerPackets = new Map<number, number>();
  for (const row of next.rows)
    if (row.peer !== undefined) peerPackets.set(row.peer, (peerPackets.get(row.peer) ?? 0) + 1);
  peerFilter.reset(
    next.peers.map((p) => ({ id: p.id, name: p.name, packets: peerPackets.get(p.id) ?? 0 })),
  );
  fill(
    protocolSelect,
    [...outline.rows.protocol.table].sort().map((p) => [p, p.toUpperCase()]),
  );
  page.collapsed = page.collapsed.filter((id) => id <= next.flows.length);
  page.rowOfLine = new Int32Array(next.lineCount).fill(-1);
  for (const row of next.rows) for (const line of row.copyLines) page.rowOfLine[line] = row.index;
  // The lines tcpdump -v continues a packet on belong to it too.
  for (let line = 1; line < page.rowOfLine.length; line++) {
    const previous = page.rowOfLine[line - 1];
    if (page.rowOfLine[line] < 0 && previous >= 0 && line <= next.rows[previous].endLine)
      page.rowOfLine[line] = previous;
  }
  messageBox.hidden = next.message === undefined;
  messageBox.textContent = next.message ?? '';
  rebuild();
}

/** Works out the items of the current view and draws them. */
function rebuild(): void {
  if (!page.diagram || !page.layout) return;
  // The row at the top stays at the top when the filters or the density change.
  const topItem = page.items[Math.floor(scroller.scrollTop / page.layout.rowHeight)];
  const anchor =
    topItem === undefined ? undefined : topItem.kind === 'bucket' ? topItem.rows[0] : topItem.row;
  page.items = displayItems(page.diagram, view());
  const density = Number(densitySelect.value) || 1;
  if (density > 1) page.items = aggregateItems(page.diagram, page.items, density);
  const rowHeight = density > 1 ? 16 : 30;
  // The rows' height first: whether the page scrolls down takes a scroll bar off the width to fit.
  spacer.style.height = `${page.items.length * rowHeight + 12}px`;
  fitLayout(rowHeight);
  page.itemOfRow = new Int32Array(page.diagram.rows.length).fill(-1);
  page.items.forEach((item, i) => {
    if (item.kind === 'packet') page.itemOfRow[item.row] = i;
    else if (item.kind === 'flow')
      for (const r of flowById(page.diagram!, item.flow)?.rows ?? []) page.itemOfRow[r] = i;
    else for (const r of item.rows) page.itemOfRow[r] = i;
  });
  summarise();
  collapseButton.setAttribute(
    'aria-pressed',
    String(page.collapsed.length > 0 && page.collapsed.length === page.diagram.flows.length),
  );
  const anchorItem =
    anchor === undefined || anchor >= page.itemOfRow.length ? -1 : page.itemOfRow[anchor];
  scroller.scrollTop =
    anchorItem >= 0
      ? anchorItem * page.layout.rowHeight
      : Math.min(scroller.scrollTop, page.items.length * page.layout.rowHeight);
  draw();
}

/** Says what the page shows: packets, flows, what the filters left, the time's unit, and lanes past the panel's edge. */
function summarise(): void {
  if (!page.diagram || !page.layout) return;
  const shown = page.items.length;
  const arrows = page.diagram.rows.length;
  const lanes = page.diagram.lanes.length;
  const flows = page.diagram.flows.length;
  summary.textContent =
    packets(arrows) +
    (flows === 1 ? l10n.t(', 1 flow') : l10n.t(', {0} flows', flows)) +
    flowFilter.describe() +
    peerFilter.describe() +
    (shown === arrows
      ? ''
      : shown === 1
        ? l10n.t('; 1 row shown')
        : l10n.t('; {0} rows shown', shown)) +
    (page.diagram.timeUnit ? l10n.t('; time in {0}', page.diagram.timeUnit) : '') +
    // A scroll bar is easily missed: say that the ladder goes on past the panel's edge.
    (page.layout.width > page.fittedTo
      ? l10n.t('; {0} lanes, wider than the panel: scroll sideways', lanes)
      : '');
}

/** Lays the lanes out in the page's width (narrowed to a minimum, then scrolled sideways) and draws the heads. */
function fitLayout(rowHeight: number): void {
  if (!page.diagram) return;
  page.fittedTo = scroller.clientWidth;
  page.layout = layoutDiagram(page.diagram, {
    rowHeight,
    width: page.fittedTo,
    timeChars: page.timeChars,
  });
  headSvg.setAttribute('width', String(page.layout.width));
  headSvg.setAttribute('height', String(page.layout.headHeight));
  headSvg.innerHTML =
    renderLanes(page.diagram, page.layout, page.layout.headHeight - 6, page.layout.headHeight) +
    renderLaneHeads(page.diagram, page.layout);
  // The peers' lines and the time column are drawn apart, over the top and the left edge of the
  // heads and rows, so that they stay when these scroll sideways.
  const top = lanesTop(page.diagram);
  const seen = Math.min(page.fittedTo, page.layout.width);
  headSheet.style.width = `${page.layout.width}px`;
  peersSvg.setAttribute('width', String(seen));
  peersSvg.setAttribute('height', String(top));
  peersSvg.innerHTML = `<rect class="bg" width="100%" height="100%"/>${renderPeerHeads(page.diagram, seen)}`;
  headTime.setAttribute('width', String(page.layout.timeWidth));
  headTime.setAttribute('height', String(page.layout.headHeight - top));
  headTime.style.marginTop = `${top}px`;
  headTime.innerHTML = `<rect class="bg" width="100%" height="100%"/><g transform="translate(0 ${-top})">${renderTimeHead(page.diagram, top)}</g>`;
  timeSvg.setAttribute('width', String(page.layout.timeWidth));
  for (const svg of [headSvg, bodySvg]) svg.style.marginLeft = `${-page.layout.timeWidth}px`;
  spacer.style.width = `${page.layout.width}px`;
}

/** A resized panel lays the lanes out again. */
function refit(): void {
  if (!page.diagram || !page.layout || scroller.clientWidth === page.fittedTo) return;
  fitLayout(page.layout.rowHeight);
  summarise();
  draw();
}

/** Asks the extension for the words of those rows that are not here or on their way. */
function ask(rows: readonly number[]): void {
  const wanted = rows.filter((row) => page.words[row] === Words.Unknown);
  for (let i = 0; i < wanted.length; i += MAX_ROWS_PER_REQUEST) {
    const part = wanted.slice(i, i + MAX_ROWS_PER_REQUEST);
    for (const row of part) page.words[row] = Words.Asked;
    vscode.postMessage({ type: 'rows', version: page.version, rows: part });
  }
}

/** Takes rows' words from the extension, then draws and finishes the exports that waited for them. */
function receiveRows(rows: readonly DiagramRow[]): void {
  if (!page.diagram) return;
  for (const row of rows) {
    page.diagram.rows[row.index] = row;
    page.words[row.index] = Words.Here;
  }
  const here = (row: number): boolean => page.words[row] === Words.Here;
  const ready = page.waiting.filter((w) => w.rows.every(here));
  page.waiting = page.waiting.filter((w) => !ready.includes(w));
  for (const w of ready) w.done();
  scheduleDraw();
}

/** Resolves once the words of the rows are here. */
function whenHere(rows: number[]): Promise<void> {
  return new Promise((done) => {
    if (rows.every((row) => page.words[row] === Words.Here)) return done();
    page.waiting.push({ rows, done });
    ask(rows);
  });
}

/** Draws the items in view (and a few around them), once their rows' words are here. */
function draw(): void {
  page.frame = 0;
  if (!page.diagram || !page.layout) return;
  const height = scroller.clientHeight || 600;
  const top = scroller.scrollTop;
  const start = Math.max(0, Math.floor(top / page.layout.rowHeight) - OVERSCAN);
  const end = Math.min(
    page.items.length,
    Math.ceil((top + height) / page.layout.rowHeight) + OVERSCAN,
  );
  // The rows around the view are asked for before they are scrolled to; the picture waits for
  // the rows in view (what it showed stays meanwhile).
  ask(rowsDrawn(page.items, start - READ_AHEAD, end + READ_AHEAD));
  if (rowsDrawn(page.items, start, end).some((row) => page.words[row] !== Words.Here)) return;
  const y0 = start * page.layout.rowHeight;
  const y1 = end * page.layout.rowHeight;
  const drawn = { start, end, top: 0, highlight: page.highlighted };
  rowsBox.style.top = `${y0}px`;
  bodySvg.setAttribute('width', String(page.layout.width));
  bodySvg.setAttribute('height', String(Math.max(1, y1 - y0)));
  bodySvg.innerHTML = `<g transform="translate(0 ${-y0})">${renderLanes(page.diagram, page.layout, y0, y1)}${renderItems(page.diagram, page.layout, page.items, drawn)}</g>`;
  timeSvg.setAttribute('height', String(Math.max(1, y1 - y0)));
  timeSvg.innerHTML = `<rect class="bg" width="100%" height="100%"/><g transform="translate(0 ${-y0})">${renderTimes(page.diagram, page.layout, page.items, drawn)}</g>`;
  if (page.unannounced) {
    page.unannounced = false;
    vscode.postMessage({
      type: 'ready',
      flows: page.diagram.flows.length,
      rows: page.diagram.rows.length,
      lanes: page.diagram.lanes.length,
    });
  }
}

function scheduleDraw(): void {
  if (page.frame === 0) page.frame = requestAnimationFrame(draw);
}

/** Highlights the row of an editor line and scrolls it into view. */
function followCursor(line: number): void {
  if (!page.diagram || !page.layout) return;
  const row = line >= 0 && line < page.rowOfLine.length ? page.rowOfLine[line] : -1;
  page.highlighted = new Set(row >= 0 ? [row] : []);
  const item = row >= 0 ? page.itemOfRow[row] : -1;
  if (item >= 0) {
    const y = item * page.layout.rowHeight;
    if (
      y < scroller.scrollTop ||
      y + page.layout.rowHeight > scroller.scrollTop + scroller.clientHeight
    )
      scroller.scrollTop = Math.max(0, y - scroller.clientHeight / 3);
  }
  draw();
}

/** The theme's colours as values, for a picture that leaves the editor. */
function resolvedPalette(): DiagramPalette {
  const style = getComputedStyle(document.documentElement);
  const resolve = (value: string, fallback: string): string => {
    for (const [, name] of value.matchAll(/var\((--[\w-]+)/g)) {
      const found = style.getPropertyValue(name).trim();
      if (found !== '') return found;
    }
    return fallback;
  };
  const entries = Object.entries(THEME_PALETTE).map(([key, value]: [string, string]) => [
    key,
    resolve(value, LIGHT_PALETTE[key as keyof DiagramPalette]),
  ]);
  return Object.fromEntries(entries) as DiagramPalette;
}

/** The whole picture of the view, in the theme's colours, once the words of the rows it draws one by one are here. */
async function exportSvg(): Promise<string> {
  const items = pictureItems(page.diagram!, view());
  await whenHere(rowsDrawn(items, 0, items.length));
  return renderDiagramSvg(page.diagram!, view(), { palette: resolvedPalette() });
}

/** The tallest canvas browsers draw. */
const MAX_CANVAS = 16_000;

async function exportPng(): Promise<string> {
  const svg = await exportSvg();
  const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 800);
  const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 600);
  const scale = Math.min(2, MAX_CANVAS / height, MAX_CANVAS / width);
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error(l10n.t('the picture could not be drawn')));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(width * scale));
    canvas.height = Math.max(1, Math.floor(height * scale));
    const context = canvas.getContext('2d')!;
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return canvas.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Checks what the extension sends before drawing it. */
function isOutline(value: unknown): value is DiagramOutline {
  const d = value as DiagramOutline | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    Array.isArray(d.lanes) &&
    Array.isArray(d.peers) &&
    Array.isArray(d.rows?.lineStep) &&
    d.rows.lineStep.length === d.rowCount &&
    Array.isArray(d.flows?.name) &&
    typeof d.lineCount === 'number' &&
    (d.timeChars === undefined || Number.isInteger(d.timeChars)) &&
    typeof d.version === 'number'
  );
}

/** Checks rows the extension sends: each in place in the diagram drawn. */
function isRows(value: unknown): value is DiagramRow[] {
  return (
    Array.isArray(value) &&
    value.every(
      (row: DiagramRow | null) =>
        typeof row === 'object' &&
        row !== null &&
        Number.isInteger(row.index) &&
        row.index >= 0 &&
        row.index < page.words.length,
    )
  );
}

/** Checks a bundle of translations: English text to its translation, strings only. */
function isBundle(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((text) => typeof text === 'string')
  );
}

/** The extension's message, if it has the shape the page reads and fits the diagram drawn; else undefined. */
function parsePanelMessage(data: unknown): PanelMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case 'l10n':
      return isBundle(m.bundle) ? { type: 'l10n', bundle: m.bundle } : undefined;
    case 'diagram':
      return isOutline(m.diagram) ? { type: 'diagram', diagram: m.diagram } : undefined;
    case 'rows':
      return m.version === page.version && typeof m.version === 'number' && isRows(m.rows)
        ? { type: 'rows', version: m.version, rows: m.rows }
        : undefined;
    case 'cursor':
      return typeof m.line === 'number' ? { type: 'cursor', line: m.line } : undefined;
    case 'error':
      return typeof m.message === 'string' ? { type: 'error', message: m.message } : undefined;
    default:
      return undefined;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parsePanelMessage(event.data);
  switch (message?.type) {
    case 'l10n':
      // Before any diagram (the extension sends it first); a diagram drawn already is drawn again.
      l10n.config({ contents: message.bundle });
      if (page.diagram) {
        fitLayout(page.layout?.rowHeight ?? 30);
        rebuild();
      }
      return;
    case 'diagram':
      setDiagram(message.diagram);
      return;
    case 'rows':
      receiveRows(message.rows);
      return;
    case 'cursor':
      followCursor(message.line);
      return;
    case 'error':
      messageBox.hidden = false;
      messageBox.textContent = message.message;
      return;
  }
});

scroller.addEventListener('scroll', () => {
  document.getElementById('head')!.scrollLeft = scroller.scrollLeft;
  scheduleDraw();
});
window.addEventListener('resize', scheduleDraw);
new ResizeObserver(refit).observe(scroller);
for (const select of [protocolSelect, densitySelect]) select.addEventListener('change', rebuild);
collapseButton.addEventListener('click', () => {
  if (!page.diagram) return;
  page.collapsed =
    page.collapsed.length === page.diagram.flows.length ? [] : page.diagram.flows.map((f) => f.id);
  rebuild();
});
bodySvg.addEventListener('click', (event) => {
  const target = (event.target as Element).closest('[data-line]');
  if (!target) return;
  const line = Number(target.getAttribute('data-line'));
  const row = Number(target.getAttribute('data-row'));
  page.highlighted = new Set(Number.isInteger(row) ? [row] : []);
  draw();
  if (Number.isInteger(line)) vscode.postMessage({ type: 'reveal', line });
});
for (const [format, make] of [
  ['svg', exportSvg],
  ['png', exportPng],
] as const) {
  $<HTMLButtonElement>(`export-${format}`).addEventListener('click', () => {
    if (!page.diagram) return;
    make().then(
      (data) => vscode.postMessage({ type: 'export', format, data }),
      (error: unknown) => {
        messageBox.hidden = false;
        messageBox.textContent = l10n.t(
          'The {0} could not be made: {1}',
          format.toUpperCase(),
          error instanceof Error ? error.message : String(error),
        );
      },
    );
  });
}

vscode.postMessage({ type: 'loaded' });
