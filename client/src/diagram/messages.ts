// The messages between the flow diagram's webview page (media/src/diagram.ts) and the extension
// (panel.ts). Every message from the page is checked here before anything acts on it: the page
// runs the dump's text through its renderer, so it is treated like any other untrusted input.
import { MAX_ROWS_PER_REQUEST } from '../../../server/src/service/diagram/outline';

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
export type PageMessage = ReadyMessage | RevealMessage | ExportMessage | RowsMessage | LoadedMessage;

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
      return isCount(m.flows) && isCount(m.rows) && isCount(m.lanes) ? { type: 'ready', flows: m.flows, rows: m.rows, lanes: m.lanes } : undefined;
    case 'reveal':
      return isCount(m.line) && m.line < Math.max(1, lineCount) ? { type: 'reveal', line: m.line } : undefined;
    case 'rows':
      return isCount(m.version) && Array.isArray(m.rows) && m.rows.length > 0 && m.rows.length <= MAX_ROWS_PER_REQUEST && m.rows.every(isCount)
        ? { type: 'rows', version: m.version, rows: [...m.rows] }
        : undefined;
    case 'export': {
      if (typeof m.data !== 'string' || m.data.length > MAX_EXPORT_LENGTH) return undefined;
      if (m.format === 'svg' && /^<svg[\s>]/.test(m.data)) return { type: 'export', format: 'svg', data: m.data };
      if (m.format === 'png' && /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(m.data)) return { type: 'export', format: 'png', data: m.data };
      return undefined;
    }
    default:
      return undefined;
  }
}
