// A message's JSON as UTF-8 bytes, written a piece at a time. vscode-jsonrpc's stream writer makes
// the whole JSON text with JSON.stringify, then its bytes: for a 500,000-line dump's diagram
// outline that is a text of 13 million characters (two bytes each, for its `↔`), which V8 builds
// in parts and copies flat once more (some 50 MB alive at once), then 13 MB of bytes. Here the
// text is cut into short strings turned into bytes as they fill, so only the bytes are ever
// whole. The bytes are JSON.stringify's, to the byte: the same fields in the same order, `toJSON`
// called as it calls it (the outline's typed columns are written so), what has no JSON (undefined,
// a function, a symbol) left out of an object and null in an array.
import type { ContentTypeEncoder, Message } from 'vscode-languageserver/node';

/** How many characters are turned into bytes at a time. */
const PIECE_CHARS = 64 * 1024;

/** The UTF-8 bytes of `JSON.stringify(value)`; throws where it throws (a cycle, a BigInt). */
export function jsonBytes(value: unknown): Buffer {
  const pieces: Buffer[] = [];
  let size = 0;
  let text = '';
  const flush = (): void => {
    const bytes = Buffer.from(text, 'utf8');
    pieces.push(bytes);
    size += bytes.length;
    text = '';
  };
  const put = (part: string): void => {
    text += part;
    if (text.length >= PIECE_CHARS) flush();
  };
  /** The objects being written, for the error JSON.stringify throws on a cycle. */
  const open = new Set<object>();

  const emit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || isBoxed(value)) {
      put(JSON.stringify(value));
      return;
    }
    if (open.has(value)) throw new TypeError('Converting circular structure to JSON');
    open.add(value);
    if (Array.isArray(value)) {
      put('[');
      for (let i = 0; i < value.length; i++) {
        if (i > 0) put(',');
        const item = resolve(value[i], String(i));
        if (hasJson(item)) emit(item);
        else put('null');
      }
      put(']');
    } else {
      put('{');
      let first = true;
      for (const key of Object.keys(value)) {
        const field = resolve((value as Record<string, unknown>)[key], key);
        if (!hasJson(field)) continue;
        put(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        emit(field);
      }
      put('}');
    }
    open.delete(value);
  };

  const top = resolve(value, '');
  if (!hasJson(top))
    throw new TypeError('The value has no JSON (undefined, a function or a symbol)');
  emit(top);
  flush();
  return Buffer.concat(pieces, size);
}

/** A value as JSON.stringify writes it: what its `toJSON`, if it has one, gives. */
function resolve(value: unknown, key: string): unknown {
  if (
    (typeof value === 'object' && value !== null) ||
    typeof value === 'function' ||
    typeof value === 'bigint'
  ) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as (key: string) => unknown).call(value, key);
  }
  return value;
}

/** Whether JSON has a value for it (undefined, functions and symbols have none). */
function hasJson(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** Number, String, Boolean and BigInt objects, which JSON writes as their values. */
function isBoxed(value: object): boolean {
  return (
    value instanceof Number ||
    value instanceof String ||
    value instanceof Boolean ||
    value instanceof BigInt
  );
}

/**
 * Whether a message is written a piece at a time: an answer whose result holds, within two fields,
 * a value that writes itself (`toJSON`), as the diagram outline's typed columns do. Any other
 * message is written by JSON.stringify, several times faster (20,000 diagnostics: some 40 ms
 * against 160), whose whole text is no larger than the objects it is made of.
 */
export function writtenInPieces(message: Message): boolean {
  const result = (message as { result?: unknown }).result;
  if (!isPlainObject(result)) return false;
  for (const field of Object.values(result)) {
    if (!isPlainObject(field)) continue;
    if (writesItself(field)) return true;
    for (const inner of Object.values(field)) if (writesItself(inner)) return true;
  }
  return false;
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function writesItself(value: unknown): boolean {
  return isPlainObject(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** The stream writer's encoder of a message's body (vscode-jsonrpc's; large answers without the whole text). */
export const JSON_BYTES_ENCODER: ContentTypeEncoder = {
  name: 'application/json',
  encode: (message: Message) =>
    Promise.resolve(
      writtenInPieces(message) ? jsonBytes(message) : Buffer.from(JSON.stringify(message), 'utf8'),
    ),
};
