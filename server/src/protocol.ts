// The requests Balancer Lens adds to the Language Server Protocol. Any client may send them; the
// VS Code extension does for its commands. Names and shapes only: both ends import this file.

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
}

/**
 * `balancerLens/explainCapture` (ExplainParams → string | null): the "Explain this capture"
 * report of an open capture, in Markdown: per IPsec peer the phases seen, the NAT seen, the
 * findings and the configuration changes that fix them, each linked to its line. Null when the
 * document is not an open capture.
 */
export const EXPLAIN_CAPTURE = 'balancerLens/explainCapture';

/**
 * `balancerLens/flowDiagram` (DocumentParams → FlowDiagram, server/src/service/diagram/model.ts):
 * the flow diagram of an open capture, as the editor's panel and `balancer-lens diagram` draw it.
 * An error (InvalidParams) for a document that is not open; the service's reason for one that
 * has no diagram (not a capture dump, no packets).
 */
export const FLOW_DIAGRAM = 'balancerLens/flowDiagram';
