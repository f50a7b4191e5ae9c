// A binary capture (pcap, pcapng) fed packet by packet into an inspector (inspect.ts), as the
// command line's `inspect` reads one: each packet decoded from its bytes, written as a row, and
// handed on with the packet's number as its line and the file's format as its dialect.
import { CaptureFileReader, type RawPacket } from '../reading/pcap/file';
import { frameCopy } from '../reading/pcap/copy';
import { FrameDecoder } from '../reading/pcap/decode';
import { Row, ROW_INTS, writeRow } from './copyRows';
import { DRAFT_DIALECTS } from './drafts';
import { FrameRowWriter } from './frameRows';
import type { CaptureInspector } from './inspect';

const PCAP_DIALECT = DRAFT_DIALECTS.indexOf('pcap');
const PCAPNG_DIALECT = DRAFT_DIALECTS.indexOf('pcapng');

/**
 * Reads a binary capture pushed in chunks into an inspector (inspect.ts): one record per packet,
 * its line the packet's number, its dialect the file's format.
 */
export class CaptureInspectorFeed {
  private readonly reader: CaptureFileReader;
  private readonly decoder = new FrameDecoder();
  private readonly row = new Int32Array(ROW_INTS);
  private readonly rows: FrameRowWriter;

  /** A feed of the packets of a file into `inspector`. */
  constructor(private readonly inspector: CaptureInspector) {
    this.reader = new CaptureFileReader((raw) => this.packet(raw));
    this.rows = new FrameRowWriter(inspector.table, this.decoder);
  }

  /** Reads the next chunk; false once reading has stopped at a fault. */
  push(chunk: Uint8Array): boolean {
    return this.reader.push(chunk);
  }

  /** Ends the file; answers why it could not be read to its end, if it could not. */
  end(): string | undefined {
    return this.reader.end();
  }

  private packet(raw: RawPacket): void {
    // Most frames: the row straight from the bytes; any other, from the frame decoded whole.
    if (!this.rows.write(raw, raw.number - 1, this.row, 0)) {
      const frame = this.decoder.frame(raw.data, raw.linkType);
      if (frame.f5Info) return; // F5's pseudo-packet: no packet, as its text form's comment line is none
      writeRow(frameCopy(raw, frame, raw.number - 1, false), this.inspector.table, this.row, 0);
    }
    this.row[Row.DIALECT] = this.reader.format === 'pcapng' ? PCAPNG_DIALECT : PCAP_DIALECT;
    this.inspector.row(this.row, 0);
  }
}
