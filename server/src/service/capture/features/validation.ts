// The capture checks: what an expert reading the dump would point at first. Findings of one
// kind are grouped (per SPI, per peer, per server, per kind of error) and summed up past twenty,
// so a dump with thousands of problems still reads as a short list.
import * as l10n from '@vscode/l10n';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { diagnosticIn } from '../../diagnostics';
import { type Rule, ruleDocumentation } from '../../rules';
import type { CaptureAnalysis } from '../engine/analysis';
import { hasFlag } from '../engine/connections';
import { type IpsecState, stateFrom } from '../engine/ipsec';
import { type FlowRef, forEachPacketEvent } from '../engine/packetEvents';
import {
  copyEnds,
  count,
  flowNameOf,
  icmpMeaning,
  icmpName,
  lineRef,
  packetKind,
  whereSeen,
} from './describe';
import {
  type CheckFacts,
  CheckFolder,
  type ConnectionFacts,
  type PeerFacts,
  protocolOf,
  KEPT,
  type Repeat,
} from './checkFacts';
import type { PacketCopy } from '../reading/packet';
import { endpoint, isPrivateAddress, mayBeSameAddress } from '../reading/packet';
import { captureRules } from './rules';

/** How many related locations one diagnostic lists before it says "and N more". */
const MAX_RELATED = 50;
/** How many findings of one rule are reported one by one before the rest are summed up. */
const MAX_FINDINGS_PER_RULE = 20;

/** A copy's first line as a range: the parser knows its line, and that the copy starts the line. */
export function headRange(copy: PacketCopy): Range {
  return {
    start: { line: copy.line, character: 0 },
    end: { line: copy.line, character: copy.headEnd - copy.start },
  };
}

/** What the checks need of an analysed dump (the editor's path; the command line streams, streaming.ts). */
export function checkFactsOf(analysis: CaptureAnalysis): CheckFacts {
  const folder = new CheckFolder();
  forEachPacketEvent(analysis, (event) => folder.packet(event));
  for (const run of analysis.parsed.unrecognised) folder.run(run);
  return folder.finish(analysis.parsed.dialect);
}

/** All findings of a capture dump. */
export function validateCapture(document: TextDocument, analysis: CaptureAnalysis): Diagnostic[] {
  return validateCaptureFacts(document.uri, checkFactsOf(analysis));
}

/** How far a peer got (ipsec.ts ipsecState, from the facts). */
function stateOf(peer: PeerFacts): IpsecState {
  const dataOut = peer.sas.some((sa) => sa.direction === 'out') || peer.ahOut;
  const dataBack = peer.sas.some((sa) => sa.direction === 'back') || peer.ahBack;
  return stateFrom(dataOut, dataBack, peer.ike);
}

/** All findings of a capture dump, from what the checks need of it (checkFacts.ts). */
export function validateCaptureFacts(uri: string, facts: CheckFacts): Diagnostic[] {
  const check = new Checker(uri, facts);
  return [
    ...check.capped(captureRules.oneWayEsp, check.oneWayEsp(), l10n.t('one-way ESP SAs')),
    ...check.capped(
      captureRules.tunnelUpNoData,
      check.tunnelUpNoData(),
      l10n.t('peers with the tunnel up and no data'),
    ),
    ...check.capped(
      captureRules.untranslatedPrivateSource,
      check.untranslatedPrivateSources(),
      l10n.t('untranslated private sources'),
    ),
    ...check.capped(
      captureRules.ikeEspSplit,
      check.ikeEspSplits(),
      l10n.t('peers reached through split addresses'),
    ),
    ...check.capped(
      captureRules.ahThroughNat,
      check.ahThroughNat(),
      l10n.t('peers with AH through NAT'),
    ),
    ...check.capped(
      captureRules.synWithoutSynAck,
      check.synsWithoutSynAck(),
      l10n.t('servers that answer no SYN'),
    ),
    ...check.capped(
      captureRules.connectionReset,
      check.connectionsReset(),
      l10n.t('servers with reset connections'),
    ),
    ...check.capped(captureRules.icmpError, check.icmpErrors(), l10n.t('kinds of ICMP error')),
    ...check.capped(
      captureRules.retransmission,
      check.retransmissions(),
      l10n.t('flows with retransmissions'),
    ),
    ...check.unrecognisedLines(),
  ];
}

