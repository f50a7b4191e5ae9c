// The requests Balancer Lens adds to the Language Server Protocol. Any client may send them; the
// VS Code extension does for its commands. Both ends import this file: each request is a typed
// RequestType (its params, its result), so a field renamed on one end fails to compile on the other.
// The server still checks every field it receives (another client may send anything).
import { RequestType } from 'vscode-languageserver-protocol';
import type { DiagramRow } from './service/diagram/model';
import type { DiagramOutline } from './service/diagram/outline';
import { MAX_ROWS_PER_REQUEST } from './service/diagram/outline';

export { MAX_ROWS_PER_REQUEST };
export type { DiagramOutline, DiagramRow };

/** The document a request is about. */
export interface DocumentParams {
  /** The uri of an open capture document. */
  readonly uri: string;
}

/** The report of a capture: the document, and the folder its links are relative to. */
export interface ExplainParams extends DocumentParams {
  /**
   * A folder's uri: links to the files under it are written relative to it (a Markdown preview
   * refuses `file:` links; VS Code's resolves relative ones of an untitled document against the
   * first workspace folder). Without it, links name files by uri.
   */
  readonly linksRelativeTo?: string;
  /**
   * Links relative to `linksRelativeTo` start with `/`: VS Code's preview of a document of another
   * scheme (the extension's read-only report) resolves those against the first workspace folder.
   */
  readonly linksFromRoot?: boolean;
}

/**
 * `balancerLens/explainCapture` (ExplainParams → string | null): the "Explain this capture"
 * report of an open capture, in Markdown: per IPsec peer the phases seen, the NAT seen, the
 * findings and the configuration changes that fix them, each linked to its line. Null when the
 * document is not an open capture.
 */
export const EXPLAIN_CAPTURE = new RequestType<ExplainParams, string | null, void>(
  'balancerLens/explainCapture',
);

/**
 * `balancerLens/flowDiagram` (DocumentParams → DiagramOutline, server/src/service/diagram/outline.ts):
 * the flow diagram of an open capture, as the editor's panel draws it, without its rows' words
 * (a few MB for a 200,000-line dump instead of 48): its version, lanes, peers, flows, and each
 * row's lines, lanes, flow, peer, protocol, direction and marks in columns. An error
 * (InvalidParams) for a document that is not open; the service's reason (InvalidRequest) for one
 * that has no diagram.
 */
export const FLOW_DIAGRAM = new RequestType<DocumentParams, DiagramOutline, void>(
  'balancerLens/flowDiagram',
);

/** The rows of a flow diagram asked for: of which dump, at which version, which rows. */
export interface FlowDiagramRowsParams extends DocumentParams {
  /** The version the outline was drawn from (DiagramOutline.version). */
  readonly version: number;
  /** Row indexes, at most MAX_ROWS_PER_REQUEST (5,000). */
  readonly rows: readonly number[];
}

/**
 * `balancerLens/flowDiagramRows` (FlowDiagramRowsParams → DiagramRow[], in the order asked): the
 * whole rows the page draws, a screenful at a time. ContentModified when the dump has changed
 * since that version (a new outline is on its way); InvalidParams for a document that is not
 * open, a malformed request or a row the diagram does not have.
 */
export const FLOW_DIAGRAM_ROWS = new RequestType<FlowDiagramRowsParams, DiagramRow[], void>(
  'balancerLens/flowDiagramRows',
);

/** The device a configuration belongs to, as `balancerLens/device` answers. */
export interface DeviceInfo {
  /** Its name: its hostname, the prompt's name, the settings' name, else its file's name. */
  readonly name: string;
  /** True when the settings (`balancerLens.devices`) made it of several files. */
  readonly grouped: boolean;
}

/**
 * `balancerLens/device` (DocumentParams → DeviceInfo | null): the device an open configuration
 * belongs to, whose names it resolves against. Null for a capture, a document that is not open,
 * and a fragment whose device cannot be told (it sees every device).
 */
export const DEVICE = new RequestType<DocumentParams, DeviceInfo | null, void>(
  'balancerLens/device',
);

/** Files to redact for sharing (absolute paths of files and folders), and where the copies go. */
export interface RedactParams {
  readonly paths: readonly string[];
  /** The folder for the copies (absolute); never one that holds the originals. */
  readonly outDir: string;
  /** Replace host names, object names, descriptions and domain names too. */
  readonly names: boolean;
  /** The key file (absolute); the command line's default when absent. */
  readonly keyFile?: string;
}

/** What a redaction did: the files written, what was left out, the key, and the report to show. */
export interface RedactResult {
  readonly written: readonly {
    readonly source: string;
    readonly target: string;
    readonly secrets: number;
  }[];
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  readonly key: { readonly file: string; readonly created: boolean };
  /** The report in plain text: each file, what was removed on which line. */
  readonly report: string;
}

/**
 * `balancerLens/redact` (RedactParams → RedactResult): writes redacted copies of the
 * configurations and dumps under the paths, as `balancer-lens redact` does. InvalidParams for a
 * malformed request; InvalidRequest, with the reason, for one that cannot be done (an output
 * folder that holds the originals, a key that cannot be read).
 */
export const REDACT = new RequestType<RedactParams, RedactResult, void>('balancerLens/redact');

/**
 * `balancerLens/captureFileText` (DocumentParams → CaptureFileText): the text form of a binary
 * capture file on disk (pcap, pcapng), as tcpdump -# -nn -v prints it, for the editor to show:
 * the file is read in pieces up to CAPTURE_TEXT_PACKETS packets, never whole. `uri` is the
 * file's (a `file:` uri). InvalidParams for a file that is not a binary capture or cannot be read.
 */
export const CAPTURE_FILE_TEXT = new RequestType<DocumentParams, CaptureFileText, void>(
  'balancerLens/captureFileText',
);

/** The text form of a binary capture, and what stopped it early. */
export interface CaptureFileText {
  /** The text: a `reading from file` line, then the packets. */
  readonly text: string;
  /** `pcap` or `pcapng`. */
  readonly format: string;
  /** How many packets the text holds. */
  readonly packets: number;
  /** One line on what stopped the reading before the end of the file (damage, or the limit); absent when nothing did. */
  readonly problem?: string;
}
