// "Explain this capture": the dump read the way an expert writes it up for a ticket. Per IPsec
// peer, how far each phase got, the NAT the balancer applied, the VIP and vport that handled it,
// the findings, and the configuration changes that would fix them; then the findings on other
// traffic and the translations seen. Every fact links to its line, in the dump or the configuration.
import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Location } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { CaptureAnalysis, Packet } from '../capture/engine/analysis';
import { count, natKind, translationOf } from '../capture/features/describe';
import { type IpsecDirection, peerName, STATE_WORDS } from '../capture/engine/ipsec';
import { eventsOfAnalysis } from '../capture/engine/packetEvents';
import {
  type IpsecKind,
  type LinePlace,
  LinePlaces,
  type PeerSummary,
  ReportFolder,
  type ReportFacts,
  summaryState,
} from '../capture/features/reportFacts';
import type { PacketCopy } from '../capture/reading/packet';
import { pushTo } from '../collections';
import { fileName, type IndexedConfig } from '../config/symbols';
import {
  markdownCode as code,
  markdownFence,
  markdownLink,
  markdownProse,
  markdownText as md,
} from '../markdown';
import { translatedSources } from './captureFindings';
import type { SeenAddress } from './vipMatch';
import { isJoinFixData, type JoinFixData } from './codeActions';
import { handlingHover } from './handling';
import { absoluteHref, type Href, lineLink } from './links';
import { messageText } from '../diagnostics';

/** How many findings, NAT rows and SAs a section lists before it says how many more there are. */
const MAX_LISTED = 50;
/** How many IPsec peers get a section of their own. */
const MAX_PEERS = 20;

/** The Markdown report of a capture, with its findings (as the editor shows them) and the workspace's configurations. */
export function captureReport(
  document: TextDocument,
  analysis: CaptureAnalysis,
  diagnostics: readonly Diagnostic[],
  sites: readonly IndexedConfig[],
  href: Href = absoluteHref,
): string {
  const folder = new ReportFolder();
  const places = new LinePlaces(findingLines(diagnostics));
  for (const event of eventsOfAnalysis(analysis)) {
    folder.packet(event);
    places.packet(event);
  }
  return reportOf(
    {
      uri: document.uri,
      lines: linesOf(document),
      facts: folder.finish(),
      places: places.places,
      sources: translatedSources(analysis),
    },
    diagnostics,
    sites,
    href,
  );
}

/** What the report says of a dump, folded from its packets (reportFacts.ts): the whole analysis's, or a dump's streamed. */
export interface ReportInput {
  readonly uri: string;
  /** How many lines the dump has, as `wc -l` counts them. */
  readonly lines: number;
  readonly facts: ReportFacts;
  /** The places of the findings' first lines (LinePlaces). */
  readonly places: ReadonlyMap<number, LinePlace>;
  /** Each inside host's translated sources (captureFindings.ts translatedSources). */
  readonly sources: ReadonlyMap<string, readonly SeenAddress[]>;
}

/** The lines the report must place (LinePlaces): the findings' first lines. */
export function findingLines(diagnostics: readonly Diagnostic[]): Set<number> {
  return new Set(diagnostics.map((d) => d.range.start.line));
}

/** The Markdown report of a dump from what was folded of it. */
export function reportOf(
  input: ReportInput,
  diagnostics: readonly Diagnostic[],
  sites: readonly IndexedConfig[],
  href: Href = absoluteHref,
): string {
  return new Report(input, sites, href).write(diagnostics);
}

class Report {
  private readonly lines: string[] = [];
  private readonly facts: ReportFacts;
  /** The peer a remote address belongs to (ipsec.ts peerByAddress), and each peer by its id. */
  private readonly peerByAddress = new Map<string, PeerSummary>();
  private readonly peerById = new Map<number, PeerSummary>();