function andMore(count: number): string {
  return count > MAX_RELATED ? l10n.t` (the first ${MAX_RELATED} of ${count} are listed)` : '';
}

/** A finding written only when it is reported: a check yields one per problem it sees, and most of a large dump's are only counted. */
type LazyFinding = () => Diagnostic;

/** The checks, sharing the document's uri and its facts. */
class Checker {
  constructor(
    private readonly uri: string,
    private readonly facts: CheckFacts,
  ) {}

  /** A finding of a rule on a copy's first line (or any range), linked to the rule's page. */
  private finding(
    rule: Rule,
    at: PacketCopy | Range,
    message: string,
    related: DiagnosticRelatedInformation[] = [],
  ): Diagnostic {
    const range = 'headEnd' in at ? headRange(at) : at;
    return diagnosticIn(range, rule, message, {
      relatedInformation: related,
      href: ruleDocumentation(rule),
    });
  }

  private related(
    copies: readonly PacketCopy[],
    say: (copy: PacketCopy) => string,
  ): DiagnosticRelatedInformation[] {
    return this.relatedOf(copies, (copy) => copy, say);
  }

  private relatedOf<T>(
    items: readonly T[],
    copyOf: (item: T) => PacketCopy,
    say: (item: T) => string,
  ): DiagnosticRelatedInformation[] {
    return items.slice(0, MAX_RELATED).map((item) => ({
      location: { uri: this.uri, range: headRange(copyOf(item)) },
      message: say(item),
    }));
  }

  /**
   * The first findings of a rule one by one, then a single information that sums up the rest,
   * so that a dump with thousands of problems still reads as a short list.
   */
  capped(rule: Rule, findings: Iterable<LazyFinding>, what: string): Diagnostic[] {
    const all: Diagnostic[] = [];
    let rest = 0;
    let firstRest: Diagnostic | undefined;
    for (const finding of findings) {
      if (all.length < MAX_FINDINGS_PER_RULE) {
        all.push(finding());
      } else {
        rest++;
        // Only counted: the rest's messages are never written (a dump may have thousands).
        firstRest ??= finding();
      }
    }
    if (!firstRest) return all;
    const summary = this.finding(
      { ...rule, severity: 'information' },
      { start: firstRest.range.start, end: firstRest.range.start },
      l10n.t`${rest} more ${what} (${rule.code}) from line ${firstRest.range.start.line + 1} on are not reported one by one; the first ${MAX_FINDINGS_PER_RULE} are.`,
    );
    return [...all, summary];
  }

  /** ESP one way only between a local end and its peer: reported once per SPI, on its first packet. */
  *oneWayEsp(): Iterable<LazyFinding> {
    for (const peer of this.facts.peers) {
      const out = peer.sas.filter((sa) => sa.direction === 'out');
      const back = peer.sas.filter((sa) => sa.direction === 'back');
      if (out.length > 0 && back.length > 0) continue;
      const state = stateOf(peer);
      for (const sa of [...out, ...back]) {
        yield () => {
          const first = sa.copies.items[0];
          const others = sa.copies.items.slice(1);
          const peerAddress = peer.remote.join(l10n.t(' or '));
          const ikeAnswered =
            state === 'tunnel-up-no-data'
              ? l10n.t` IKE with ${peerAddress} is answered in this dump: "tunnel up, no data".`
              : l10n.t(' IKE (phase 1) may report the tunnel up, but phase 2 carries no data.');
          const translated = sa.translated;
          const why = sa.encapsulated
            ? l10n.t(
                ' This ESP travels in UDP 4500 (NAT traversal), which a `port 0 udp` vport does carry: look at the way back, and at the peer.',
              )
            : translated
              ? l10n.t` The balancer does translate this ESP (to ${translated.src}, ${lineRef(translated)}): the peer does not answer it, or its answer is not let back in. A peer drops ESP from any address but the one IKE came from (lbcap/ike-esp-split).`
              : l10n.t(
                  ' Through a link load balancer this is what a virtual server without a `port 0 others` vport does: ESP (IP protocol 50) is neither translated nor accepted.',
                );
          const message =
            sa.direction === 'out'
              ? l10n.t`One-way IPsec SA: ESP with SPI ${sa.spi} goes from ${first.src} to ${first.dst} (${count(sa.packets.count, 'packet')}), and no ESP comes back from ${peerAddress} anywhere in this dump.${ikeAnswered}${why}${andMore(sa.copies.count - 1)}`
              : l10n.t`One-way IPsec SA: ESP with SPI ${sa.spi} comes from ${first.src} to ${first.dst} (${count(sa.packets.count, 'packet')}), and no ESP goes back to ${peerAddress} anywhere in this dump: the local end does not answer (or the dump misses that side).${andMore(sa.copies.count - 1)}`;
          return this.finding(
            captureRules.oneWayEsp,
            first,
            message,
            this.related(others, (c) =>
              l10n.t('{0}: {1} {2}', whereSeen(c), copyEnds(c), packetKind(c)),
            ),
          );
        };
      }
    }
  }

