// The hover of a packet line: what the packet is, its other copy and the translation between
// them, the flow it belongs to and which line answers it (or that nothing does), and how far the
// IPsec peer it goes to or comes from got.
import * as l10n from '@vscode/l10n';
import type { CaptureAnalysis, Flow, Packet } from '../engine/analysis';
import {
  carriedIn,
  copyEnds,
  count,
  flowName,
  icmpMeaning,
  ikeKind,
  lineRef,
  natKind,
  packetKind,
  tcpFlagNames,
  translationOf,
  whereSeen,
} from './describe';
import { resetOutcome } from '../engine/connections';
import { peerName, peerStatus, type IpsecPeer } from '../engine/ipsec';
import type { PacketCopy } from '../reading/packet';
import { endpoint, hasF5Peer, isIcmpError } from '../reading/packet';
import type { Diagnostic } from 'vscode-languageserver-types';
import { headlineAndExplanation, messageText } from '../../diagnostics';
import { markdownCode as code, markdownProse, markdownText as md } from '../../markdown';

/** Markdown explaining the packet on a line, or undefined when the line holds no packet. */
export function packetHover(analysis: CaptureAnalysis, line: number): string | undefined {
  const copy = analysis.copyAtLine.get(line);
  if (!copy) return undefined;
  const packet = analysis.packetOf.get(copy)!;
  return [
    headline(copy),
    details(copy),
    f5Part(copy),
    carrier(copy),
    otherCopies(analysis, packet, copy),
    flowPart(analysis, packet),
    ipsecPart(analysis, packet),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/** How many of a finding's other lines in the dump its part of the hover lists. */
const MAX_LINES_SHOWN = 5;

/**
 * The findings reported on a packet's lines (first to last), for the hover after the packet's
 * own explanation: each finding's code and headline, then what
 * its diagnostic in the editor leaves out to stay one line: the explanation, and its other lines
 * in this dump (`uri`). Empty when there are none.
 */
export function findingsHover(
  findings: readonly Diagnostic[],
  uri: string,
  firstLine: number,
  lastLine: number,
): string {
  return findings
    .filter((f) => f.range.start.line >= firstLine && f.range.start.line <= lastLine)
    .map((finding) => {
      const { headline, explanation } = headlineAndExplanation(messageText(finding.message));
      // The code links to the rule's page in the diagnostic, just above: here it is named only.
      const parts = [
        l10n.t`**Finding** ${code(String(finding.code ?? ''))}: ${markdownProse(headline)}`,
      ];
      if (explanation !== '') parts.push(markdownProse(explanation));
      const here = (finding.relatedInformation ?? []).filter((r) => r.location.uri === uri);
      if (here.length > 0) {
        const shown = here
          .slice(0, MAX_LINES_SHOWN)
          .map(
            (r) => l10n.t`- line ${r.location.range.start.line + 1}: ${markdownProse(r.message)}`,
          );
        if (here.length > MAX_LINES_SHOWN)
          shown.push(l10n.t`- and ${count(here.length - MAX_LINES_SHOWN, 'more line')}`);
        parts.push(shown.join('\n'));
      }
      return parts.join('\n\n');
    })
    .join('\n\n');
}

function headline(copy: PacketCopy): string {
  const ends = copyEnds(copy);
  // A line in no known form may show no address at all: said, not an empty code span.
  const facts = [ends === '' ? l10n.t('no addresses shown') : code(ends)];
  if (copy.dialect === 'axdebug') {
    facts.push(l10n.t`tick ${copy.time ?? ''}`);
    // `debug packet` and `debug monitor` print two numbers and no packet id.
    if (copy.id !== undefined) facts.push(l10n.t`packet id ${code(copy.id)}`);
  } else {
    if (copy.number !== undefined) facts.push(l10n.t`packet ${copy.number}`);
    if (copy.ipId !== undefined) facts.push(`IP id ${copy.ipId}`);
    if (copy.virtualServer !== undefined)
      facts.push(l10n.t`virtual server ${code(copy.virtualServer)}`);
  }
  return `${l10n.t('**{0}**, {1}', md(packetKind(copy)), md(whereSeen(copy)))}\n\n${facts.join(' · ')}`;
}

function details(copy: PacketCopy): string {
  const facts: string[] = [];
  if (copy.tcp) {
    // A segment without data (a pure ACK) shows no sequence number: tcpdump prints `ack N` alone.
    const seq = copy.tcp.seq === '' ? '' : `, seq ${code(copy.tcp.seq)}`;
    const ack = copy.tcp.ack === '' ? '' : `, ack ${code(copy.tcp.ack)}`;
    facts.push(
      l10n.t`TCP flags ${code(copy.tcp.flags)} (${tcpFlagNames(copy.tcp.flags) || l10n.t('none')})${seq}${ack}, ${copy.tcp.length} bytes of data`,
    );
  }
  if (copy.esp) {
    facts.push(
      copy.esp.encapsulated
        ? l10n.t(
            'ESP in UDP (NAT traversal, RFC 3948): SPI {0} names the IPsec SA of this direction; sequence {1}. On the wire it is UDP {2} → {3}, which a `port 0 udp` vport carries.',
            code(copy.esp.spi),
            code(copy.esp.seq),
            copy.srcPort ?? '',
            copy.dstPort ?? '',
          )
        : l10n.t`ESP (IP protocol 50): SPI ${code(copy.esp.spi)} names the IPsec SA of this direction; sequence ${code(copy.esp.seq)}`,
    );
  }
  if (copy.ah)
    facts.push(
      l10n.t`AH (IP protocol 51): SPI ${code(copy.ah.spi)}. Its integrity check covers the IP addresses: no NAT may touch it.`,
    );
  if (copy.ike) {
    const ike = copy.ike;
    const port =
      copy.srcPort === 4500 || copy.dstPort === 4500
        ? l10n.t('UDP 4500: NAT traversal (RFC 3947)')
        : 'UDP 500';
    const phase =
      ike.phase === 1
        ? l10n.t(' Phase 1 sets up the IKE SA: the tunnel "up" both firewalls report.')
        : ike.phase === 2
          ? l10n.t(' Phase 2 sets up the IPsec SAs that carry the data (ESP).')
          : '';
    facts.push(
      ike.keepalive
        ? l10n.t(
            'NAT-T keepalive (RFC 3948): keeps the NAT mapping of UDP 4500 open between the peers.',
          )
        : ike.exchange === ''
          ? copy.srcPort === 4500 || copy.dstPort === 4500
            ? l10n.t(
                'UDP on port 4500: IKE after NAT detection, or ESP in UDP (RFC 3947/3948); the dump prints no more of it.',
              )
            : l10n.t('UDP on port 500: IKE; the dump prints no more of it.')
          : l10n.t`${md(ikeKind(copy))} on ${port}.${phase}`,
    );
  }
  if (copy.icmp && isIcmpError(copy)) {
    facts.push(
      `ICMP type ${copy.icmp.type} code ${copy.icmp.code}: ${icmpMeaning(copy.icmp.type, copy.icmp.code)}${copy.icmp.mtu !== undefined ? l10n.t`; next-hop MTU ${copy.icmp.mtu}` : ''}`,
    );
    const quoted = copy.icmp.quoted;
    if (quoted?.src !== undefined) {
      const id = quoted.ipId !== undefined ? ` (IP id ${quoted.ipId})` : '';
      facts.push(
        l10n.t`**Quotes:** ${code(`${quoted.protocol ?? 'ip'} ${endpoint(quoted.src, quoted.srcPort)} → ${endpoint(quoted.dst, quoted.dstPort)}`)}${id}`,
      );
    } else if (quoted) {
      facts.push(
        l10n.t`**About:** ${code(quoted.protocol ?? 'ip')} to ${code(endpoint(quoted.dst, quoted.dstPort))}`,
      );
    }
  } else if (copy.icmp?.id !== undefined) {
    facts.push(l10n.t`ICMP echo identifier ${code(copy.icmp.id)}`);
  }
  if (copy.arp) {
    facts.push(
      copy.arp.operation === 'request'
        ? l10n.t`ARP: who has ${code(copy.dst)}? Tell ${code(copy.src)}.`
        : l10n.t`ARP: ${code(copy.src)} is at ${code(copy.arp.mac ?? '?')}.`,
    );
  }
  if (!copy.tcp && !copy.esp && !copy.ah && !copy.ike && !copy.icmp && !copy.arp)
    facts.push(
      l10n.t`Protocol ${code(copy.protocol || l10n.t('unknown'))}${copy.details ? `: ${md(copy.details.slice(0, 200))}` : ''}`,
    );
  return facts.join('\n\n');
}

/** What F5's tcpdump said past the virtual server: its connection flow, the peer flow, a reset's cause. */
function f5Part(copy: PacketCopy): string {
  const f5 = copy.f5;
  if (!f5) return '';
  const facts: string[] = [];
  if (f5.port !== undefined || f5.trunk !== undefined)
    facts.push(
      [
        f5.port ? l10n.t`interface ${code(f5.port)}` : '',
        f5.trunk ? l10n.t`trunk ${code(f5.trunk)}` : '',
      ]
        .filter((f) => f !== '')
        .join(', ') || l10n.t('no interface named'),
    );
  if (f5.flowId !== undefined)
    facts.push(
      f5.peerId === undefined || !hasF5Peer(f5.peerId)
        ? l10n.t`F5 connection flow ${code(f5.flowId)}, no peer flow`
        : l10n.t`F5 connection flow ${code(f5.flowId)}, peer flow ${code(f5.peerId)}`,
    );
  const peer = f5.peer;
  if (peer) {
    const protocol =
      peer.protocol === 6
        ? 'tcp'
        : peer.protocol === 17
          ? 'udp'
          : peer.protocol === 0
            ? ''
            : `ip-proto-${peer.protocol}`;
    facts.push(
      l10n.t`**Peer flow** (the balancer's other side of this connection): ${code(`${protocol ? `${protocol} ` : ''}${endpoint(peer.local, peer.localPort)} ⇄ ${endpoint(peer.remote, peer.remotePort)}`)}${peer.vlan ? `, VLAN ${peer.vlan}` : ''}`,
    );
  }
  if (f5.resetCause !== undefined)
    facts.push(l10n.t`**Reset by the balancer:** ${md(f5.resetCause)}`);
  return facts.join('\n\n');
}

/** The layers the packet was carried in, whose outer addresses are not the packet's. */
function carrier(copy: PacketCopy): string {
  const layers = carriedIn(copy);
  if (layers === '') return '';
  return l10n.t`**Carried in:** ${md(layers)}. The packet inside is what its flow, pairing and findings are about.`;
}

function otherCopies(analysis: CaptureAnalysis, packet: Packet, copy: PacketCopy): string {
  const others = packet.copies.filter((c) => c !== copy);
  if (others.length === 0) {
    if (copy.dialect === 'axdebug' && copy.id !== undefined) {
      return copy.direction === 'in'
        ? l10n.t`**Other copy:** none: the dump has no copy of it sent by the balancer (same id ${code(copy.id)}).`
        : l10n.t`**Other copy:** none: the dump has no copy of it received by the balancer (same id ${code(copy.id)}).`;
    }
    // A plain host capture has no second copies; say so only where the dump shows both sides.
    if (copy.direction === undefined && !analysis.packets.some((p) => p.copies.length > 1))
      return '';
    return l10n.t(
      '**Other copy:** none in this dump (no copy with the same IP id, ESP sequence, or TCP sequence and length with other addresses).',
    );
  }
  const lines = others.map((c) =>
    l10n.t('{0}, {1}: {2}', lineRef(c), md(whereSeen(c)), code(copyEnds(c))),
  );
  const translation = translationOf(packet);
  // Coming back is the peer's way for IPsec (ESP back has a flow of its own, per SPI), else the flow's.
  const peer = analysis.peerOf.get(packet);
  const back = peer
    ? peer.directionOf(packet) === 'back'
    : analysis.directionOf.get(packet) === 'back';
  const nat =
    translation.length > 0
      ? l10n.t`**Translation:** ${translation.map((r) => (r.field === 'source' ? l10n.t`source ${code(r.before)} became ${code(r.after)}` : l10n.t`destination ${code(r.before)} became ${code(r.after)}`)).join('; ')} (${natKind(translation, back)}).`
      : l10n.t('**Translation:** none: both copies carry the same addresses and ports.');
  return `${l10n.t`**Other copy:** ${lines.join('; ')}`}\n\n${nat}`;
}

function flowPart(analysis: CaptureAnalysis, packet: Packet): string {
  const flow = analysis.flowOf.get(packet);
  const copy = packet.copies[0];
  const parts: string[] = [];
  if (flow && !isIcmpError(copy)) {
    const errors =
      flow.errors.length > 0 ? l10n.t`, ${count(flow.errors.length, 'ICMP error')} about it` : '';
    parts.push(
      l10n.t`**Flow ${flow.id}:** ${md(flowName(flow))}: ${count(flow.packets.length, 'packet')} (${flow.forward} forward, ${flow.back} back${errors}), lines ${flow.firstLine + 1}–${flow.lastLine + 1}.`,
    );
  }
  const connection = flow ? analysis.connections.get(flow) : undefined;
  const reset = connection?.resets[0] === packet ? resetOutcome(connection) : undefined;
  if (reset)
    parts.push(
      reset.refused
        ? l10n.t(
            '**Reset:** the connection is refused: this RST answers its SYN (nothing listens there, or a filter answers for it).',
          )
        : reset.after === 0
          ? l10n.t`**Reset:** the connection is cut off after ${count(reset.after, 'packet')}: the dump shows nothing of it before.`
          : l10n.t`**Reset:** the connection is cut off after ${count(reset.after, 'packet')}: it was not refused.`,
    );
  const answered = analysis.answers.get(packet);
  if (answered) {
    const cause = answered.copies[0];
    if (!isIcmpError(copy)) {
      parts.push(l10n.t`**Answers:** ${lineRef(cause)} (${md(packetKind(cause))}).`);
    } else if (copy.icmp?.quoted?.src !== undefined) {
      parts.push(
        l10n.t`**Reports on:** the ${md(packetKind(cause))} at ${lineRef(cause)}${flowOf(flow)}: the error quotes it.`,
      );
    } else {
      const why =
        copy.dialect === 'axdebug'
          ? l10n.t('axdebug does not print the packet an ICMP error quotes')
          : l10n.t('tcpdump prints the quoted packet only with -v');
      parts.push(
        l10n.t`**Reports on:** most likely the ${md(packetKind(cause))} at ${lineRef(cause)}${flowOf(flow)}: ${why}, so this is the last packet ${md(copy.dst)} sent before it.`,
      );
    }
  } else if (isIcmpError(copy) && flow) {
    parts.push(l10n.t`**Reports on:** flow ${flow.id}, ${md(flowName(flow))}.`);
  }
  const answer = analysis.answeredBy.get(packet);
  if (answer) {
    const kind = isIcmpError(answer.copies[0]) ? l10n.t('an ICMP error') : l10n.t('the reply');
    parts.push(
      l10n.t`**Answered by:** ${lineRef(answer.copies[0])}, ${kind}: ${md(packetKind(answer.copies[0]))}.`,
    );
  } else if (!answered && !isIcmpError(copy) && flow) {
    parts.push(
      l10n.t('**Answered by:** nothing in this dump: no packet comes back in this flow after it.'),
    );
  }
  return parts.join('\n\n');
}

/** ` (flow 3, TCP a ↔ b)` after the packet an answer is about; '' without a flow. */
function flowOf(flow: Flow | undefined): string {
  return flow ? l10n.t` (flow ${flow.id}, ${md(flowName(flow))})` : '';
}

function peerOfPacket(analysis: CaptureAnalysis, packet: Packet): IpsecPeer | undefined {
  const peer = analysis.peerOf.get(packet);
  if (peer) return peer;
  for (const copy of packet.copies) {
    const byAddress = analysis.peerByAddress.get(copy.dst) ?? analysis.peerByAddress.get(copy.src);
    if (byAddress) return byAddress;
  }
  return undefined;
}

function ipsecPart(analysis: CaptureAnalysis, packet: Packet): string {
  const peer = peerOfPacket(analysis, packet);
  if (!peer) return '';
  return `**IPsec ${md(peerName(peer))}:** ${md(peerStatus(peer))}.`;
}
