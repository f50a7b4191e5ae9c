// Capture findings that a configuration of the workspace explains. One-way ESP, "tunnel up, no
// data" and ESP (or another protocol that is neither TCP nor UDP) leaving untranslated are what a
// VIP without `port 0 others` does; when such a VIP handled the finding's traffic, the finding
// says so, points at the VIP's line in its file and carries the fix that edits that file. When
// the VIP has `others` by now, the dump was taken before the change and the finding says that.
import * as l10n from '@vscode/l10n';
import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { CaptureAnalysis, Packet } from '../capture/engine/analysis';
import type { CheckFacts } from '../capture/features/checkFacts';
import { receivedCopy } from '../capture/features/describe';
import type { PacketCopy } from '../capture/reading/packet';
import { captureRules } from '../capture/features/rules';
import { fileName, type IndexedConfig } from '../config/symbols';
import { withSentence } from '../diagnostics';
import { explainSplit } from './ikeEspSplit';
import { type AddOthersFixData, missingVportFindings, UnservedFolder } from './missingVports';
import {
  describeMatch,
  matchingVips,
  onDevice,
  type SeenAddress,
  type VipMatch,
  vipPlace,
} from './vipMatch';

export type { AddOthersFixData } from './missingVports';

/** How many matching VIPs a finding lists as related information. */
const MAX_VIPS = 10;

/** The capture rules whose findings a missing `port 0 others` explains. */
const EXPLAINED: ReadonlySet<string> = new Set([
  captureRules.oneWayEsp.code,
  captureRules.tunnelUpNoData.code,
  captureRules.untranslatedPrivateSource.code,
]);

/**
 * The capture's findings with what the configurations say of them: each finding a matching VIP
 * explains gets the VIP (and every other match) as related information and, while the strongest
 * match lacks `port 0 others`, the fix in its data. Findings nothing explains are returned as they are.
 */
export function joinCaptureFindings(
  diagnostics: readonly Diagnostic[],
  facts: CheckFacts,
  joinFacts: JoinFacts,
  sites: readonly IndexedConfig[],
): Diagnostic[] {
  if (sites.length === 0) return [...diagnostics];
  const joined = diagnostics.map((diagnostic) => {
    if (diagnostic.code === captureRules.ikeEspSplit.code)
      return explainSplit(diagnostic, facts, sites);
    const seen = addressesBehind(diagnostic, facts, joinFacts.sources);
    if (!seen) return diagnostic;
    const matches = matchingVips(sites, seen);
    if (matches.length === 0) return diagnostic;
    // ESP the balancer did translate went through an `others` vport: when every matching VIP
    // has one, the dump is not older than the configuration, and the cause lies elsewhere (a
    // split across pools, the peer, the way back).
    if (matches.every((m) => m.vip.hasOthers) && espTranslated(diagnostic, facts))
      return diagnostic;
    return explained(diagnostic, matches);
  });
  return [...joined, ...missingVportFindings(joinFacts.unserved, sites)];
}

/** What the join needs of a dump's packets beyond the checks' facts: the translated sources and the traffic to each address. */
export interface JoinFacts {
  readonly sources: ReadonlyMap<string, readonly SeenAddress[]>;
  readonly unserved: UnservedFolder;
}

/** Folds a dump's packets, in order, into JoinFacts (as CheckFolder folds them into CheckFacts). */
export class JoinFolder {
  private readonly sources = new Map<string, SeenAddress[]>();
  private readonly unserved = new UnservedFolder();

  /** With `unserved` false, only the translated sources (what Explain lists without a configuration). */
  constructor(private readonly folding: { readonly unserved: boolean } = { unserved: true }) {}

  packet(packet: Packet): void {
    addSources(packet, this.sources);
    if (this.folding.unserved) this.unserved.packet(packet);
  }

  finish(): JoinFacts {
    return { sources: this.sources, unserved: this.unserved };
  }
}

/** Per analysis (one per capture version), its join facts. */
const joinFactsCache = new WeakMap<CaptureAnalysis, JoinFacts>();

/** The join facts of an analysed dump, folded once per version of the dump. */
export function joinFactsOf(analysis: CaptureAnalysis): JoinFacts {
  const cached = joinFactsCache.get(analysis);
  if (cached) return cached;
  const folder = new JoinFolder();
  for (const packet of analysis.packets) folder.packet(packet);
  const facts = folder.finish();
  joinFactsCache.set(analysis, facts);
  return facts;
}

/**
 * The addresses the balancer was seen to translate the finding's inside host to, or undefined
 * when the finding is not one a missing `others` explains. ESP inside UDP 4500 is not: a
 * `port 0 udp` vport carries it (so neither is "tunnel up, no data" once IKE moved to NAT-T).
 */