  /** IKE answered both ways and no ESP back from the peer: once per peer, on its first IKE packet. */
  *tunnelUpNoData(): Iterable<LazyFinding> {
    for (const peer of this.facts.peers) {
      if (stateOf(peer) !== 'tunnel-up-no-data') continue;
      const first = peer.ikeFirst;
      if (first === undefined) continue;
      yield () => {
        const remote = peer.remote.join(l10n.t(' or '));
        const phase2 = peer.ike.phase2 > 0 ? l10n.t(', phase 2 negotiated') : '';
        const out = peer.sas.filter((sa) => sa.direction === 'out');
        const esp =
          out.length > 0
            ? l10n.t` ESP goes out under ${out.map((sa) => `SPI ${sa.spi} (${count(sa.packets.count, 'packet')}, ${lineRef(sa.packets.items[0])})`).join(', ')} and none comes back.`
            : l10n.t(' No ESP goes out either: the SAs carry no data in this dump.');
        const message = l10n.t(
          'Tunnel up, no data: IKE with {0} is answered ({1} out, {2} back{3}), yet no ESP comes back from {4} anywhere in this dump.{5} The peer builds its SAs on the address IKE came from: ESP must leave by the same link with the same public address, and be let back in. A virtual server with `port 0 udp` but no `port 0 others` translates IKE (UDP) and not ESP (IP protocol 50).',
          remote,
          peer.ike.out,
          peer.ike.back,
          phase2,
          remote,
          esp,
        );
        const back = peer.ikeBack.items;
        const espOut = out.flatMap((sa) => sa.packets.items.slice(0, 5));
        return this.finding(captureRules.tunnelUpNoData, first, message, [
          ...this.related(
            back.slice(0, 5),
            (c) => l10n.t`IKE answered: ${copyEnds(c)} ${packetKind(c)}`,
          ),
          ...this.related(
            espOut.slice(0, 5),
            (c) => l10n.t`ESP out, never answered: ${copyEnds(c)} ${packetKind(c)}`,
          ),
        ]);
      };
    }
  }

  /**
   * A packet received with a private source and sent out with that source: reported once per
   * inside address, protocol and way out, on the first sent copy. axdebug tells the ports; in
   * tcpdump the in/out marks of F5 or `-i any` tell, and a copy only seen going out counts when
   * the dump shows the same host translated otherwise.
   */
  *untranslatedPrivateSources(): Iterable<LazyFinding> {
    for (const sample of this.facts.untranslated.values()) {
      yield () => {
        const sent = sample.items;
        const first = sent[0];
        const protocol = protocolOf(first);
        const name = protocol.toUpperCase();
        const contrast = this.facts.translatedHosts.get(first.src);
        const others = contrast ? [...contrast.protocols].filter((p) => p !== protocol) : [];
        const because =
          contrast && others.length > 0
            ? l10n.t` In this dump the balancer does translate ${first.src}'s ${others.map((p) => p.toUpperCase()).join(l10n.t(' and '))} (to ${[...contrast.to].join(', ')}, ${lineRef(contrast.example)}) but not its ${name}: its NAT does not match this protocol.`
            : '';
        const hint =
          protocol === 'tcp' || protocol === 'udp'
            ? ''
            : l10n.t(
                ' A `port 0 others` vport on the virtual server makes the balancer translate protocols other than TCP and UDP.',
              );
        const way =
          first.port !== undefined
            ? l10n.t`out on port ${first.port}`
            : first.via
              ? l10n.t`out on ${first.via}`
              : l10n.t('out');
        const message =
          l10n.t`${name} from private address ${first.src} is sent ${way} untranslated (${count(sample.count, 'packet')}): nothing on the other side can answer a private (RFC 1918) address.` +
          because +
          hint +
          andMore(sample.count - 1);
        return this.finding(
          captureRules.untranslatedPrivateSource,
          first,
          message,
          this.related(
            sent.slice(1),
            (c) => l10n.t`also sent untranslated: ${copyEnds(c)} ${packetKind(c)}`,
          ),
        );
      };
    }
  }

