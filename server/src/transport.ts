// The server's side of the wire, made robust against what a broken or hostile client sends.
// Messages over a stream are framed by a `Content-Length` header; vscode-jsonrpc's reader stops
// reading for good after a header it cannot use (a negative or absurd length, no number) and
// waits forever for the body of a length larger than what follows. This reader says what was
// wrong on stderr (the editor's output channel) and reads on from the next message's header.
// The gate in front of the connection answers what the handlers cannot: requests after
// `shutdown` (InvalidRequest, as the specification asks) and requests without usable params
// (InvalidParams, where the library would fail with an internal error).
import {
  AbstractMessageReader,
  type DataCallback,
  type Disposable,
  ErrorCodes,
  Message,
  type MessageReader,
  type MessageWriter,
  type RequestMessage,
} from 'vscode-languageserver/node';
import { constants } from 'buffer';

/** The longest header section read before a message is given up as unreadable. */
const MAX_HEADER_BYTES = 64 * 1024;
/** The longest message read: the longest string Node can hold (a body is decoded into one). */
export const MAX_MESSAGE_BYTES = constants.MAX_STRING_LENGTH;
/** A header that starts a message. No valid JSON body holds it: raw line ends cannot stand in a JSON string. */
const HEADER_START = Buffer.from('Content-Length:', 'latin1');
const HEADER_LINE = /^Content-Length:[ \t]*\d+\r\n/;

/** Bytes received and not yet read, kept as the chunks they came in (a large body is copied once). */
class Bytes {
  private chunks: Buffer[] = [];
  /** How many bytes are kept. */
  size = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** A copy of the bytes from `start` to `end` (as far as they have arrived). */
  slice(start: number, end: number): Buffer {
    const parts: Buffer[] = [];
    let offset = 0;
    for (const chunk of this.chunks) {
      const from = Math.max(start - offset, 0);
      const to = Math.min(end - offset, chunk.length);
      if (from < to) parts.push(chunk.subarray(from, to));
      offset += chunk.length;
      if (offset >= end) break;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** Forgets the first `count` bytes. */
  drop(count: number): void {
    let left = count;
    while (left > 0 && this.chunks.length > 0) {
      const first = this.chunks[0];
      if (first.length <= left) {
        this.chunks.shift();
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    this.size -= count - left;
  }
}

/**
 * Reads `Content-Length` framed JSON-RPC messages from a stream (the LSP base protocol). A header
 * it cannot use, a body that is not JSON, or a length that runs into the next message's header is
 * reported through `say` and skipped: the next well-formed message is read as usual.
 */
export class FramedMessageReader extends AbstractMessageReader {
  private readonly bytes = new Bytes();
  /** The length of the body being read, once its header is read. */
  private bodyLength: number | undefined;
  /** How far the body being read was searched for a next header (a length too large). */
  private searched = 0;
  /** After a header that could not be used: bytes are skipped up to the next header. */
  private skipping = false;

  constructor(
    private readonly readable: NodeJS.ReadableStream,
    private readonly say: (problem: string) => void,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string): void => {
      this.bytes.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      this.read(callback);
    };
    const onError = (error: Error): void => this.fireError(error);
    const onClose = (): void => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('end', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('end', onClose);
      },
    };
  }

  private read(callback: DataCallback): void {
    for (;;) {
      if (this.skipping && !this.skipToHeader()) return;
      const length = this.bodyLength ?? this.readHeader();
      if (length === 'waiting') return;
      if (length === 'skipped') continue;
      if (this.bytes.size < length) {
        if (this.nextHeaderInBody(length)) continue;
        return;
      }
      const body = this.bytes.slice(0, length);
      this.bytes.drop(length);
      this.bodyLength = undefined;
      this.searched = 0;
      let message: unknown;
      try {
        message = JSON.parse(body.toString('utf8'));
      } catch (error) {
        this.say(
          `a message of ${body.length} bytes is not JSON (${error instanceof Error ? error.message : String(error)}): it is skipped.`,
        );
        continue;
      }
      if (typeof message === 'object' && message !== null && !Array.isArray(message))
        callback(message as Message);
      else
        this.say(
          `a message is ${Array.isArray(message) ? 'a JSON array (a batch, which LSP does not use)' : `the JSON ${typeof message}`}, not an object: it is skipped.`,
        );
    }
  }

  /** Reads a header section: answers the length of the body it announces, or that it has not all arrived yet, or could not be used. */
  private readHeader(): number | 'waiting' | 'skipped' {
    const head = this.bytes.slice(0, Math.min(this.bytes.size, MAX_HEADER_BYTES + 4));
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.bytes.size <= MAX_HEADER_BYTES) return 'waiting';
      this.giveUp(`a header of more than ${MAX_HEADER_BYTES} bytes without an end`, 1);
      return 'skipped';
    }
    const fields = head.subarray(0, end).toString('latin1').split('\r\n');
    const lengths = fields
      .filter((field) => /^content-length:/i.test(field))
      .map((field) => field.slice(field.indexOf(':') + 1).trim());
    const length =
      lengths.length === 1 && /^\d+$/.test(lengths[0]) ? Number(lengths[0]) : undefined;
    if (length === undefined || length > MAX_MESSAGE_BYTES) {
      const what =
        lengths.length === 0
          ? `a header without Content-Length (${JSON.stringify(shortened(fields.join(' | ')))})`
          : lengths.length > 1
            ? 'a header with more than one Content-Length'
            : length === undefined
              ? `Content-Length ${JSON.stringify(shortened(lengths[0]))} is not a number of bytes`
              : `Content-Length ${lengths[0]} is more than the ${MAX_MESSAGE_BYTES} bytes a message may have`;
      this.giveUp(what, end + 4);
      return 'skipped';
    }
    this.bytes.drop(end + 4);
    this.bodyLength = length;
    this.searched = 0;
    return length;
  }

