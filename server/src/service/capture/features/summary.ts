// A flow in one phrase, for the outline and the CodeLens above its first line: how many packets
// each way, and what became of it (answered, no SYN-ACK, reset, errors, retransmissions).
import * as l10n from '@vscode/l10n';
import type { CaptureAnalysis, Flow } from '../engine/analysis';
import { resetOutcome, type ResetOutcome } from '../engine/connections';
import { count } from './describe';

/** `10 packets (6 forward, 4 back), reset, 1 ICMP error` (its outcomes given when known already). */
export function flowSummary(
  analysis: CaptureAnalysis,
  flow: Flow,
  outcomes = flowOutcomes(analysis, flow),
): string {
  return [
    l10n.t`${count(flow.packets.length, 'packet')} (${flow.forward} forward, ${flow.back} back)`,
    ...outcomes,
  ].join(l10n.t(', '));
}

/** `refused` (an RST answered the SYN) or `reset after 5 packets` (cut off, whatever came before). */
export function resetPhrase(reset: ResetOutcome): string {
  return reset.refused ? l10n.t('refused') : l10n.t`reset after ${count(reset.after, 'packet')}`;
}

/** What became of a flow, if anything worth a word: `no SYN-ACK`, `refused`, `reset after 5 packets`, `no answer`, `1 ICMP error`. */
export function flowOutcomes(analysis: CaptureAnalysis, flow: Flow): string[] {
  const parts: string[] = [];
  const connection = analysis.connections.get(flow);
  if (connection) {
    if (
      connection.syns.length > 0 &&
      connection.synAcks.length === 0 &&
      connection.resets.length === 0
    )
      parts.push(l10n.t('no SYN-ACK'));
    const reset = resetOutcome(connection);
    if (reset) parts.push(resetPhrase(reset));
    if (connection.retransmissions.length > 0)
      parts.push(count(connection.retransmissions.length, 'retransmission'));
  } else if (
    flow.back === 0 &&
    flow.kind !== 'esp' &&
    flow.kind !== 'ah' &&
    !flow.packets.some((p) => analysis.answeredBy.has(p))
  ) {
    parts.push(l10n.t('no answer'));
  }
  if (flow.errors.length > 0) parts.push(count(flow.errors.length, 'ICMP error'));
  return parts;
}