  /** IKE and ESP with one peer from different addresses: once per peer, on the first ESP packet from an address IKE never used. */
  *ikeEspSplits(): Iterable<LazyFinding> {
    for (const peer of this.facts.peers) {
      const ikeFirst = peer.ikeFacingCopy;
      if (ikeFirst === undefined) continue;
      const ikeAddresses = peer.ikeFacing;
      const oddAddress = [...peer.espFacing.keys()].find(
        (address) => !ikeAddresses.some((i) => mayBeSameAddress(i, address)),
      );
      if (oddAddress === undefined) continue;
      yield () => {
        const odd = { address: oddAddress, copy: peer.espFacing.get(oddAddress)! };
        const inside = peer.local.filter((a) => isPrivateAddress(a) && !ikeAddresses.includes(a));
        const host =
          inside.length > 0 ? l10n.t` Both come from inside host ${inside.join(', ')}.` : '';
        const untranslated = isPrivateAddress(odd.address) ? l10n.t(' untranslated') : '';
        const message = l10n.t(
          'IKE and ESP reach peer {0} from different addresses: IKE as {1}, {2}; ESP as {3}{4}, {5}.{6} The peer builds its SAs on the IKE address and drops ESP from any other ("tunnel up, no data"): send both by the same link and NAT pool (source-IP persistence), or give ESP a `port 0 others` vport with the same source NAT as IKE.',
          peer.remote.join(', '),
          ikeAddresses.join(', '),
          lineRef(ikeFirst),
          odd.address,
          untranslated,
          lineRef(odd.copy),
          host,
        );
        return this.finding(
          captureRules.ikeEspSplit,
          odd.copy,
          message,
          this.related(
            [ikeFirst],
            (c) => l10n.t`IKE leaves as ${c.src}: ${copyEnds(c)} ${packetKind(c)}`,
          ),
        );
      };
    }
  }

  /** AH between peers with a NAT in the path: once per peer, on its first AH packet. */
  *ahThroughNat(): Iterable<LazyFinding> {
    for (const peer of this.facts.peers) {
      if (peer.ah === 0) continue;
      const translatedAh = peer.translatedAh;
      const evidence = translatedAh ?? peer.translated ?? peer.natTraversalPacket;
      if (!evidence) continue;
      yield () => {
        const first = (translatedAh ?? peer.firstAh!).copies[0];
        const shown =
          evidence.copies.length > 1
            ? evidence.copies[evidence.copies.length - 1]
            : evidence.copies[0];
        const how =
          evidence === translatedAh
            ? l10n.t`the balancer rewrites its addresses (${copyEnds(evidence.copies[0])} became ${copyEnds(shown)}, ${lineRef(shown)})`
            : evidence.copies.length > 1
              ? l10n.t`a NAT is in the path (${packetKind(evidence.copies[0])} between these peers is translated, ${lineRef(shown)})`
              : l10n.t`the peers use NAT traversal (${packetKind(shown)}, ${lineRef(shown)}), so a NAT is in the path`;
        const message = l10n.t`AH through NAT: AH (IP protocol 51) to peer ${peer.remote.join(', ')} (${count(peer.ah, 'packet')}) cannot work here: ${how}. AH's integrity check covers the IP addresses, so the peer drops every translated packet (RFC 3715 2.1). Use ESP, with NAT traversal (UDP 4500) where a NAT is in the path.`;
        return this.finding(
          captureRules.ahThroughNat,
          first,
          message,
          this.related(
            [shown].filter((c) => c !== first),
            (c) => l10n.t`the translation: ${copyEnds(c)} ${packetKind(c)}`,
          ),
        );
      };
    }
  }

