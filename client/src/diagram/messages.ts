// The messages between the flow diagram's webview page (media/src/diagram.ts) and the extension
// (panel.ts), in both directions: both import these types, so a renamed field fails to compile on
// either side. Every message is still checked where it arrives: the page's here (parsePageMessage;
// the page runs the dump's text through its renderer, so it is untrusted input), the extension's
// in the page (media/src/diagram.ts).
import {
  type DiagramOutline,
  type DiagramRow,
  MAX_ROWS_PER_REQUEST,
} from '../../../server/src/protocol';

/** The page has drawn a diagram: how much it drew. The first one after opening settles the command. */
export interface ReadyMessage {
  readonly type: 'ready';
  /** How many flows the diagram has. */
  readonly flows: number;
  /** How many rows (packets). */
  readonly rows: number;
  /** How many lanes. */
  readonly lanes: number;
}

/** The user clicked a row: show its line in the editor. */
export interface RevealMessage {
  readonly type: 'reveal';
  /** Zero-based line. */
  readonly line: number;
}

/** The user exported the picture: an SVG document, or a PNG as a data URL. */
export interface ExportMessage {
  readonly type: 'export';
  readonly format: 'svg' | 'png';
  readonly data: string;
}

/** The page is about to draw rows: it asks for their words (the outline it was sent leaves them out). */
export interface RowsMessage {
  readonly type: 'rows';
  /** The version of the dump its outline was drawn from. */
  readonly version: number;
  /** Row indexes, one to MAX_ROWS_PER_REQUEST of them. */
  readonly rows: number[];
}

/** The page loaded and waits for its diagram. */
export interface LoadedMessage {
  readonly type: 'loaded';
}

/** Anything the page may send. */
export type PageMessage =
  ReadyMessage | RevealMessage | ExportMessage | RowsMessage | LoadedMessage;

/** The extension to the page: the diagram to draw (its outline, without the rows' words). */
export interface DiagramMessage {
  readonly type: 'diagram';
  readonly diagram: DiagramOutline;
}

/** The extension to the page: the words of the rows it asked for, for the version it drew. */
export interface RowsAnswerMessage {
  readonly type: 'rows';
  readonly version: number;
  readonly rows: readonly DiagramRow[];
}

/** The extension to the page: the editor's cursor moved to this line (zero-based). */
export interface CursorMessage {
  readonly type: 'cursor';
  readonly line: number;
}

/** The extension to the page: the diagram could not be drawn, and why. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly message: string;
}

/**
 * The extension to the page, first of all: the page's words in the editor's display language
 * (`vscode.l10n.bundle`: English text to its translation; empty in English, whose words are the
 * code's own). It holds the page's own words (media/src) and the renderer's (render.ts).
 */
export interface L10nMessage {
  readonly type: 'l10n';
  readonly bundle: Readonly<Record<string, string>>;
}

/** Anything the extension sends the page. */
export type PanelMessage =
  L10nMessage | DiagramMessage | RowsAnswerMessage | CursorMessage | ErrorMessage;

/** Every message between the page and the extension, both ways. */
export type WebviewMessage = PageMessage | PanelMessage;

/** The largest export the extension accepts (a PNG of the tallest canvas the page draws is well below it). */
export const MAX_EXPORT_LENGTH = 64 * 1024 * 1024;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100_000_000;
}

/** The message, if it is one the page may send and every field has the shape it must; else undefined. */
export function parsePageMessage(message: unknown, lineCount: number): PageMessage | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'loaded':
      return { type: 'loaded' };
    case 'ready':
      return isCount(m.flows) && isCount(m.rows) && isCount(m.lanes)
        ? { type: 'ready', flows: m.flows, rows: m.rows, lanes: m.lanes }
        : undefined;
    case 'reveal':
      return isCount(m.line) && m.line < Math.max(1, lineCount)
        ? { type: 'reveal', line: m.line }
        : undefined;
    case 'rows':
      return isCount(m.version) &&
        Array.isArray(m.rows) &&
        m.rows.length > 0 &&
        m.rows.length <= MAX_ROWS_PER_REQUEST &&
        m.rows.every(isCount)
        ? { type: 'rows', version: m.version, rows: [...m.rows] }
        : undefined;
    case 'export': {
      if (typeof m.data !== 'string' || m.data.length > MAX_EXPORT_LENGTH) return undefined;
      if (m.format === 'svg' && /^<svg[\s>]/.test(m.data))
        return { type: 'export', format: 'svg', data: m.data };
      if (m.format === 'png' && /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(m.data))
        return { type: 'export', format: 'png', data: m.data };
      return undefined;
    }
    default:
      return undefined;
  }
}
