// A binary capture (pcap, pcapng) read into rows (copyRows.ts), as the command line's `inspect`
// reads one: each packet decoded from its bytes, written as a row with the packet's number as its
// line and the file's format as its dialect. The rows go into an inspector (inspect.ts) on the
// same thread, or to another thread, which renumbers them into its inspector's table (the
// command line reads a large capture on a worker thread while its main thread pairs the rows).
import { CaptureFileReader, type RawPacket } from '../reading/pcap/file';
import { frameCopy } from '../reading/pcap/copy';
import { FrameDecoder } from '../reading/pcap/decode';
import { Row, ROW_INTS, writeRow } from './copyRows';
import { DRAFT_DIALECTS } from './drafts';
import type { FlowKeyTable } from './flows';
import { FrameRowWriter } from './frameRows';
import type { CaptureInspector } from './inspect';

const PCAP_DIALECT = DRAFT_DIALECTS.indexOf('pcap');
const PCAPNG_DIALECT = DRAFT_DIALECTS.indexOf('pcapng');

/**
 * Rows written in place, one after another: `reserve()` makes room for the next row in `rows` (which
 * it may replace with larger memory) and answers where it starts; `commit()` keeps it.
 */
export interface RowPlace {
  readonly rows: Int32Array;
  reserve(): number;
  commit(): void;
}

/**
 * Reads a binary capture pushed in chunks into rows, their words numbered by `table`: one row per
 * packet, handed to `emit` in order (the row is the reader's, valid until `emit` returns), or
 * written straight into a RowPlace (no copy of the row per packet).
 */
export class CaptureRowFeed {
  private readonly reader: CaptureFileReader;
  /** One decoder for the file: it keeps each IKEv1 initiator's cookie, for the frames after it. */
  private readonly decoder = new FrameDecoder();
  private readonly row = new Int32Array(ROW_INTS);
  private readonly rows: FrameRowWriter;

  /** A feed of the packets of a file, as rows, to `emit`. */
  constructor(
    private readonly table: FlowKeyTable,
    private readonly emit: ((rows: Int32Array, at: number) => void) | RowPlace,
  ) {
    this.reader = new CaptureFileReader((raw) => this.packet(raw));
    this.rows = new FrameRowWriter(table, this.decoder);
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
    const emit = this.emit;
    const at = typeof emit === 'function' ? 0 : emit.reserve();
    const rows = typeof emit === 'function' ? this.row : emit.rows;
    // Most frames: the row straight from the bytes; any other, from the frame decoded whole.
    if (!this.rows.write(raw, raw.number - 1, rows, at)) {
      const frame = this.decoder.frame(raw.data, raw.linkType);
      if (frame.f5Info) return; // F5's pseudo-packet: no packet, as its text form's comment line is none
      writeRow(frameCopy(raw, frame, raw.number - 1, false), this.table, rows, at);
    }
    rows[at + Row.DIALECT] = this.reader.format === 'pcapng' ? PCAPNG_DIALECT : PCAP_DIALECT;
    if (typeof emit === 'function') emit(rows, at);
    else emit.commit();
  }
}

/**
 * Reads a binary capture pushed in chunks into an inspector (inspect.ts): one record per packet,
 * its line the packet's number, its dialect the file's format.
 */
export class CaptureInspectorFeed {
  private readonly feed: CaptureRowFeed;

  /** A feed of the packets of a file into `inspector`. */
  constructor(inspector: CaptureInspector) {
    this.feed = new CaptureRowFeed(inspector.table, (rows, at) => inspector.row(rows, at));
  }

  /** Reads the next chunk; false once reading has stopped at a fault. */
  push(chunk: Uint8Array): boolean {
    return this.feed.push(chunk);
  }

  /** Ends the file; answers why it could not be read to its end, if it could not. */
  end(): string | undefined {
    return this.feed.end();
  }
}
