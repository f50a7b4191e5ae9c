// `balancer-lens inspect FILE [--json]`: one line (or JSON object) per packet copy of a capture
// dump, and one per line not understood. The dump is streamed once and never held whole in memory:
// the records are drafted into a temporary file and finished from it once the flows are known, so
// a dump of any size can be inspected. The temporary file has no name once it is open (where the
// system allows), so nothing is left behind however the program ends: a closed pipe, Ctrl+C, kill.
import * as l10n from '@vscode/l10n';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { binaryCaptureFormat, forEachChunk } from '../captureFiles';
import { fileStat, pathShown } from '../safeFiles';
import { DRAFT_INTS, DraftFinisher, DraftWriter } from '../service/capture/engine/drafts';
import {
  CaptureInspector,
  type InspectRecord,
  type InspectTables,
} from '../service/capture/engine/inspect';
import { CaptureInspectorFeed } from '../service/capture/engine/binaryFeed';
import {
  type CliOutput,
  describeFileError,
  OutputError,
  outputIntoInput,
  OutputWriter,
  parseCommandLine,
  sayTo,
  UsageError,
  cannotRead,
  usageText,
} from './common';
import { InspectThreads, PIECE_BYTES, readingThreads } from './inspectThreads';
import { type ByteLineSink, LineSplitter, LONGEST_LINE, longLine } from './pieces';

/** The usage text `inspect --help` prints. */
export function inspectUsage(): string {
  return usageText([
    l10n.t('Usage: balancer-lens inspect FILE [--json]'),
    l10n.t(
      "Reads a capture dump (axdebug or tcpdump text, recognised from its content, or a binary pcap or\npcapng file) and prints one line per packet copy, and one per line it does not understand, in\nline order. In a pcap or pcapng file a packet's line is its number (the first is 1).",
    ),
    l10n.t(
      '  --json      JSON Lines: {"line":N,"endLine":N,"dialect":"axdebug|tcpdump|pcap|pcapng","src":"...","dst":"...",\n              "protocol":"tcp|udp|icmp|esp|ah|gre|arp|...","srcPort":N,"dstPort":N,"spi":"0x...",\n              "flow":ID,"pairedWith":N}, fields that do not apply left out, lines 1-based;\n              {"line":N,"unrecognised":true} for a line that is not understood.\n              Without --json: the same, one readable line each.\n  -h, --help  this text',
    ),
    l10n.t(
      'Exit status: 0 done (or the reader of the output stopped early, as `| head` does), 1 the file\ncannot be read (a folder, a FIFO, a device, a line longer than 16 MB; a damaged pcap: after the\npackets before the damage), the output or the temporary file cannot be written (no space left:\nTMPDIR says where the temporary file goes), 2 the command line is wrong (or the output goes into\nFILE itself).',
    ),
  ]);
}

/**
 * How a dump is read: on how many worker threads (0: on this one, line by line), in pieces of how
 * many bytes, and how many records each finishing task writes (DRAFTS_PER_BLOCK unless said).
 */
export interface ThreadOptions {
  readonly threads: number;
  readonly pieceBytes: number;
  readonly draftsPerBlock?: number;
}

export interface InspectOptions {
  readonly file: string;
  readonly json: boolean;
}

