// Find references on a packet lists every packet of its flow: both copies of each, both sides of
// the balancer's translation, and the ICMP errors that report on the flow, in line order.
import type { Location, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeOf } from '../../diagnostics';
import type { CaptureAnalysis } from '../engine/analysis';

/** Every copy of every packet of the flow of the packet at a position (the packet's own copies only when `includeDeclaration`). */
export function captureReferences(
  document: TextDocument,
  analysis: CaptureAnalysis,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const copy = analysis.copyAtLine.get(position.line);
  if (!copy) return [];
  const packet = analysis.packetOf.get(copy)!;
  const flow = analysis.flowOf.get(packet);
  const packets = flow ? [...flow.packets, ...flow.errors] : [packet];
  const copies = packets.flatMap((p) => (p === packet && !includeDeclaration ? [] : p.copies));
  copies.sort((a, b) => a.start - b.start);
  return copies.map((c) => ({ uri: document.uri, range: rangeOf(document, c.start, c.headEnd) }));
}
