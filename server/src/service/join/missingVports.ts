// Traffic in the dump to a virtual server's own address on a port or protocol that none of its
// vports takes. ACOS answers only what a vport is configured for: the rest is dropped, which the
// dump shows as packets received and never sent on. The seed's inbound ESP to a VIP without
// `port 0 others` is one case; HTTPS to a VIP that only has `port 80 http` is another.
import * as l10n from '@vscode/l10n';
import type {
  Diagnostic,
  DiagnosticRelatedInformation,
  TextEdit,
} from 'vscode-languageserver-types';
import type { Packet } from '../capture/engine/analysis';
import { count, receivedCopy } from '../capture/features/describe';
import type { PacketCopy } from '../capture/reading/packet';
import { captureRules } from '../capture/features/rules';
import { headRange } from '../capture/features/validation';
import type { IndexedConfig } from '../config/symbols';
import { diagnosticIn } from '../diagnostics';
import { ruleDocumentation } from '../rules';
import { trafficName, type Transport, transportOf } from './handling';
import { sameAddress, type VipFacts, vipIndexOf, vipPlace, vportFor } from './vipMatch';

/** The fix a joined capture finding carries in its `data`: the configuration edit that adds `port 0 others`. */
export interface AddOthersFixData {
  /** Tells this payload from any other a capture diagnostic may carry. */
  readonly fix: 'add-others-vport';
  /** The virtual server's name. */
  readonly vip: string;
  /** The configuration document the edit is for. */
  readonly uri: string;
  /** That document's version when the edit was made (the quick fix is made again from its current text). */
  readonly version: number;
  /** The edit, as the configuration's own quick fix writes it. */
  readonly edit: TextEdit;
}

/** How many of these findings a dump gets one by one; the rest are summed up in the last. */
const MAX_FINDINGS = 20;

/** Packets of one transport and port (or protocol) sent to one VIP address that no vport takes. */
interface Unserved {
  readonly vips: readonly VipFacts[];
  readonly address: string;
  readonly masked: boolean;
  readonly transport: Transport;
  /** `TCP port 8443`, `ESP`. */
  readonly what: string;
  /** How many packets, and how many of them the balancer sent on. */
  packets: number;
  sentOn: number;
  readonly first: PacketCopy;
}

/** Packets received for one address, transport and port: how many, how many sent on, the first. */
interface Received {
  readonly first: PacketCopy;
  readonly transport: Transport;
  packets: number;
  sentOn: number;
}

/**
 * Folds a dump's packets, in order, into the traffic received for each address, transport and
 * port: what missingVportFindings matches with the VIPs, without a list of every packet.
 */
export class UnservedFolder {
  readonly received = new Map<string, Received>();

  packet(packet: Packet): void {
    // What the balancer sent itself (its own ping) reached no VIP of it.
    const received = receivedCopy(packet);
    const transport = received && transportOf(received);
    if (!received || !transport || received.dst === '') return;
    const key = `${received.dst} ${trafficName(received, transport)} ${received.dstPort ?? ''}`;
    let seen = this.received.get(key);
    if (!seen)
      this.received.set(key, (seen = { first: received, transport, packets: 0, sentOn: 0 }));
    seen.packets++;
    if (packet.copies.some((c) => c.direction === 'out')) seen.sentOn++;
  }
}

