// Binary captures (pcap, pcapng) read into what the rest of the service reads: the text form the
// editor shows (tcpdump -# -nn -v), or packet copies straight from the bytes (the command line).
// Both take the file in chunks, so the host reads it as it likes and never needs it whole.
import type { MutableCopy } from '../packet';
import { frameCopy } from './copy';
import { FrameDecoder } from './decode';
import { CaptureFileReader, type CaptureFileFormat, linkTypeName, type RawPacket } from './file';
import { packetText } from './text';

export { captureFileFormat, type CaptureFileFormat } from './file';

/** The most packets the text form holds by default (the editor's limit). */
export const TEXT_PACKET_LIMIT = 100_000;

/** The text form of a binary capture, as far as it was read. */
export interface CaptureText {
  /** The text: a `reading from file` line, the packets, and a last line when reading stopped early. */
  readonly text: string;
  /** The file's format, if its first bytes said. */
  readonly format: CaptureFileFormat | undefined;
  /** How many packets the text holds. */
  readonly packets: number;
  /** Zero-based line of each packet's first line, by packet (index 0: packet 1). */
  readonly packetLines: readonly number[];
  /** Why the file could not be read to its end (a damaged or cut file); undefined when it could. */
  readonly fault: string | undefined;
  /** True when the text stopped at the packet limit, before the end of the file. */
  readonly limited: boolean;
}

/**
 * Writes a binary capture pushed in chunks as tcpdump's text, up to `limit` packets. `name` is
 * the file's name, for the first line (tcpdump's `reading from file NAME, link-type ...`).
 */
export class CaptureTextWriter {
  private readonly reader: CaptureFileReader;
  private readonly decoder = new FrameDecoder();
  private readonly parts: string[] = [];
  private readonly packetLines: number[] = [];
  private lines = 1;
  private limited = false;

  /** A writer of the text of the file `name`, stopping after `limit` packets. */
  constructor(
    private readonly name: string,
    private readonly limit = TEXT_PACKET_LIMIT,
  ) {
    this.reader = new CaptureFileReader((raw) => this.packet(raw));
  }

  /** Reads the next chunk; false once reading has stopped (a fault, or the limit reached). */
  push(chunk: Uint8Array): boolean {
    if (this.limited) return false;
    return this.reader.push(chunk) && !this.limited;
  }

  /** Bytes read so far. */
  get bytesRead(): number {
    return this.reader.bytesRead;
  }

  /** Ends the file (`size`: its size in bytes, for the last line when the limit stopped it) and answers the text. */
  end(size?: number): CaptureText {
    const fault = this.limited ? undefined : this.reader.end();
    const linkType = this.reader.firstLinkType;
    const head =
      linkType === undefined
        ? `reading from file ${this.name}`
        : `reading from file ${this.name}, link-type ${linkTypeName(linkType)}, snapshot length ${this.reader.firstSnapLength ?? 0}`;
    const tail: string[] = [];
    if (fault !== undefined) tail.push(`reading from file ${this.name} stopped: ${fault}.`);
    if (this.limited)
      tail.push(
        `reading from file ${this.name} stopped after packet ${this.limit} (byte ${this.reader.bytesRead}${size !== undefined ? ` of ${size}` : ''}): the editor shows the first ${this.limit} packets; \`balancer-lens check\` and \`inspect\` read them all.`,
      );
    const text = [head, ...this.parts, ...tail].join('\n') + '\n';
    return {
      text,
      format: this.reader.format,
      packets: this.packetLines.length,
      packetLines: this.packetLines,
      fault,
      limited: this.limited,
    };
  }

  private packet(raw: RawPacket): void {
    if (this.packetLines.length >= this.limit) {
      this.limited = true;
      return;
    }
    const text = packetText(raw, this.decoder.frame(raw.data, raw.linkType));
    this.packetLines.push(this.lines);
    this.parts.push(text);
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.lines++;
    this.lines++;
  }
}

/** The text form of a whole binary capture held in memory (tests, small files). */
export function captureText(
  bytes: Uint8Array,
  name: string,
  limit = TEXT_PACKET_LIMIT,
): CaptureText {
  const writer = new CaptureTextWriter(name, limit);
  writer.push(bytes);
  return writer.end(bytes.length);
}

/**
 * Reads a binary capture pushed in chunks into packet copies, one per packet, the packet's number
 * less one as its line (so a record's 1-based line is the packet's number).
 */
export class CaptureCopyReader {
  private readonly reader: CaptureFileReader;
  private readonly decoder = new FrameDecoder();

  /** A reader that hands each packet's copy to `onCopy` (the copy is the caller's to keep). */
  constructor(private readonly onCopy: (copy: MutableCopy) => void) {
    this.reader = new CaptureFileReader((raw) => {
      const frame = this.decoder.frame(raw.data, raw.linkType);
      // F5's pseudo-packet is no packet: the text form shows it as a comment line.
      if (!frame.f5Info) this.onCopy(frameCopy(raw, frame, raw.number - 1));
    });
  }

  /** The file's format, once its first bytes are in. */
  get format(): CaptureFileFormat | undefined {
    return this.reader.format;
  }

  /** How many packets were read. */
  get packets(): number {
    return this.reader.packets;
  }

  /** Reads the next chunk; false once reading has stopped at a fault. */
  push(chunk: Uint8Array): boolean {
    return this.reader.push(chunk);
  }

  /** Ends the file; answers why it could not be read to its end, if it could not. */
  end(): string | undefined {
    return this.reader.end();
  }
}
