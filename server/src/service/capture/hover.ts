// The hover of a packet line: what the packet is, its other copy and the translation between
// them, the flow it belongs to and which line answers it (or that nothing does).
import type { CaptureAnalysis, Packet } from './analysis';
import { copyEnds, flowName, icmpMeaning, lineRef, packetKind, tcpFlagNames, translationOf } from './describe';
import type { PacketCopy } from './packet';
import { isIcmpError } from './packet';

/** Escapes text for Markdown: masked addresses such as `*.*.*.*` would otherwise turn into emphasis. */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

/** Markdown explaining the packet on a line, or undefined when the line holds no packet. */
export function packetHover(analysis: CaptureAnalysis, line: number): string | undefined {
  const copy = analysis.copyAtLine.get(line);
  if (!copy) return undefined;
  const packet = analysis.packetOf.get(copy)!;
  return [headline(copy), details(copy), otherCopies(packet, copy), flowPart(analysis, packet)].filter((part) => part !== '').join('\n\n');
}

function where(copy: PacketCopy): string {
  return copy.direction === 'in' ? `received by the balancer on port ${copy.port}` : `sent by the balancer on port ${copy.port}`;
}

function headline(copy: PacketCopy): string {
  return `**${md(packetKind(copy))}**, ${where(copy)}\n\n\`${copyEnds(copy)}\` · tick ${copy.tick} · packet id \`${copy.id}\``;
}

function details(copy: PacketCopy): string {
  const facts: string[] = [];
  if (copy.tcp) facts.push(`TCP flags \`${copy.tcp.flags}\` (${tcpFlagNames(copy.tcp.flags)}), seq \`${copy.tcp.seq}\`, ack \`${copy.tcp.ack}\`, ${copy.tcp.length} bytes of data`);
  if (copy.esp) facts.push(`ESP (IP protocol 50): SPI \`${copy.esp.spi}\` names the IPsec SA of this direction; sequence \`${copy.esp.seq}\``);
  if (copy.icmp && isIcmpError(copy)) facts.push(`ICMP type ${copy.icmp.type} code ${copy.icmp.code}: ${icmpMeaning(copy.icmp.type, copy.icmp.code)}`);
  if (!copy.tcp && !copy.esp && !copy.icmp) facts.push(`Protocol \`${copy.protocol}\`${copy.details ? `: ${md(copy.details)}` : ''}`);
  return facts.join('\n\n');
}

function otherCopies(packet: Packet, copy: PacketCopy): string {
  const others = packet.copies.filter((c) => c !== copy);
  if (others.length === 0) {
    const missing = copy.direction === 'in' ? 'no copy of it sent by the balancer' : 'no copy of it received by the balancer';
    return `**Other copy:** none: the dump has ${missing} (same id \`${copy.id}\`).`;
  }
  const lines = others.map((c) => `${lineRef(c)}, ${where(c)}: \`${copyEnds(c)}\``);
  const translation = translationOf(packet);
  const nat =
    translation.length > 0
      ? `**Translation:** ${translation.map((r) => `${r.field} \`${r.before}\` became \`${r.after}\``).join('; ')}.`
      : '**Translation:** none: both copies carry the same addresses and ports.';
  return `**Other copy:** ${lines.join('; ')}\n\n${nat}`;
}

function flowPart(analysis: CaptureAnalysis, packet: Packet): string {
  const flow = analysis.flowOf.get(packet);
  const copy = packet.copies[0];
  const parts: string[] = [];
  if (flow && !isIcmpError(copy)) {
    const lines = flow.packets.flatMap((p) => p.copies.map((c) => c.line + 1));
    const firstLine = lines.reduce((a, b) => Math.min(a, b));
    const lastLine = lines.reduce((a, b) => Math.max(a, b));
    const back = flow.packets.filter((p) => analysis.directionOf.get(p) === 'back').length;
    parts.push(
      `**Flow ${flow.id}:** ${md(flowName(flow))}: ${flow.packets.length} packet${flow.packets.length === 1 ? '' : 's'} (${flow.packets.length - back} forward, ${back} back), lines ${firstLine}–${lastLine}.`,
    );
  }
  const answered = analysis.answers.get(packet);
  if (answered) {
    parts.push(
      isIcmpError(copy)
        ? `**Reports on:** most likely the ${md(packetKind(answered.copies[0]))} at ${lineRef(answered.copies[0])}${flow ? ` (flow ${flow.id}, ${md(flowName(flow))})` : ''}: axdebug does not print the packet an ICMP error quotes, so this is the last packet ${md(copy.dst)} sent before it.`
        : `**Answers:** ${lineRef(answered.copies[0])} (${md(packetKind(answered.copies[0]))}).`,
    );
  }
  const answer = analysis.answeredBy.get(packet);
  if (answer) {
    const kind = isIcmpError(answer.copies[0]) ? 'an ICMP error' : 'the reply';
    parts.push(`**Answered by:** ${lineRef(answer.copies[0])}, ${kind}: ${md(packetKind(answer.copies[0]))}.`);
  } else if (!answered && !isIcmpError(copy)) {
    parts.push(`**Answered by:** nothing in this dump: no packet comes back in this flow after it.`);
  }
  return parts.join('\n\n');
}