/** The findings of traffic to a VIP's own address that none of its vports takes. */
export function missingVportFindings(
  traffic: UnservedFolder,
  sites: readonly IndexedConfig[],
): Diagnostic[] {
  const index = vipIndexOf(sites);
  // The VIPs at an address, those of an exact address first, then by file and line.
  const vipsAt = (address: string): VipFacts[] =>
    address === ''
      ? []
      : index
          .atAddress(address)
          .filter((v) => sameAddress(address, v.address!))
          .sort(
            (a, b) =>
              Number(a.address!.includes('*')) - Number(b.address!.includes('*')) ||
              (a.site.uri < b.site.uri ? -1 : a.site.uri > b.site.uri ? 1 : 0) ||
              a.location.range.start.line - b.location.range.start.line,
          );

  const groups = new Map<string, Unserved>();
  for (const { first: received, transport, packets, sentOn } of traffic.received.values()) {
    const at = vipsAt(received.dst);
    // A VIP opened in several files (a summary and the running-config) takes what any of them takes.
    if (at.length === 0 || at.some((vip) => vportFor(vip, transport, received.dstPort))) continue;
    const what = trafficName(received, transport);
    const key = `${received.dst} ${what}`;
    const group = groups.get(key);
    if (group) {
      group.packets += packets;
      group.sentOn += sentOn;
    } else
      groups.set(key, {
        vips: at,
        address: received.dst,
        masked: received.dst.includes('*') || at.some((v) => v.address!.includes('*')),
        transport,
        what,
        packets,
        sentOn,
        first: received,
      });
  }

  const all = [...groups.values()];
  if (all.length <= MAX_FINDINGS) return all.map((group) => finding(group));
  // Past the limit, the last finding stands for the rest: a dump never floods the problems list.
  const rest = all.length - MAX_FINDINGS + 1;
  return [
    ...all.slice(0, MAX_FINDINGS - 1).map((group) => finding(group)),
    finding(
      all[MAX_FINDINGS - 1],
      l10n.t`${rest} more kinds of traffic reach a virtual server on a port none of its vports takes; the first is: `,
    ),
  ];
}

/** The vport that would take a kind of traffic, as the user would write it. */
function neededVport(group: Unserved): string {
  if (group.transport === 'others') return 'port 0 others';
  return `port ${group.first.dstPort ?? 0} ${group.transport}`;
}

function finding(group: Unserved, prefix = ''): Diagnostic {
  const [vip] = group.vips;
  const sentOn = group.sentOn;
  const one = group.packets === 1;
  const fate =
    sentOn === 0
      ? one
        ? l10n.t('the dump shows it not sent on: the balancer dropped it.')
        : l10n.t('the dump shows none of them sent on: the balancer dropped them.')
      : sentOn === 1
        ? l10n.t(
            'yet 1 of them was sent on: the dump may be older than the configuration, or another VIP took them.',
          )
        : l10n.t`yet ${sentOn} of them were sent on: the dump may be older than the configuration, or another VIP took them.`;
  const vports = vip.vports.map((v) => `\`${v.label}\``).join(', ') || l10n.t('none');
  const packets = count(group.packets, 'packet');
  const place = vipPlace(vip);
  const needed = neededVport(group);
  const reach = group.masked ? l10n.t('may reach') : one ? l10n.t('reaches') : l10n.t('reach');
  const message =
    prefix +
    l10n.t(
      '{0} of {1} {2} virtual server {3} at its address {4}, and none of its vports ({5}) takes {6}; {7} Add a `{8}` vport if the VIP should take this traffic.',
      packets,
      group.what,
      reach,
      place,
      group.address,
      vports,
      group.what,
      fate,
      needed,
    );
  const related: DiagnosticRelatedInformation[] = group.vips.map((v) => ({
    location: v.location,
    message: l10n.t`Virtual server ${v.name}: no vport for ${group.what}`,
  }));
  const diagnostic = diagnosticIn(headRange(group.first), captureRules.noVportForTraffic, message, {
    relatedInformation: related,
    href: ruleDocumentation(captureRules.noVportForTraffic),
  });
  // ESP, AH, GRE: the configuration's own fix adds the `others` vport, from the dump.
  if (group.transport === 'others' && vip.addOthers) {
    const data: AddOthersFixData = {
      fix: 'add-others-vport',
      vip: vip.name,
      uri: vip.site.uri,
      version: vip.site.document.version,
      edit: vip.addOthers,
    };
    diagnostic.data = data;
  }
  return diagnostic;
}