  constructor(
    private readonly input: ReportInput,
    private readonly sites: readonly IndexedConfig[],
    private readonly href: Href,
  ) {
    this.facts = input.facts;
    for (const peer of this.facts.peers) {
      this.peerById.set(peer.id, peer);
      for (const address of peer.remote)
        if (!this.peerByAddress.has(address)) this.peerByAddress.set(address, peer);
    }
  }

  write(diagnostics: readonly Diagnostic[]): string {
    const { facts } = this;
    const byPeer = new Map<PeerSummary, Diagnostic[]>();
    const others: Diagnostic[] = [];
    for (const diagnostic of diagnostics) {
      const peer = this.peerOfFinding(diagnostic);
      if (peer) pushTo(byPeer, peer, diagnostic);
      else others.push(diagnostic);
    }

    this.header();
    if (facts.packets === 0) {
      this.add(
        l10n.t(
          'No packets were recognised in this file: is it a capture dump (axdebug or tcpdump text)?',
        ),
      );
      return this.text();
    }
    // A dump of thousands of peers (a scan) gets the busiest sections, not a report nobody can open.
    const peers = [...facts.peers].sort((a, b) => b.packets - a.packets || a.id - b.id);
    const shown = peers.slice(0, MAX_PEERS).sort((a, b) => a.id - b.id);
    for (const peer of shown) this.peerSection(peer, byPeer.get(peer) ?? []);
    if (peers.length > MAX_PEERS)
      this.add(
        l10n.t`${peers.length - MAX_PEERS} more IPsec peers, with fewer packets, are left out of this report (the outline lists every peer); their findings are under "Other findings".`,
      );
    for (const peer of peers.slice(MAX_PEERS)) others.push(...(byPeer.get(peer) ?? []));
    this.heading(facts.peers.length > 0 ? l10n.t('Other findings') : l10n.t('Findings'));
    if (others.length === 0)
      this.add(
        facts.peers.length > 0 ? l10n.t('None outside the IPsec peers above.') : l10n.t('None.'),
      );
    else this.findings(others);
    this.fixesOf(others);
    this.natSection();
    return this.text();
  }

  private text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  private add(...lines: string[]): void {
    this.lines.push(...lines, '');
  }

  private heading(text: string): void {
    this.add(`## ${text}`);
  }

  /** `[line 12](file:///dump#L12)`: a zero-based line of the dump, or a copy's first line. */
  private lineOf(at: PacketCopy | number): string {
    const line = (typeof at === 'number' ? at : at.line) + 1;
    return markdownLink(l10n.t`line ${line}`, this.href(this.input.uri, line));
  }

  private header(): void {
    const { facts, input } = this;
    const name = fileName(input.uri);
    const { copies, dialect } = facts;
    this.add(l10n.t`# Capture report: ${md(name)}`);
    this.add(
      [
        markdownLink(name, this.href(input.uri)),
        ...(dialect ? [l10n.t`${dialect} dump`] : []),
        count(input.lines, 'line'),
        copies === 1
          ? l10n.t`${count(facts.packets, 'packet')} (1 copy)`
          : l10n.t`${count(facts.packets, 'packet')} (${copies} copies)`,
        count(facts.flows, 'flow'),
        count(facts.peers.length, 'IPsec peer'),
      ].join(' · '),
    );
    if (this.sites.length === 0)
      this.add(
        l10n.t(
          'No balancer configuration is in the workspace: add the running-config (or the VIP summary) beside the dump to see which VIP and vport handled the traffic, and the fix.',
        ),
      );
    else
      this.add(
        l10n.t`Configurations read: ${this.sites.map((s) => markdownLink(fileName(s.uri), this.href(s.uri))).join(', ')}.`,
      );
  }

