// Go to definition on a packet goes to the packet that answers it: the echo reply, the SYN-ACK,
// the next packet back in its flow, the ESP the peer sends back, or the ICMP error it caused.
import type { Location, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeOf } from '../../diagnostics';
import type { CaptureAnalysis, Packet } from '../engine/analysis';
import type { PacketCopy } from '../reading/packet';

/**
 * The copy of `answer` that faces `asked`: the one going back to where `asked` came from (the same
 * side of the balancer), else its first copy.
 */
export function facingCopy(answer: Packet, asked: PacketCopy): PacketCopy {
  return (
    answer.copies.find((c) => c.src === asked.dst && c.dst === asked.src) ??
    answer.copies.find((c) => c.dst === asked.src) ??
    answer.copies[0]
  );
}

/** Where the packet at a position is answered, or null when nothing in the dump answers it. */
export function captureDefinition(
  document: TextDocument,
  analysis: CaptureAnalysis,
  position: Position,
): Location | null {
  const copy = analysis.copyAtLine.get(position.line);
  if (!copy) return null;
  const answer = analysis.answeredBy.get(analysis.packetOf.get(copy)!);
  if (!answer) return null;
  const target = facingCopy(answer, copy);
  return { uri: document.uri, range: rangeOf(document, target.start, target.headEnd) };
}