export function addressesBehind(
  diagnostic: Diagnostic,
  facts: CheckFacts,
  sources: ReadonlyMap<string, readonly SeenAddress[]>,
): SeenAddress[] | undefined {
  if (typeof diagnostic.code !== 'string' || !EXPLAINED.has(diagnostic.code)) return undefined;
  // The summary of findings past the first twenty is an empty range: it reports on no packet.
  const { start, end } = diagnostic.range;
  if (start.line === end.line && start.character === end.character) return undefined;
  const anchor = facts.anchors.get(start.line);
  if (!anchor) return undefined;
  const { copy, packet } = anchor;
  let hosts: readonly string[];
  if (diagnostic.code === captureRules.untranslatedPrivateSource.code) {
    if (!neitherTcpNorUdp(copy)) return undefined;
    hosts = [copy.src];
  } else {
    const peer = anchor.peer;
    if (!peer) return undefined;
    if (diagnostic.code === captureRules.oneWayEsp.code) {
      // The finding's own ESP says: plain ESP needs `others` whether or not the peer's IKE moved
      // to UDP 4500; ESP inside UDP does not.
      if (copy.esp?.encapsulated !== false || peer.directionOf(packet) !== 'out') return undefined;
    } else if (peer.natTraversal) {
      return undefined; // IKE with NAT-T: the SAs' ESP will travel inside UDP 4500
    }
    hosts = peer.local;
  }
  const seen = new Map<string, SeenAddress>();
  for (const host of hosts)
    for (const address of sources.get(host) ?? [])
      if (!seen.has(address.address)) seen.set(address.address, address);
  return [...seen.values()];
}

/** True when the outgoing ESP of the finding's peer was seen translated by the balancer. */
function espTranslated(diagnostic: Diagnostic, facts: CheckFacts): boolean {
  return facts.anchors.get(diagnostic.range.start.line)?.peer?.espOutTranslated === true;
}

/** ESP (not in UDP), AH, GRE, ICMP: what only a `port 0 others` vport translates. */
function neitherTcpNorUdp(copy: PacketCopy): boolean {
  if (copy.esp) return !copy.esp.encapsulated;
  return copy.protocol !== 'tcp' && copy.protocol !== 'udp';
}

/**
 * Each inside host's translated sources: for every packet received from it, the source of each
 * copy sent on another port with another source, first line of each address kept.
 */
export function translatedSources(
  analysis: CaptureAnalysis,
): ReadonlyMap<string, readonly SeenAddress[]> {
  return joinFactsOf(analysis).sources;
}

/** Adds a packet's translated sources (translatedSources) to `byHost`. */
function addSources(packet: Packet, byHost: Map<string, SeenAddress[]>): void {
  // As the hover reads a translation: the copy marked received, else (a dump without in/out
  // marks) the first one seen, and every later copy as sent.
  const received = receivedCopy(packet);
  if (!received) return;
  for (const sent of packet.copies) {
    if (sent === received || sent.direction === 'in') continue;
    if (received.direction === 'in' && sent.direction !== 'out') continue;
    if (sent.src === received.src || sent.src === '') continue;
    // axdebug tells the ports: a copy sent back out of the port it came in on is not on the uplink.
    if (sent.port !== undefined && sent.port === received.port) continue;
    const list = byHost.get(received.src) ?? [];
    if (!list.some((s) => s.address === sent.src))
      list.push({ address: sent.src, line: sent.line });
    byHost.set(received.src, list);
  }
}

/** The finding with the configuration's explanation, its VIPs as related information and, if it applies, the fix. */
function explained(diagnostic: Diagnostic, matches: readonly VipMatch[]): Diagnostic {
  const missing = matches.filter((m) => !m.vip.hasOthers);
  const carrying = matches.filter((m) => m.vip.hasOthers);
  // A VIP still without `others` explains the finding whatever another file says; only when
  // every matching VIP has it by now is the dump older than the configuration.
  const best = missing[0] ?? carrying[0];
  const more =
    matches.length > 1
      ? matches.length > 2
        ? l10n.t` ${matches.length - 1} more matching virtual servers are listed with it.`
        : l10n.t(' 1 more matching virtual server is listed with it.')
      : '';
  const sentence =
    missing.length > 0
      ? l10n.t(
          'The configuration explains it: virtual server {0} has no `port 0 others` ({1}).{2}',
          vipPlace(best.vip),
          describeMatch(best),
          more,
        )
      : l10n.t(
          'The configuration now carries `others`: virtual server {0} has `port 0 others` ({1}); this dump was taken before that change.{2}',
          vipPlace(best.vip),
          describeMatch(best),
          more,
        );
  const message = withSentence(diagnostic.message, sentence);
  const related: DiagnosticRelatedInformation[] = [...missing, ...carrying]
    .slice(0, MAX_VIPS)
    .map((match) => ({
      location: match.vip.location,
      message: match.vip.hasOthers
        ? l10n.t(
            'Virtual server {0}{1} has `port 0 others`: {2}',
            match.vip.name,
            onDevice(match.vip),
            describeMatch(match),
          )
        : l10n.t(
            'Virtual server {0}{1} has no `port 0 others`: {2}',
            match.vip.name,
            onDevice(match.vip),
            describeMatch(match),
          ),
    }));
  const joined: Diagnostic = {
    ...diagnostic,
    message,
    relatedInformation: [...related, ...(diagnostic.relatedInformation ?? [])],
  };
  const edit = missing.length > 0 ? best.vip.addOthers : undefined;
  // A capture finding carries no payload of its own today; one that did would keep it.
  if (edit && diagnostic.data === undefined) {
    const data: AddOthersFixData = {
      fix: 'add-others-vport',
      vip: best.vip.name,
      uri: best.vip.site.uri,
      version: best.vip.site.document.version,
      edit,
    };
    joined.data = data;
  }
  return joined;
}

/** The fix's title: `Add 'port 0 others' to _wildcard_vserver in llb-acos2.a10.cfg`. */
export function addOthersTitle(data: Pick<AddOthersFixData, 'vip' | 'uri'>): string {
  return l10n.t`Add 'port 0 others' to ${data.vip} in ${fileName(data.uri)}`;
}
