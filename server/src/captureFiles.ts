// Binary captures (pcap, pcapng) on disk, for the command line and the language server: read in
// pieces from the file, never whole, into the text form the editor shows (the editor, check,
// explain, diagram) or into packet copies (inspect, service/capture/reading/pcap). A damaged file is read
// up to the damage, and one message says where.
import * as fs from 'fs';
import { openFile } from './safeFiles';
import {
  type CaptureFileFormat,
  captureFileFormat,
  type CaptureText,
  CaptureTextWriter,
} from './service/capture/reading/pcap';

/** How much of a file is read at a time. */
export const CHUNK_BYTES = 1 << 20;

/** The most packets check, explain and diagram read as text (inspect reads any number). */
export const CLI_TEXT_PACKET_LIMIT = 1_000_000;

/** The format of a binary capture file by its first bytes; undefined for any other file, or one that cannot be opened. */
export async function binaryCaptureFormat(file: string): Promise<CaptureFileFormat | undefined> {
  try {
    const { handle } = await openFile(file); // never a FIFO or a device, which would block
    try {
      const bytes = Buffer.alloc(4);
      const { bytesRead } = await handle.read(bytes, 0, 4, 0);
      return captureFileFormat(bytes.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/** Calls `onChunk` with each piece of a file, in order, until it answers false or the file ends. */
export async function forEachChunk(
  file: string,
  onChunk: (chunk: Uint8Array) => boolean,
): Promise<void> {
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) if (!onChunk(chunk as Buffer)) break;
  } finally {
    stream.destroy();
  }
}

/**
 * The text form of a binary capture file (tcpdump -# -nn -v), up to `limit` packets. `name` is
 * how the file is named in the text and in messages.
 */
export async function readCaptureFileText(
  file: string,
  name: string,
  limit = CLI_TEXT_PACKET_LIMIT,
): Promise<CaptureText> {
  const writer = new CaptureTextWriter(name, limit);
  await forEachChunk(file, (chunk) => writer.push(chunk));
  return writer.end((await fs.promises.stat(file)).size);
}

/** What to tell the user of a binary capture's text form that stopped early, if it did. */
export function captureTextProblem(text: CaptureText, name: string): string | undefined {
  if (text.fault !== undefined) return `${name}: ${text.fault}.`;
  if (text.limited)
    return `${name}: only the first ${text.packets} packets are read (\`balancer-lens inspect\` reads them all).`;
  return undefined;
}
