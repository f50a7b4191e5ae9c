// The capture checks: what an expert reading the dump would point at first.
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticOf, rangeOf } from '../diagnostics';
import type { CaptureAnalysis, Packet } from './analysis';
import { copyEnds, flowName, icmpMeaning, icmpName, lineRef, packetKind } from './describe';
import type { PacketCopy } from './packet';
import { isIcmpError, isPrivateAddress } from './packet';
import type { Rule } from '../rules';
import { captureRules } from './rules';

/** How many related locations one diagnostic lists before it says "and N more". */
const MAX_RELATED = 50;
/** How many findings of one rule are reported one by one before the rest are summed up. */
const MAX_FINDINGS_PER_RULE = 20;

/** All findings of a capture dump. */
export function validateCapture(document: TextDocument, analysis: CaptureAnalysis): Diagnostic[] {
  return [
    ...capped(document, captureRules.oneWayEsp, oneWayEsp(document, analysis), 'one-way ESP SAs'),
    ...capped(document, captureRules.untranslatedPrivateSource, untranslatedPrivateSources(document, analysis), 'untranslated private sources'),
    ...capped(document, captureRules.icmpError, icmpErrors(document, analysis), 'kinds of ICMP error'),
    ...unrecognisedLines(document, analysis),
  ];
}

/** Adds a value to the list kept under a key. */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The first findings of a rule one by one, then a single information that sums up the rest,
 * so that a dump with thousands of problems still reads as a short list.
 */
function capped(document: TextDocument, rule: Rule, findings: Iterable<Diagnostic>, what: string): Diagnostic[] {
  const all = [...findings];
  if (all.length <= MAX_FINDINGS_PER_RULE) return all;
  const rest = all.slice(MAX_FINDINGS_PER_RULE);
  const first = document.offsetAt(rest[0].range.start);
  const summary = diagnosticOf(
    document,
    { ...rule, severity: 'information' },
    first,
    first,
    `${rest.length} more ${what} (${rule.code}) from line ${rest[0].range.start.line + 1} on are not reported one by one; the first ${MAX_FINDINGS_PER_RULE} are.`,
  );
  return [...all.slice(0, MAX_FINDINGS_PER_RULE), summary];
}

function related(document: TextDocument, copies: readonly PacketCopy[], say: (copy: PacketCopy) => string): DiagnosticRelatedInformation[] {
  return copies.slice(0, MAX_RELATED).map((copy) => ({
    location: { uri: document.uri, range: rangeOf(document, copy.start, copy.end) },
    message: say(copy),
  }));
}

function andMore(count: number): string {
  return count > MAX_RELATED ? ` (the first ${MAX_RELATED} of ${count} are listed)` : '';
}

/** ESP to a peer, and no ESP from that peer anywhere: reported once per SPI, on its first packet. */
function* oneWayEsp(document: TextDocument, analysis: CaptureAnalysis): Iterable<Diagnostic> {
  const espSources = new Set(analysis.packets.flatMap((p) => p.copies.filter((c) => c.protocol === 'esp').map((c) => c.src)));
  for (const flow of analysis.flows) {
    if (flow.kind !== 'esp') continue;
    const peers = [...flow.responder];
    if (peers.some((peer) => espSources.has(peer))) continue;
    const bySpi = new Map<string, Packet[]>();
    for (const packet of flow.packets) {
      const spi = packet.copies[0].esp?.spi ?? '(no SPI printed)';
      pushTo(bySpi, spi, packet);
    }
    for (const [spi, packets] of bySpi) {
      const first = packets[0].copies[0];
      const others = packets.flatMap((p) => p.copies).filter((c) => c !== first);
      const peer = first.dst;
      const message =
        `One-way IPsec SA: ESP with SPI ${spi} goes from ${first.src} to ${peer} (${packets.length} packet${packets.length === 1 ? '' : 's'}), ` +
        `and no ESP comes back from ${peers.join(' or ')} anywhere in this dump. ` +
        'IKE (phase 1) may report the tunnel up, but phase 2 carries no data. ' +
        'Through a link load balancer this is what a virtual server without a `port 0 others` vport does: ESP (IP protocol 50) is neither translated nor accepted.' +
        andMore(others.length);
      yield diagnosticOf(document, captureRules.oneWayEsp, first.start, first.end, message, {
        relatedInformation: related(document, others, (c) => `${c.direction === 'in' ? 'received' : 'sent'} on port ${c.port}: ${copyEnds(c)} ${packetKind(c)}`),
      });
    }
  }
}

/**
 * A packet received with a private source and sent out on another port with that source:
 * reported once per inside address, protocol and outgoing port, on the first sent copy.
 */
