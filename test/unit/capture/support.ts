// What the capture tests share: a packet copy written as one readable line, so that whole dumps
// can be compared with whole expected readings.
import type { PacketCopy } from '../../../server/src/service/capture/reading/packet';
import { parseCapture } from '../../../server/src/service/capture/reading/parser';
import { CaptureCopyReader } from '../../../server/src/service/capture/reading/pcap';

/** The copies of a file read straight from its bytes, and why reading stopped early, if it did. */
export function copiesOf(
  file: Uint8Array,
  chunk = file.length,
): { copies: PacketCopy[]; fault: string | undefined } {
  const copies: PacketCopy[] = [];
  const reader = new CaptureCopyReader((copy) => copies.push(copy));
  for (let at = 0; at < file.length; at += chunk)
    if (!reader.push(file.subarray(at, at + chunk))) break;
  return { copies, fault: reader.end() };
}

/** A copy without where it is written (lines, offsets) or its free text: what the analysis reads. */
export function fieldsOf(copy: PacketCopy): Record<string, unknown> {
  const { line, endLine, start, headEnd, end, details, ...fields } = copy;
  void [line, endLine, start, headEnd, end, details];
  return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
}

/** `ADDRESS.PORT` as tcpdump writes an end. */
function end(address: string, port: number | undefined): string {
  return port === undefined ? address : `${address}.${port}`;
}

/**
 * A copy as one line: `LINE[-END] · protocol · src > dst · direction · via · vs · id · details`,
 * e.g. `22-23 · tcp · 10.0.0.1.40000 > 10.0.0.2.80 · in · via slot1/tmm1 · [S] seq 4000000000 len 0`.
 */
export function reading(c: PacketCopy): string {
  const parts = [`${c.line + 1}${c.endLine !== c.line ? `-${c.endLine + 1}` : ''}`, c.protocol];
  if (c.src !== '' || c.dst !== '')
    parts.push(`${end(c.src, c.srcPort)} > ${end(c.dst, c.dstPort)}`);
  if (c.direction) parts.push(c.direction);
  if (c.via) parts.push(`via ${c.via}`);
  if (c.linkType) parts.push(c.linkType);
  if (c.virtualServer) parts.push(`vs ${c.virtualServer}`);
  if (c.ipId !== undefined) parts.push(`id ${c.ipId}`);
  if (c.tcp)
    parts.push(
      `[${c.tcp.flags}]${c.tcp.seq ? ` seq ${c.tcp.seq}` : ''}${c.tcp.ack ? ` ack ${c.tcp.ack}` : ''} len ${c.tcp.length}`,
    );
  if (c.esp) parts.push(`esp ${c.esp.spi} ${c.esp.seq}${c.esp.encapsulated ? ' in udp' : ''}`);
  if (c.ah) parts.push(`ah ${c.ah.spi} ${c.ah.seq}`);
  if (c.ike) {
    const ike = c.ike;
    parts.push(
      `ike v${ike.version ?? '?'} phase ${ike.phase ?? '?'} ${ike.exchange || '-'} ${ike.role ?? '-'}${ike.natTraversal ? ' nat-t' : ''}${ike.keepalive ? ' keepalive' : ''}`,
    );
  }
  if (c.icmp) {
    const q = c.icmp.quoted;
    const quoted = q
      ? ` quotes ${q.protocol ?? '?'} ${q.src !== undefined ? `${end(q.src, q.srcPort)} > ` : ''}${end(q.dst, q.dstPort)}${q.ipId !== undefined ? ` id ${q.ipId}` : ''}`
      : '';
    parts.push(
      `icmp ${c.icmp.type}/${c.icmp.code}${c.icmp.id !== undefined ? ` id ${c.icmp.id}` : ''}${c.icmp.seq !== undefined ? ` seq ${c.icmp.seq}` : ''}${c.icmp.mtu !== undefined ? ` mtu ${c.icmp.mtu}` : ''}${quoted}`,
    );
  }
  if (c.arp) parts.push(`arp ${c.arp.operation}${c.arp.mac ? ` ${c.arp.mac}` : ''}`);
  for (const layer of c.encapsulation ?? []) {
    const outer =
      layer.src !== ''
        ? ` ${end(layer.src, layer.srcPort)} > ${end(layer.dst, layer.dstPort)}`
        : '';
    const id = layer.ipId !== undefined ? ` id ${layer.ipId}` : '';
    parts.push(`in ${layer.kind}${layer.id ? ` ${layer.id}` : ''}${outer}${id}`);
  }
  return parts.join(' · ');
}

/** Every copy of a dump as a reading, and the runs of lines not understood (1-based). */
export function readingsOf(text: string): {
  dialect: string | undefined;
  copies: string[];
  unrecognised: string[];
} {
  const parsed = parseCapture(text);
  return {
    dialect: parsed.dialect,
    copies: parsed.copies.map(reading),
    unrecognised: parsed.unrecognised.map((r) =>
      r.firstLine === r.lastLine ? `${r.firstLine + 1}` : `${r.firstLine + 1}-${r.lastLine + 1}`,
    ),
  };
}