  /**
   * The peer a finding is about: of its packet, of the packet it answers (an ICMP error from a
   * router about the tunnel's ESP), or of the remote end its packet goes to or comes from.
   */
  private peerOfFinding(diagnostic: Diagnostic): PeerSummary | undefined {
    const place = this.input.places.get(diagnostic.range.start.line);
    if (!place) return undefined;
    return (
      (place.peer === undefined ? undefined : this.peerById.get(place.peer)) ??
      this.peerByAddress.get(place.dst) ??
      this.peerByAddress.get(place.src)
    );
  }

  private peerSection(peer: PeerSummary, findings: readonly Diagnostic[]): void {
    this.heading(l10n.t`IPsec peer ${peer.id}: ${md(peerName(peer))}`);
    this.add(l10n.t`**Status:** ${md(STATE_WORDS[summaryState(peer)])}.`);
    this.add(
      l10n.t('| Phase | What the dump shows |'),
      '|---|---|',
      l10n.t`| Phase 1 (IKE) | ${this.phase1(peer)} |`,
      l10n.t`| NAT traversal | ${peer.natTraversal !== undefined ? l10n.t`seen (UDP 4500), ${this.lineOf(peer.natTraversal)}` : l10n.t('not seen: ESP travels as IP protocol 50')} |`,
      l10n.t`| Phase 2 out | ${this.sas(peer, 'out')} |`,
      l10n.t`| Phase 2 back | ${this.sas(peer, 'back')} |`,
      ...(peer.ahFirst !== undefined
        ? [l10n.t`| AH | ${count(peer.ah, 'packet')}, first at ${this.lineOf(peer.ahFirst)} |`]
        : []),
    );
    const kinds: IpsecKind[] = ['IKE', 'ESP', 'AH'];
    const nat: string[] = [];
    const handled: string[] = [];
    for (const kind of kinds) {
      const out = peer.out.get(kind);
      if (!out) continue;
      nat.push(`- ${kind}: ${this.natOf(out)}`);
      // The handling's hover without its label: the translation of the start of its messages.
      const handling = handlingHover(out, this.sites, this.href).replace(
        l10n.t('**Configuration:** through '),
        '',
      );
      if (handling) handled.push(`- ${kind}: ${handling}`);
    }
    if (nat.length > 0) this.add(l10n.t('**NAT seen on the way out:**'), ...nat);
    if (handled.length > 0) this.add(l10n.t('**Handled by:**'), ...handled);
    if (findings.length === 0) this.add(l10n.t('**Findings:** none.'));
    else {
      this.add(l10n.t('**Findings:**'));
      this.findings(findings);
    }
    this.fixesOf(findings);
  }

  private phase1(peer: PeerSummary): string {
    const first = peer.ikeFirst;
    const where = first !== undefined ? l10n.t`, first at ${this.lineOf(first)}` : '';
    if (peer.ike.out + peer.ike.back === 0) return l10n.t('no IKE in this dump');
    const answered =
      peer.ike.out > 0 && peer.ike.back > 0
        ? l10n.t('answered')
        : peer.ike.out > 0
          ? l10n.t('unanswered')
          : l10n.t('from the peer only');
    return l10n.t`${answered}: ${peer.ike.out} out, ${peer.ike.back} back${where}`;
  }

  private sas(peer: PeerSummary, direction: IpsecDirection): string {
    const sas = peer.sas.filter((s) => s.direction === direction);
    if (sas.length === 0)
      return direction === 'back'
        ? l10n.t('**none**: nothing comes back from the peer')
        : l10n.t('none');
    const listed = sas
      .slice(0, MAX_LISTED)
      .map(
        (s) =>
          l10n.t`ESP${s.encapsulated ? l10n.t(' in UDP') : ''} spi ${md(s.spi)}, ${count(s.count, 'packet')} from ${this.lineOf(s.first)}`,
      );
    return (
      listed.join('; ') +
      (sas.length > MAX_LISTED ? l10n.t`; and ${sas.length - MAX_LISTED} more` : '')
    );
  }