  /**
   * While a body is awaited: answers true when the bytes received hold the next message's header,
   * so the length announced was more than was sent; what came before that header is skipped.
   */
  private nextHeaderInBody(length: number): boolean {
    const from = Math.max(this.searched - HEADER_START.length, 0);
    const seen = this.bytes.slice(from, this.bytes.size);
    for (let at = seen.indexOf(HEADER_START); at >= 0; at = seen.indexOf(HEADER_START, at + 1)) {
      const line = seen.subarray(at, at + 64).toString('latin1');
      if (HEADER_LINE.test(line)) {
        this.say(
          `Content-Length ${length} is more than the ${from + at} bytes sent before the next message: those bytes are skipped.`,
        );
        this.bytes.drop(from + at);
        this.bodyLength = undefined;
        this.searched = 0;
        return true;
      }
      // The header may not have arrived whole yet: search from it again next time.
      if (!/\r\n/.test(line) && line.length < 64) {
        this.searched = from + at;
        return false;
      }
    }
    this.searched = this.bytes.size;
    return false;
  }

  /** Reports a header that cannot be used, drops it, and skips to the next header. */
  private giveUp(what: string, consumed: number): void {
    this.say(`${what}: the message is skipped, reading goes on at the next Content-Length header.`);
    this.bytes.drop(consumed);
    this.bodyLength = undefined;
    this.skipping = true;
  }

  /** Drops bytes up to the next `Content-Length:`; answers whether one was found. */
  private skipToHeader(): boolean {
    const all = this.bytes.slice(0, this.bytes.size);
    const at = all.indexOf(HEADER_START);
    if (at < 0) {
      // Keep what could be the start of a header cut between two chunks.
      this.bytes.drop(Math.max(this.bytes.size - HEADER_START.length + 1, 0));
      return false;
    }
    this.bytes.drop(at);
    this.skipping = false;
    return true;
  }
}

/** At most 80 characters of a text, with an ellipsis where it was cut. */
function shortened(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * Stands in front of the connection's reader: answers requests after `shutdown` with
 * InvalidRequest and drops notifications after it but `exit` (LSP: "Shutdown Request"), and
 * answers requests whose params are not an object or array (JSON-RPC 2.0: "params ... MUST be
 * a Structured value"), or missing where the method needs them, with InvalidParams.
 */
export class GatedMessageReader implements MessageReader {
  /** True once `shutdown` was asked for. */
  shutdownReceived = false;

  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
  ) {}

  get onError(): MessageReader['onError'] {
    return this.reader.onError;
  }

  get onClose(): MessageReader['onClose'] {
    return this.reader.onClose;
  }

  get onPartialMessage(): MessageReader['onPartialMessage'] {
    return this.reader.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.reader.listen((message) => this.pass(message, callback));
  }

  dispose(): void {
    this.reader.dispose();
  }

  private pass(message: Message, callback: DataCallback): void {
    if (Message.isRequest(message)) {
      if (this.shutdownReceived)
        return this.refuse(
          message,
          ErrorCodes.InvalidRequest,
          `The server is shutting down: it takes no '${message.method}' request after 'shutdown'.`,
        );
      if (message.method === 'shutdown') this.shutdownReceived = true;
      else if (!hasUsableParams(message)) {
        return this.refuse(
          message,
          ErrorCodes.InvalidParams,
          `'${message.method}' needs its params as an object, not ${message.params === undefined ? 'none' : JSON.stringify(message.params)}.`,
        );
      }
    } else if (
      Message.isNotification(message) &&
      this.shutdownReceived &&
      message.method !== 'exit'
    ) {
      return;
    }
    callback(message);
  }

  private refuse(request: RequestMessage, code: number, text: string): void {
    this.writer
      .write({ jsonrpc: '2.0', id: request.id, error: { code, message: text } } as Message)
      .catch(() => undefined);
  }
}

/** A request's params are an object or array; only `$/` requests (optional ones) may leave them out. */
function hasUsableParams(request: RequestMessage): boolean {
  const { params } = request;
  if (params === undefined) return request.method.startsWith('$/');
  return typeof params === 'object' && params !== null;
}
