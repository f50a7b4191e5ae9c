// `balancer-lens inspect FILE [--json]`: one line (or JSON object) per packet copy of a capture
// dump, and one per line not understood. The dump is streamed once and never held whole in memory:
// the records are drafted into a temporary file and finished from it once the flows are known, so
// a dump of any size can be inspected.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Writable } from 'stream';
import { DraftFinisher, DraftWriter } from '../service/capture/drafts';
import {
  CaptureInspector,
  type InspectRecord,
  type InspectTables,
} from '../service/capture/inspect';
import { CaptureInspectorFeed } from '../service/capture/pcap';
import { binaryCaptureFormat, forEachChunk } from '../captureFiles';
import {
  type CliOutput,
  describeFileError,
  sayTo,
  UsageError,
} from './common';
import { InspectThreads, PIECE_BYTES, readingThreads } from './inspectThreads';

/** The usage text `inspect --help` prints. */
export const INSPECT_USAGE = `Usage: balancer-lens inspect FILE [--json]

Reads a capture dump (axdebug or tcpdump text, recognised from its content, or a binary pcap or
pcapng file) and prints one line per packet copy, and one per line it does not understand, in
line order. In a pcap or pcapng file a packet's line is its number (the first is 1).

  --json      JSON Lines: {"line":N,"endLine":N,"dialect":"axdebug|tcpdump|pcap|pcapng","src":"...","dst":"...",
              "protocol":"tcp|udp|icmp|esp|ah|gre|arp|...","srcPort":N,"dstPort":N,"spi":"0x...",
              "flow":ID,"pairedWith":N}, fields that do not apply left out, lines 1-based;
              {"line":N,"unrecognised":true} for a line that is not understood.
              Without --json: the same, one readable line each.
  -h, --help  this text

Exit status: 0 done, 1 the file cannot be read (a damaged pcap: after the packets before the
damage), 2 the command line is wrong.
`;

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
  if (rest.includes('--help') || rest.includes('-h')) return 'help';
  const options = rest.filter((a) => a.startsWith('-') && a !== '-');
  const unknown = options.filter((a) => a !== '--json');
  if (unknown.length > 0)
    throw new UsageError(`Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}.`);
  const files = rest.filter((a) => !options.includes(a));
  if (files.length === 0)
    throw new UsageError('No FILE given: inspect reads a capture dump from a file.');
  if (files.length > 1)
    throw new UsageError(`One FILE at a time (got ${files.length}: ${files.join(', ')}).`);
  if (files[0] === '-')
    throw new UsageError(
      'inspect reads its FILE twice, so it cannot read standard input: save the dump to a file first.',
    );
  return { file: files[0], json: options.includes('--json') };
}

/**
 * Calls `onLine` with each line of a file (without its line end: \n, \r\n or a lone \r), reading
 * it in chunks, so the file is never held whole in memory.
 */
function forEachLine(file: string, onLine: (text: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    let carry = '';
    let pendingCr = false;
    stream.on('data', (chunk: string | Buffer) => {
      let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (pendingCr) {
        pendingCr = false;
        if (text.startsWith('\n')) text = text.slice(1); // the \n of a \r\n split between chunks
      }
      let start = 0;
      if (text.indexOf('\r') < 0) {
        // The common case, \n only: let the native search find the line ends.
        for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
          onLine(carry === '' ? text.slice(start, end) : carry + text.slice(start, end));
          carry = '';
          start = end + 1;
        }
      } else {
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c !== 10 && c !== 13) continue;
          onLine(carry === '' ? text.slice(start, i) : carry + text.slice(start, i));
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
    });
    stream.on('error', reject);
    stream.on('end', () => {
      onLine(carry); // the last line, empty when the file ends with a line end (as an editor counts it)
      resolve();
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

/** Writes to a stream; resolves when the stream can take more. */
function write(
  stream: Writable,
  data: Uint8Array | string,
  written?: () => void,
): Promise<void> | undefined {
  if (stream.write(data, written && (() => written()))) return undefined;
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}

/**
 * Inspects a dump into `output`: one JSON line (or readable line) per record. A large dump is read
 * and its drafts finished on worker threads (inspectThreads.ts); `how` says how many threads and
 * how large a piece (tests read small dumps in small pieces). A binary capture is read on this
 * thread, straight from its bytes. Answers why a binary capture could not be read to its end.
 */
export async function inspectFile(
  options: InspectOptions,
  output: CliOutput,
  how?: ThreadOptions,
): Promise<string | undefined> {
  const size = (await fs.promises.stat(options.file)).size;
  const binary = await binaryCaptureFormat(options.file);
  // A binary capture is read on this thread (its packets decode faster than text parses); its
  // records are finished on the threads all the same.
  const { threads, pieceBytes, draftsPerBlock } = how ?? {
    threads: readingThreads(size),
    pieceBytes: PIECE_BYTES,
  };
  let fault: string | undefined;
  const workers = threads > 0 ? new InspectThreads(threads) : undefined;
  const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'balancer-lens-'));
  const draftsPath = path.join(folder, 'drafts');
  try {
    // Reading: the drafts go to a local temporary file in large synchronous pieces.
    const fd = fs.openSync(draftsPath, 'w');
    let tables: InspectTables;
    try {
      const drafts = new DraftWriter((bytes) => fs.writeSync(fd, bytes));
      const inspector = new CaptureInspector((rows, at) => drafts.add(rows, at));
      if (binary !== undefined) {
        const feed = new CaptureInspectorFeed(inspector);
        await forEachChunk(options.file, (chunk) => feed.push(chunk));
        fault = feed.end();
      } else if (workers) await workers.read(options.file, size, inspector, pieceBytes);
      else await forEachLine(options.file, (text) => inspector.line(text));
      tables = inspector.end();
      drafts.flush();
    } finally {
      fs.closeSync(fd);
    }
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
      return options.json
        ? write(output.stdout, json, written)
        : write(output.stdout, readable(json));
    };
    if (workers) {
      await workers.finish(draftsPath, fs.statSync(draftsPath).size, tables, out, draftsPerBlock);
    } else {
      const finisher = new DraftFinisher(tables);
      for await (const piece of fs.createReadStream(draftsPath, { highWaterMark: 1 << 20 }))
        await out(finisher.add(piece as Buffer).slice()); // the stream may keep it a while
      if (!finisher.complete) throw new Error('the drafts were cut short');
    }
  } finally {
    workers?.close();
    await fs.promises.rm(folder, { recursive: true, force: true });
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
    output.stdout.write(INSPECT_USAGE);
    return 0;
  }
  const say = sayTo(output);
  try {
    const stat = await fs.promises.stat(options.file);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    const fault = await inspectFile(options, output);
    if (fault === undefined) return 0;
    say(`${options.file}: ${fault}.`);
    return 1;
  } catch (error) {
    say(`cannot read ${options.file}: ${describeFileError(error)}.`);
    return 1;
  }
}