  /** `source NAT 10.1.1.254 → 183.62.*.*, line 6`, or `not translated: leaves as 10.1.1.254, line 2`. */
  private natOf(packet: Packet): string {
    const rewrites = translationOf(packet);
    const sent = packet.copies.find((c) => c.direction === 'out') ?? packet.copies.at(-1)!;
    if (packet.copies.length < 2)
      return l10n.t`seen once (${this.lineOf(sent)}): the dump shows no second copy to compare`;
    if (rewrites.length === 0)
      return l10n.t`**not translated**: leaves as ${md(sent.src)}, ${this.lineOf(sent)}`;
    const what = rewrites.map((r) => `${md(r.before)} → ${md(r.after)}`).join(', ');
    return `${natKind(rewrites)} ${what}, ${this.lineOf(sent)}`;
  }

  private findings(findings: readonly Diagnostic[]): void {
    const listed = findings.slice(0, MAX_LISTED).map((d) => {
      const severity =
        d.severity === DiagnosticSeverity.Warning
          ? l10n.t('Warning')
          : d.severity === DiagnosticSeverity.Error
            ? l10n.t('Error')
            : l10n.t('Note');
      return l10n.t(
        '- **{0}** {1}, {2}: {3}',
        severity,
        code(String(d.code)),
        this.lineOf(d.range.start.line),
        markdownProse(messageText(d.message)),
      );
    });
    if (findings.length > MAX_LISTED)
      listed.push(l10n.t`- and ${findings.length - MAX_LISTED} more (see the Problems panel)`);
    this.add(...listed);
  }

  /** The configuration changes the findings carry, once each. */
  private fixesOf(findings: readonly Diagnostic[]): void {
    const fixes = new Map<string, JoinFixData>();
    for (const d of findings)
      if (isJoinFixData(d.data)) fixes.set(`${d.data.fix} ${d.data.uri} ${d.data.vip}`, d.data);
    if (fixes.size === 0) return;
    this.add(l10n.t('**To fix in the configuration:**'));
    for (const fix of fixes.values()) {
      const at: Location = { uri: fix.uri, range: fix.edit.range };
      if (fix.fix === 'same-nat-pool') {
        this.add(
          l10n.t`- Make ${code(fix.vport)} of virtual server ${md(fix.vip)} translate with pool ${md(fix.pool)}, as IKE's vport does: in ${lineLink(at, undefined, this.href)} (the quick fix on the finding makes this edit).`,
        );
        continue;
      }
      this.add(
        l10n.t(
          '- Add `port 0 others` to virtual server {0} in {1} (the quick fix on the finding makes this edit), after that line:',
          md(fix.vip),
          lineLink(at, undefined, this.href),
        ),
        '',
        ...markdownFence(fix.edit.newText.replace(/^\r?\n/, '').replace(/\r\n/g, '\n'))
          .split('\n')
          .map((l) => `  ${l}`),
      );
    }
  }

  /** Each inside host and the addresses the balancer translated it to. */
  private natSection(): void {
    const { sources } = this.input;
    this.heading(l10n.t('Source NAT seen'));
    if (sources.size === 0) {
      this.add(l10n.t('The dump shows no source the balancer translated.'));
      return;
    }
    const rows = [...sources].slice(0, MAX_LISTED).map(([host, seen]) => {
      const as = seen.map((s) => `${md(s.address)} (${this.lineOf(s.line)})`).join(', ');
      return `| ${md(host)} | ${as} |`;
    });
    this.add(l10n.t('| Inside host | Sent out as |'), '|---|---|', ...rows);
    if (sources.size > MAX_LISTED)
      this.add(l10n.t`And ${sources.size - MAX_LISTED} more inside hosts.`);
  }
}

/** The lines of a document as an engineer counts them (`wc -l`): the empty end after a last newline is none. */
function linesOf(document: TextDocument): number {
  const text = document.getText();
  if (text === '') return 0;
  const last = document.lineCount - 1;
  return document.offsetAt({ line: last, character: 0 }) === text.length ? last : last + 1;
}
