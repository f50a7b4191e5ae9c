// A summary above the first line of each flow that has more than one packet or came to grief (no
// answer, no SYN-ACK, an ICMP error), and
// above each IPsec peer's first packet: what a reader would otherwise count by hand.
import * as l10n from '@vscode/l10n';
import type { CodeLens } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeOf } from '../../diagnostics';
import type { CaptureAnalysis } from '../engine/analysis';
import { ipsecState, peerName, STATE_WORDS } from '../engine/ipsec';
import { flowOutcomes, flowSummary } from './summary';

/** No more lenses than this in one document: past it they would hide the dump rather than explain it. */
export const MAX_CODE_LENSES = 500;

/**
 * Lenses that only state facts: their command has no id, so VS Code shows them as text (an empty
 * command id is how a lens says "nothing to run").
 */
export function captureCodeLenses(document: TextDocument, analysis: CaptureAnalysis): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const peer of analysis.peers) {
    if (lenses.length >= MAX_CODE_LENSES) break;
    const first = peer.packets[0].copies[0];
    lenses.push({
      range: rangeOf(document, first.start, first.headEnd),
      command: { title: `IPsec ${peerName(peer)}: ${STATE_WORDS[ipsecState(peer)]}`, command: '' },
    });
  }
  for (const flow of analysis.flows) {
    if (lenses.length >= MAX_CODE_LENSES) break;
    // A flow of one packet gets a lens when its summary says more than its line: what became of
    // it (no SYN-ACK, no answer, an ICMP error).
    const outcomes = flowOutcomes(analysis, flow);
    if (flow.packets.length === 1 && outcomes.length === 0) continue;
    const first = flow.packets[0].copies[0];
    lenses.push({
      range: rangeOf(document, first.start, first.headEnd),
      command: {
        title: l10n.t`Flow ${flow.id}: ${flowSummary(analysis, flow, outcomes)}`,
        command: '',
      },
    });
  }
  return lenses;
}