function* untranslatedPrivateSources(document: TextDocument, analysis: CaptureAnalysis): Iterable<Diagnostic> {
  const groups = new Map<string, PacketCopy[]>();
  const translatedBy = new Map<string, { protocols: Set<string>; to: Set<string>; example: PacketCopy }>();
  for (const packet of analysis.packets) {
    const received = packet.copies.find((c) => c.direction === 'in');
    if (!received || !isPrivateAddress(received.src)) continue;
    for (const sent of packet.copies) {
      if (sent.direction !== 'out' || sent.port === received.port) continue;
      if (sent.src === received.src) {
        const key = `${received.src} ${sent.protocol} ${sent.port}`;
        pushTo(groups, key, sent);
      } else {
        const seen = translatedBy.get(received.src) ?? { protocols: new Set<string>(), to: new Set<string>(), example: sent };
        seen.protocols.add(sent.protocol);
        seen.to.add(sent.src);
        translatedBy.set(received.src, seen);
      }
    }
  }
  for (const sent of groups.values()) {
    const first = sent[0];
    const protocol = first.protocol.toUpperCase();
    const contrast = translatedBy.get(first.src);
    const others = contrast ? [...contrast.protocols].filter((p) => p !== first.protocol) : [];
    const because =
      contrast && others.length > 0
        ? ` In this dump the balancer does translate ${first.src}'s ${others.map((p) => p.toUpperCase()).join(' and ')} (to ${[...contrast.to].join(', ')}, ${lineRef(contrast.example)}) but not its ${protocol}: its NAT does not match this protocol.`
        : '';
    const hint = first.protocol === 'tcp' || first.protocol === 'udp' ? '' : ' A `port 0 others` vport on the virtual server makes the balancer translate protocols other than TCP and UDP.';
    const message =
      `${protocol} from private address ${first.src} is sent out on port ${first.port} untranslated (${sent.length} packet${sent.length === 1 ? '' : 's'}): ` +
      'nothing on the other side can answer a private (RFC 1918) address.' +
      because +
      hint +
      andMore(sent.length - 1);
    yield diagnosticOf(document, captureRules.untranslatedPrivateSource, first.start, first.end, message, {
      relatedInformation: related(document, sent.slice(1), (c) => `also sent untranslated: ${copyEnds(c)} ${packetKind(c)}`),
    });
  }
}

/** ICMP errors, reported once per kind of error and flow they report on. */
function* icmpErrors(document: TextDocument, analysis: CaptureAnalysis): Iterable<Diagnostic> {
  const groups = new Map<string, Packet[]>();
  for (const packet of analysis.packets) {
    const copy = packet.copies[0];
    if (!isIcmpError(copy)) continue;
    const flow = analysis.flowOf.get(packet);
    const key = `${copy.icmp!.type}/${copy.icmp!.code} ${flow ? `flow ${flow.id}` : `to ${copy.dst}`}`;
    pushTo(groups, key, packet);
  }
  for (const errors of groups.values()) {
    const first = errors[0].copies[0];
    const { type, code } = first.icmp!;
    const cause = analysis.answers.get(errors[0]);
    const flow = analysis.flowOf.get(errors[0]);
    const about =
      cause && flow
        ? ` It most likely reports on the ${packetKind(cause.copies[0])} at ${lineRef(cause.copies[0])} (${flowName(flow)}): ` +
          `axdebug does not print the packet an ICMP error quotes, so this is the last packet ${first.dst} sent before it.`
        : '';
    const count = errors.length === 1 ? '' : ` (${errors.length} times)`;
    const meaning = icmpMeaning(type, code);
    const why = meaning.includes(' (') ? `: ${meaning.slice(meaning.indexOf(' (') + 2, -1)}` : '';
    const message = `ICMP ${icmpName(type, code)} (type ${type} code ${code}) from ${first.src} to ${first.dst}${count}${why}.${about}`;
    const others = errors.slice(1).map((p) => p.copies[0]);
    yield diagnosticOf(document, captureRules.icmpError, first.start, first.end, message, {
      relatedInformation: [
        ...(cause ? related(document, [cause.copies[0]], (c) => `the packet it most likely reports on: ${copyEnds(c)} ${packetKind(c)}`) : []),
        ...related(document, others, (c) => {
          const reported = analysis.answers.get(analysis.packetOf.get(c)!);
          return `the same error again${reported ? `, after ${lineRef(reported.copies[0])}` : ''}`;
        }),
      ],
    });
  }
}

/** One information per run of lines not understood, and a single summary past the first few runs. */
function* unrecognisedLines(document: TextDocument, analysis: CaptureAnalysis): Iterable<Diagnostic> {
  const runs = analysis.parsed.unrecognised;
  for (const run of runs.slice(0, MAX_FINDINGS_PER_RULE)) {
    const count = run.lastLine - run.firstLine + 1;
    const message =
      count === 1
        ? 'This line is not understood as an axdebug packet or capture command; it is left out of the analysis.'
        : `${count} lines (${run.firstLine + 1}–${run.lastLine + 1}) are not understood as axdebug packets or capture commands; they are left out of the analysis.`;
    yield diagnosticOf(document, captureRules.unrecognisedLines, run.start, Math.min(run.end, run.start + 10_000), message);
  }
  if (runs.length > MAX_FINDINGS_PER_RULE) {
    const rest = runs.slice(MAX_FINDINGS_PER_RULE);
    const lines = rest.reduce((sum, r) => sum + r.lastLine - r.firstLine + 1, 0);
    const first = rest[0];
    yield diagnosticOf(
      document,
      captureRules.unrecognisedLines,
      first.start,
      first.start,
      `${rest.length} more runs of lines not understood (${lines} lines from line ${first.firstLine + 1} on) are left out of the analysis; they are not reported one by one.`,
    );
  }
}