  /** The server end of a TCP connection: where its SYN goes, else the end with the lower port (a service's). */
  private serverOf(connection: ConnectionFacts): string {
    if (connection.server !== undefined) return connection.server;
    const copy = connection.flow.first;
    return (copy.srcPort ?? 0) < (copy.dstPort ?? 0)
      ? endpoint(copy.src, copy.srcPort)
      : endpoint(copy.dst, copy.dstPort);
  }

  /** Connections opened and never accepted nor refused: once per server end, on the first SYN. */
  *synsWithoutSynAck(): Iterable<LazyFinding> {
    const groups = new Map<
      string,
      {
        first: ConnectionFacts;
        syns: PacketCopy[];
        count: number;
        connections: number;
        error: PacketCopy | undefined;
      }
    >();
    for (const connection of this.facts.connections) {
      if (connection.syns.count === 0 || connection.synAcks > 0 || connection.resets > 0) continue;
      const server = this.serverOf(connection);
      let group = groups.get(server);
      if (!group)
        groups.set(
          server,
          (group = { first: connection, syns: [], count: 0, connections: 0, error: undefined }),
        );
      for (const syn of connection.syns.items) if (group.syns.length < KEPT) group.syns.push(syn);
      group.count += connection.syns.count;
      group.connections++;
      group.error ??= connection.firstError;
    }
    for (const [server, group] of groups) {
      yield () => {
        const first = group.syns[0];
        const client = first.src;
        const translated = group.first.synTranslated;
        const as = translated
          ? l10n.t` (it leaves as ${endpoint(translated.src, translated.srcPort)}, ${lineRef(translated)})`
          : '';
        const one = group.connections === 1;
        // An ICMP error is an answer of sorts: it says why, so the guesses are left out.
        const outcome =
          group.error !== undefined
            ? one
              ? l10n.t`gets neither a SYN-ACK nor a reset in this dump${as}. An ICMP error comes back instead (${lineRef(group.error)}), which says why.`
              : l10n.t`get neither a SYN-ACK nor a reset in this dump${as}. An ICMP error comes back instead (${lineRef(group.error)}), which says why.`
            : one
              ? l10n.t`gets no answer anywhere in this dump${as}. Nothing accepts or refuses it: the server is down or filtered, or its answer takes another path back.`
              : l10n.t`get no answer anywhere in this dump${as}. Nothing accepts or refuses them: the server is down or filtered, or its answer takes another path back.`;
        const message = l10n.t`No SYN-ACK: ${count(group.connections, 'connection')} from ${client} to ${server} (${count(group.count, 'SYN')}) ${outcome}`;
        const others = group.syns.slice(1);
        return this.finding(
          captureRules.synWithoutSynAck,
          first,
          message,
          this.related(others, (c) => l10n.t`SYN unanswered: ${copyEnds(c)}`),
        );
      };
    }
  }

  /** Reset connections: once per server end, on the first reset. */
  *connectionsReset(): Iterable<LazyFinding> {
    const groups = new Map<
      string,
      { resets: PacketCopy[]; refused: number; cutAfter: number[]; by: Set<string> }
    >();
    for (const connection of this.facts.connections) {
      const reset = connection.firstReset;
      if (!reset) continue;
      const after = connection.before;
      const refused = after > 0 && connection.onlySyns && !hasFlag(reset.tcp!.flags, 'S');
      const server = this.serverOf(connection);
      const group = groups.get(server) ?? {
        resets: [],
        refused: 0,
        cutAfter: [],
        by: new Set<string>(),
      };
      group.resets.push(reset);
      if (refused) group.refused++;
      else group.cutAfter.push(after);
      group.by.add(endpoint(reset.src, reset.srcPort));
      groups.set(server, group);
    }
    for (const [server, group] of groups) {
      yield () => {
        const first = group.resets[0];
        const cut = group.cutAfter.length;
        const parts = [
          group.refused > 0
            ? l10n.t`${group.refused} refused (RST instead of SYN-ACK: nothing listens there, or a filter answers for it)`
            : '',
          cut > 0
            ? l10n.t`${cut} reset after ${afterCounts(group.cutAfter)} (cut off, not refused)`
            : '',
        ].filter((p) => p !== '');
        const message = l10n.t`${count(group.resets.length, 'connection')} to ${server} reset: ${parts.join(', ')}. Reset by ${[...group.by].slice(0, 5).join(', ')}.`;
        const others = group.resets.slice(1);
        return this.finding(
          captureRules.connectionReset,
          first,
          message,
          this.related(others, (c) => l10n.t`reset: ${copyEnds(c)} ${packetKind(c)}`),
        );
      };
    }
  }