function parseArguments(rest: readonly string[]): InspectOptions | 'help' {
  const { values, positionals: files } = parseCommandLine(rest, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  if (files.length === 0)
    throw new UsageError('No FILE given: inspect reads a capture dump from a file.');
  if (files.length > 1)
    throw new UsageError(`One FILE at a time (got ${files.length}: ${files.join(', ')}).`);
  if (files[0] === '-')
    throw new UsageError(
      'inspect reads its FILE twice, so it cannot read standard input: save the dump to a file first.',
    );
  return { file: files[0], json: values.json === true };
}

/**
 * Calls `onLine` with each line of the first `size` bytes of a file (without its line end: \n,
 * \r\n or a lone \r), reading it in chunks, so the file is never held whole in memory (nor read
 * past the size it had when the command started, should it grow). Rejects (longLine) at a line
 * longer than LONGEST_LINE.
 */
export function forEachLine(
  file: string,
  size: number,
  onLine: (text: string) => void,
): Promise<void> {
  if (size === 0) {
    onLine('');
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const stream = fs.createReadStream(file, {
      encoding: 'utf8',
      highWaterMark: 1 << 20,
      end: size - 1,
    });
    let carry = '';
    let pendingCr = false;
    /** True when the text, a line or its start, is longer than LONGEST_LINE bytes. */
    const tooLong = (text: string): boolean =>
      text.length * 3 > LONGEST_LINE && Buffer.byteLength(text) > LONGEST_LINE;
    const line = (text: string): void => {
      if (carry !== '' && tooLong(text)) throw longLine();
      onLine(text);
    };
    stream.on('data', (chunk: string | Buffer) => {
      let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (pendingCr) {
        pendingCr = false;
        if (text.startsWith('\n')) text = text.slice(1); // the \n of a \r\n split between chunks
      }
      let start = 0;
      try {
        if (text.indexOf('\r') < 0) {
          // The common case, \n only: let the native search find the line ends.
          for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            line(carry === '' ? text.slice(start, end) : carry + text.slice(start, end));
            carry = '';
            start = end + 1;
          }
        } else {
          for (let i = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (c !== 10 && c !== 13) continue;
            line(carry === '' ? text.slice(start, i) : carry + text.slice(start, i));
            carry = '';
            if (c === 13) {
              if (i + 1 < text.length) {
                if (text.charCodeAt(i + 1) === 10) i++;
              } else {
                pendingCr = true;
              }
            }
            start = i + 1;
          }
        }
        carry += text.slice(start);
        if (tooLong(carry)) throw longLine();
      } catch (error) {
        stream.destroy();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    stream.on('error', reject);
    stream.on('end', () => {
      onLine(carry); // the last line, empty when the file ends with a line end (as an editor counts it)
      resolve();
    });
  });
}

/**
 * Hands each line of the first `size` bytes of a file to `sink` (LineSplitter: from its bytes
 * where the sink reads it so, else its text), reading the file in chunks, so that it is never
 * held whole in memory. Rejects (longLine) at a line longer than LONGEST_LINE.
 */
export function forEachByteLine(file: string, size: number, sink: ByteLineSink): Promise<void> {
  const splitter = new LineSplitter(sink);
  if (size === 0) {
    splitter.end();
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const stream = fs.createReadStream(file, { highWaterMark: 1 << 20, end: size - 1 });
    const fail = (error: unknown): void => {
      stream.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    stream.on('data', (chunk: string | Buffer) => {
      try {
        splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } catch (error) {
        fail(error);
      }
    });
    stream.on('error', reject);
    stream.on('end', () => {
      try {
        splitter.end(); // the last line, empty when the file ends with a line end (as an editor counts it)
        resolve();
      } catch (error) {
        fail(error);
      }
    });
  });
}

/** One record as a readable line. */
function recordText(record: InspectRecord): string {
  if ('unrecognised' in record) return `line ${record.line}: not understood`;
  const lines =
    record.endLine === record.line
      ? `line ${record.line}`
      : `lines ${record.line}-${record.endLine}`;
  const end = (address: string | undefined, port: number | undefined): string =>
    (address ?? '?') + (port === undefined ? '' : `:${port}`);
  const ends =
    record.src === undefined && record.dst === undefined
      ? ''
      : ` ${end(record.src, record.srcPort)} > ${end(record.dst, record.dstPort)}`;
  const facts = [
    record.spi ? `spi ${record.spi}` : '',
    record.flow !== undefined ? `flow ${record.flow}` : '',
    record.pairedWith !== undefined ? `paired with line ${record.pairedWith}` : '',
  ];
  return `${lines}: ${record.protocol}${ends}${facts
    .filter((f) => f !== '')
    .map((f) => `, ${f}`)
    .join('')}`;
}

/** The temporary file could not be made or written; its message says why and where. */
class ScratchError extends Error {}

/**
 * A temporary file to write and read back, open for both: its name is removed at once where the
 * system allows an open file to lose its name (the space is then freed when the program ends,
 * however it ends); elsewhere `close` removes it, and so does the program's exit.
 */
function openScratchFile(): { fd: number; close: () => void } {
  const where = os.tmpdir();
  let folder: string;
  try {
    folder = fs.mkdtempSync(path.join(where, 'balancer-lens-'));
  } catch (error) {
    throw new ScratchError(
      `cannot make a temporary folder in ${where}: ${describeFileError(error, 'no such folder')} (TMPDIR says where it goes).`,
    );
  }
  const remove = (): void => fs.rmSync(folder, { recursive: true, force: true });
  let fd: number;
  try {
    fd = fs.openSync(path.join(folder, 'drafts'), 'w+');
  } catch (error) {
    remove();
    throw new ScratchError(
      `cannot make a temporary file in ${where}: ${describeFileError(error)}.`,
    );
  }
  let named = true;
  try {
    remove();
    named = false;
  } catch {
    process.once('exit', remove); // a system that keeps the name of an open file (Windows)
  }
  return {
    fd,
    close: () => {
      fs.closeSync(fd);
      if (named) remove();
    },
  };
}

/** Writes all the bytes to a file, at its end; a failure is the temporary file's (ScratchError). */
function writeScratch(fd: number, bytes: Uint8Array): void {
  try {
    for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done);
  } catch (error) {
    throw new ScratchError(
      `cannot write the temporary file in ${os.tmpdir()}: ${describeFileError(error)} (TMPDIR says where it goes).`,
    );
  }
}

/**
 * Inspects a dump into `output`: one JSON line (or readable line) per record. A large dump is read
 * and its drafts finished on worker threads (inspectThreads.ts); `how` says how many threads and
 * how large a piece (tests read small dumps in small pieces). A large binary capture is decoded
 * straight from its bytes on one worker, in order, while this thread pairs its rows. Answers why a
 * binary capture could not be read to its end.
 */
export async function inspectFile(
  options: InspectOptions,
  output: CliOutput,
  how?: ThreadOptions,
): Promise<string | undefined> {
  const size = (await fileStat(options.file)).size;
  const binary = await binaryCaptureFormat(options.file);
  // A binary capture is decoded on one worker, in order, while this thread pairs its rows; its
  // records are finished on the threads as a text dump's are.
  const { threads, pieceBytes, draftsPerBlock } = how ?? {
    threads: readingThreads(size),
    pieceBytes: PIECE_BYTES,
  };
  const scratch = openScratchFile();
  let fault: string | undefined;
  const workers = threads > 0 ? new InspectThreads(threads) : undefined;
  const stdout = new OutputWriter(output.stdout);
  try {
    // Reading: the drafts go to the temporary file in large synchronous pieces.
    const drafts = new DraftWriter((bytes) => writeScratch(scratch.fd, bytes));
    const inspector = new CaptureInspector((rows, at) => drafts.add(rows, at));
    if (binary !== undefined && workers) {
      fault = await workers.readBinary(options.file, size, inspector, pieceBytes);
    } else if (binary !== undefined) {
      const feed = new CaptureInspectorFeed(inspector);
      await forEachChunk(options.file, (chunk) => feed.push(chunk));
      fault = feed.end();
    } else if (workers) await workers.read(options.file, size, inspector, pieceBytes);
    else await forEachByteLine(options.file, size, inspector);
    const tables: InspectTables = inspector.end();
    drafts.flush();
    const draftBytes = fs.fstatSync(scratch.fd).size;
    // Finishing: the drafts are read back in large pieces and written out as they are finished.
    const decoder = new TextDecoder();
    const readable = (json: Uint8Array): string =>
      decoder
        .decode(json)
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => recordText(JSON.parse(line) as InspectRecord) + '\n')
        .join('');
    /** Writes JSON Lines out (or their readable lines); `written` is told once the stream is done with them. */
    const out = (json: Uint8Array, written?: () => void): Promise<void> | undefined => {
      if (json.length === 0 || !options.json) written?.();
      if (json.length === 0) return undefined;
      return options.json ? stdout.write(json, written) : stdout.write(readable(json));
    };
    if (workers) {
      await workers.finish(scratch.fd, draftBytes, tables, out, draftsPerBlock);
    } else {
      const finisher = new DraftFinisher(tables);
      const piece = Buffer.allocUnsafe(DRAFT_INTS * 4 * (1 << 14)); // whole drafts: read in place
      for (let at = 0; at < draftBytes;) {
        const count = fs.readSync(
          scratch.fd,
          piece,
          0,
          Math.min(piece.length, draftBytes - at),
          at,
        );
        if (count === 0) break;
        at += count;
        await out(finisher.add(piece.subarray(0, count)).slice()); // the stream may keep it a while
      }
      if (!finisher.complete) throw new Error('the drafts were cut short');
    }
    await stdout.flushed();
  } finally {
    workers?.close();
    scratch.close();
  }
  return fault;
}

/**
 * Runs `inspect` with the arguments after the command; resolves to the exit status. Throws a
 * UsageError for a command line it cannot run.
 */
export async function runInspect(argv: readonly string[], output: CliOutput): Promise<number> {
  const options = parseArguments(argv);
  if (options === 'help') {
    output.stdout.write(inspectUsage());
    return 0;
  }
  const say = sayTo(output);
  try {
    const stat = await fileStat(options.file);
    const into = outputIntoInput(output, [{ name: options.file, stat }]);
    if (into !== undefined) {
      say(into);
      return 2;
    }
    const fault = await inspectFile(options, output);
    if (fault === undefined) return 0;
    say(`${pathShown(options.file)}: ${fault}.`);
    return 1;
  } catch (error) {
    if (error instanceof OutputError) throw error;
    say(
      error instanceof ScratchError
        ? error.message
        : cannotRead(pathShown(options.file), describeFileError(error)),
    );
    return 1;
  }
}
