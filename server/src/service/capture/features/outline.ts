// The outline of a capture: its IPsec peers (how far each got, IKE and each SA) and its flows,
// so a dump of thousands of lines reads as a short list of conversations.
import * as l10n from '@vscode/l10n';
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeOf } from '../../diagnostics';
import type { CaptureAnalysis, Flow, Packet } from '../engine/analysis';
import { count, flowName } from './describe';
import { type IpsecPeer, ipsecState, peerName, STATE_WORDS } from '../engine/ipsec';
import { flowSummary } from './summary';

/** The outline lists this many flows; a dump with more says how many it left out. */
export const MAX_FLOW_SYMBOLS = 1000;

/** IPsec peers and flows as document symbols. */
export function captureSymbols(
  document: TextDocument,
  analysis: CaptureAnalysis,
): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  if (analysis.peers.length > 0) {
    const peers = analysis.peers.map((peer) => peerSymbol(document, peer));
    symbols.push(group(l10n.t('IPsec peers'), count(peers.length, 'peer'), peers));
  }
  if (analysis.flows.length > 0) {
    const listed = analysis.flows
      .slice(0, MAX_FLOW_SYMBOLS)
      .map((flow) => flowSymbol(document, analysis, flow));
    const detail =
      analysis.flows.length > MAX_FLOW_SYMBOLS
        ? l10n.t`${analysis.flows.length} flows, the first ${MAX_FLOW_SYMBOLS} listed`
        : count(listed.length, 'flow');
    symbols.push(group(l10n.t('Flows'), detail, listed));
  }
  return symbols;
}

/** A heading symbol spanning its children. */
function group(name: string, detail: string, children: DocumentSymbol[]): DocumentSymbol {
  const start = children.reduce(
    (a, c) => (c.range.start.line < a.line ? c.range.start : a),
    children[0].range.start,
  );
  const end = children.reduce(
    (a, c) =>
      c.range.end.line > a.line ||
      (c.range.end.line === a.line && c.range.end.character > a.character)
        ? c.range.end
        : a,
    children[0].range.end,
  );
  return {
    name,
    detail,
    kind: SymbolKind.Namespace,
    range: { start, end },
    selectionRange: children[0].selectionRange,
    children,
  };
}

/** The range of a run of packets: from the first line of the first copy to the end of the last. */
function packetsRange(
  document: TextDocument,
  packets: readonly Packet[],
): { range: ReturnType<typeof rangeOf>; selectionRange: ReturnType<typeof rangeOf> } {
  let first = packets[0].copies[0];
  let last = first;
  for (const packet of packets) {
    for (const copy of packet.copies) {
      if (copy.start < first.start) first = copy;
      if (copy.end > last.end) last = copy;
    }
  }
  return {
    range: rangeOf(document, first.start, last.end),
    selectionRange: rangeOf(document, first.start, first.headEnd),
  };
}

function peerSymbol(document: TextDocument, peer: IpsecPeer): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  const ike = peer.ikePackets;
  if (ike.length > 0) {
    const versions =
      [...peer.ikeVersions]
        .sort()
        .map((v) => `IKEv${v}`)
        .join('/') || 'IKE';
    children.push({
      name: versions,
      detail: l10n.t`${peer.ike.out} out, ${peer.ike.back} back${peer.natTraversal ? ', NAT-T' : ''}`,
      kind: SymbolKind.Event,
      ...packetsRange(document, ike),
    });
  }
  for (const sa of peer.sas) {
    children.push({
      name: sa.direction === 'out' ? l10n.t`SPI ${sa.spi} out` : l10n.t`SPI ${sa.spi} back`,
      detail: `${count(sa.packets.length, 'packet')}${sa.encapsulated ? l10n.t(', ESP in UDP') : ''}`,
      kind: SymbolKind.Key,
      ...packetsRange(document, sa.packets),
    });
  }
  if (peer.ahPackets.length > 0)
    children.push({
      name: 'AH',
      detail: count(peer.ahPackets.length, 'packet'),
      kind: SymbolKind.Key,
      ...packetsRange(document, peer.ahPackets),
    });
  return {
    name: peerName(peer),
    detail: STATE_WORDS[ipsecState(peer)],
    kind: SymbolKind.Interface,
    ...packetsRange(document, peer.packets),
    children,
  };
}

function flowSymbol(document: TextDocument, analysis: CaptureAnalysis, flow: Flow): DocumentSymbol {
  return {
    name: l10n.t`Flow ${flow.id}: ${flowName(flow)}`,
    detail: flowSummary(analysis, flow),
    kind: SymbolKind.Event,
    ...packetsRange(document, [...flow.packets, ...flow.errors]),
  };
}