  /** ICMP errors, reported once per kind of error and flow they report on (a traceroute's answers as information). */
  *icmpErrors(): Iterable<LazyFinding> {
    for (const sample of this.facts.errors.values()) {
      yield () => {
        const errors = sample.items;
        const first = errors[0].copy;
        const { type, code } = first.icmp!;
        const cause = errors[0].cause;
        const flow = errors[0].flow;
        const quoted = first.icmp!.quoted?.src !== undefined;
        let about = '';
        if (flow && quoted) {
          about = cause
            ? l10n.t` It reports on flow ${flow.id} (${nameOf(flow)}): the error quotes its packet, ${lineRef(cause)}.`
            : l10n.t` It reports on flow ${flow.id} (${nameOf(flow)}): the error quotes its packet.`;
        } else if (quoted) {
          const q = first.icmp!.quoted!;
          about = l10n.t` It quotes ${q.protocol ?? 'ip'} ${endpoint(q.src!, q.srcPort)} → ${endpoint(q.dst, q.dstPort)}, a flow this dump does not hold.`;
        } else if (!cause && first.icmp!.quoted) {
          const to = first.icmp!.quoted.dst;
          about = l10n.t` It is about what ${first.dst} sends to ${to}, and no packet ${first.dst} sent to ${to} comes shortly before it in this dump.`;
        } else if (cause && flow) {
          const why =
            first.dialect === 'axdebug'
              ? l10n.t('axdebug does not print the packet an ICMP error quotes')
              : l10n.t('tcpdump prints the quoted packet only with -v');
          about = l10n.t` It most likely reports on the ${packetKind(cause)} at ${lineRef(cause)} (${nameOf(flow)}): ${why}, so this is the last packet ${first.dst} sent before it.`;
        }
        const times = sample.count === 1 ? '' : l10n.t` (${sample.count} times)`;
        // A traceroute asks for these answers: a hop on the path, or the end of it reached.
        const probe = tracerouteProbe(first, cause);
        const hop = probe !== undefined && type === 11 && code === 0;
        const arrived = probe !== undefined && type === 3 && code === 3;
        const meaning = icmpMeaning(type, code);
        const why = hop
          ? l10n.t`: the answer a traceroute asks for (its probe to UDP port ${probe}): ${first.src} is a hop on the path, not a fault`
          : arrived
            ? l10n.t`: the answer a traceroute's last probe asks for (UDP port ${probe}): the trace reached its destination`
            : meaning.includes(' (')
              ? l10n.t(': {0}', meaning.slice(meaning.indexOf(' (') + 2, -1))
              : '';
        const mtu =
          first.icmp!.mtu !== undefined
            ? l10n.t` The next hop takes ${first.icmp!.mtu} bytes.`
            : '';
        const message = l10n.t`${first.protocol === 'icmp6' ? 'ICMPv6' : 'ICMP'} ${icmpName(type, code)} (type ${type} code ${code}) from ${first.src} to ${first.dst}${times}${why}.${mtu}${about}`;
        const others = errors.slice(1);
        // What a traceroute asks for is information, not a warning.
        const rule =
          hop || arrived
            ? { ...captureRules.icmpError, severity: 'information' as const }
            : captureRules.icmpError;
        return this.finding(rule, first, message, [
          ...(cause
            ? this.related([cause], (c) =>
                quoted
                  ? l10n.t`the packet it reports on: ${copyEnds(c)} ${packetKind(c)}`
                  : l10n.t`the packet it most likely reports on: ${copyEnds(c)} ${packetKind(c)}`,
              )
            : []),
          ...this.relatedOf(
            others,
            (e) => e.copy,
            (e) =>
              e.cause
                ? l10n.t`the same error again, after ${lineRef(e.cause)}`
                : l10n.t('the same error again'),
          ),
        ]);
      };
    }
  }

  /** Segments sent again: once per flow, on the first repeat. */
  *retransmissions(): Iterable<LazyFinding> {
    for (const connection of this.facts.connections) {
      const { repeats, total } = repeatsOf(connection);
      if (total === 0) continue;
      yield () => {
        const first = repeats[0].copy;
        const message = l10n.t`${count(total, 'TCP segment')} of flow ${connection.flow.id} (${nameOf(connection.flow)}) sent again with the same sequence number: the segment or its acknowledgement was lost on the way. The first, ${lineRef(first)}, repeats ${l10n.t`line ${repeats[0].original + 1}`}.`;
        const others = repeats.slice(1).map((r) => r.copy);
        return this.finding(
          captureRules.retransmission,
          first,
          message,
          this.related(others, (c) => l10n.t`sent again: ${copyEnds(c)} ${packetKind(c)}`),
        );
      };
    }
  }

  /** One information per run of lines not understood, and a single summary past the first few runs. */
  *unrecognisedLines(): Iterable<Diagnostic> {
    const { runs, rest, restLines, restFirst } = this.facts.unrecognised;
    const dialect = this.facts.dialect;
    const [one, many] =
      dialect === 'axdebug'
        ? [l10n.t('an axdebug packet'), l10n.t('axdebug packets')]
        : dialect === 'tcpdump'
          ? [l10n.t('a tcpdump packet'), l10n.t('tcpdump packets')]
          : [l10n.t('an axdebug or tcpdump packet'), l10n.t('axdebug or tcpdump packets')];
    for (const run of runs) {
      const lines = run.lastLine - run.firstLine + 1;
      const message =
        lines === 1
          ? l10n.t`This line is not understood as ${one} or capture command; it is left out of the analysis.`
          : l10n.t`${lines} lines (${run.firstLine + 1}–${run.lastLine + 1}) are not understood as ${many} or capture commands; they are left out of the analysis.`;
      const end =
        run.lastLine === run.firstLine ? Math.min(run.lastLength, 10_000) : run.lastLength;
      yield this.finding(
        captureRules.unrecognisedLines,
        {
          start: { line: run.firstLine, character: 0 },
          end: { line: run.lastLine, character: end },
        },
        message,
      );
    }
    if (restFirst !== undefined) {
      const first = restFirst;
      const lines = restLines;
      yield this.finding(
        captureRules.unrecognisedLines,
        {
          start: { line: first.firstLine, character: 0 },
          end: { line: first.firstLine, character: 0 },
        },
        l10n.t`${rest} more runs of lines not understood (${lines} lines from line ${first.firstLine + 1} on) are left out of the analysis; they are not reported one by one.`,
      );
    }
  }
}

/** The UDP ports classic and Linux traceroute send their probes to (33434 on, a few per hop). */
const TRACEROUTE_PORTS = { first: 33434, last: 33534 };

/**
 * The destination port of the traceroute probe an ICMP error answers, when it answers one: the
 * UDP packet it quotes, or the one it most likely reports on, to a traceroute port; else undefined.
 */
function tracerouteProbe(error: PacketCopy, cause: PacketCopy | undefined): number | undefined {
  const quoted = error.icmp!.quoted;
  const port =
    quoted?.protocol === 'udp'
      ? quoted.dstPort
      : !quoted && cause?.protocol === 'udp'
        ? cause.dstPort
        : undefined;
  return port !== undefined && port >= TRACEROUTE_PORTS.first && port <= TRACEROUTE_PORTS.last
    ? port
    : undefined;
}

/** `5 packets`, `3, 5 and 12 packets`: how many packets each connection had before its reset, smallest first. */
function afterCounts(counts: readonly number[]): string {
  const sorted = [...counts].sort((a, b) => a - b);
  if (sorted.length === 1) return count(sorted[0], 'packet');
  return `${sorted.slice(0, -1).join(', ')} and ${sorted.at(-1)} packets`;
}

/** A flow's name (describe.ts flowName), from its first copy. */
function nameOf(flow: FlowRef): string {
  return flowNameOf(flow.kind, flow.first);
}

/**
 * A connection's segments sent again, in order: a SYN sent again counts only when the SYN was
 * answered (else the "no SYN-ACK" finding says it), the rest always.
 */
function repeatsOf(connection: ConnectionFacts): { repeats: Repeat[]; total: number } {
  const others = connection.otherRepeats;
  if (connection.synAcks === 0) return { repeats: others.items, total: others.count };
  const syns = connection.synRepeats;
  const repeats = [...syns.items, ...others.items]
    .sort((a, b) => a.copy.line - b.copy.line)
    .slice(0, KEPT);
  return { repeats, total: syns.count + others.count };
}
