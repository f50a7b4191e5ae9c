// The IKE/ESP split (lbcap/ike-esp-split) explained by the configuration: the dump shows IKE and
// ESP of one inside host reaching a peer from different addresses; the configuration shows why,
// naming the vport and NAT pool each protocol left through. IKE rides on a UDP vport; ESP needs
// `port 0 others`, and leaves untranslated without one, or from another pool when its vport
// names another. The fix makes ESP leave as IKE does.
import * as l10n from '@vscode/l10n';
import type {
  Diagnostic,
  DiagnosticRelatedInformation,
  TextEdit,
} from 'vscode-languageserver-types';
import type { CheckFacts } from '../capture/features/checkFacts';
import { captureRules } from '../capture/features/rules';
import type { IndexedConfig } from '../config/symbols';
import { fileName } from '../config/symbols';
import type { AddOthersFixData } from './missingVports';
import { type Handling, handlingOf } from './handling';
import { vipPlace, virtualServersOf, type VipFacts } from './vipMatch';
import { withSentence } from '../diagnostics';

/** The fix that makes ESP's vport translate to the pool IKE's vport uses. */
export interface SamePoolFixData {
  /** Tells this payload from any other a capture diagnostic may carry. */
  readonly fix: 'same-nat-pool';
  /** The virtual server whose `others` vport is changed. */
  readonly vip: string;
  /** The vport as written (`port 0 others`). */
  readonly vport: string;
  /** The pool IKE leaves through. */
  readonly pool: string;
  /** The configuration document the edit is for. */
  readonly uri: string;
  /** That document's version when the edit was made. */
  readonly version: number;
  /** The edit: the pool name on the vport's `source-nat pool` line. */
  readonly edit: TextEdit;
}

/** `Translate ESP with pool SNAT_ISP1, as IKE (port 0 others of vip_vpn in box.a10.cfg)`. */
export function samePoolTitle(
  data: Pick<SamePoolFixData, 'pool' | 'vport' | 'vip' | 'uri'>,
): string {
  return l10n.t`Translate ESP with pool ${data.pool}, as IKE (${data.vport} of ${data.vip} in ${fileName(data.uri)})`;
}

/** The edit that makes a VIP's vport use a pool, in a document's current text; undefined when it does already or cannot. */
export function samePoolEdit(vip: VipFacts, vport: string, pool: string): TextEdit | undefined {
  const target = vip.vports.find((v) => v.label === vport);
  const at = target?.poolNameLocations[0];
  if (!target || !at || target.poolNames[0] === pool) return undefined;
  return { range: at.range, newText: pool };
}

/** A VIP of a configuration document by name, as it reads now. */
export function vipNamed(site: IndexedConfig, name: string): VipFacts | undefined {
  return virtualServersOf(site).find((vip) => vip.name === name);
}

/** `` `port 0 udp` of virtual server vip_vpn in box.a10.cfg (line 4) with source-nat pool SNAT_ISP1 (210.21.1.10) ``. */
function throughVport(handling: Handling): string {
  const { vport, pools } = handling;
  const vip = l10n.t`virtual server ${vipPlace(handling.match.vip)}`;
  if (!vport) return l10n.t('{0}, which has no `port 0 others`, so it leaves untranslated', vip);
  const nat =
    pools.length > 0
      ? l10n.t`source-nat pool ${pools.map((p) => `${p.name} (${p.addresses})`).join(', ')}`
      : vport.poolNames.length > 0
        ? l10n.t`source-nat pool ${vport.poolNames.join(', ')} (not defined in the workspace)`
        : l10n.t('no source-nat pool');
  return l10n.t('`{0}` of {1} with {2}', vport.label, vip, nat);
}

function relatedOf(what: string, handling: Handling | undefined): DiagnosticRelatedInformation[] {
  if (!handling) return [];
  const { vport, match } = handling;
  if (!vport)
    return [
      {
        location: match.vip.location,
        message: l10n.t('{0}: virtual server {1} has no `port 0 others`', what, match.vip.name),
      },
    ];
  return [
    {
      location: vport.location,
      message: l10n.t`${what} leaves through ${vport.label} of ${match.vip.name}`,
    },
    ...handling.pools.map((pool) => ({
      location: pool.location,
      message: l10n.t`${what}'s NAT pool ${pool.name} (${pool.addresses})`,
    })),
  ];
}

/** The split finding with what the configuration says of it, and the fix where there is one. */
export function explainSplit(
  diagnostic: Diagnostic,
  facts: CheckFacts,
  sites: readonly IndexedConfig[],
): Diagnostic {
  if (diagnostic.code !== captureRules.ikeEspSplit.code) return diagnostic;
  const anchor = facts.anchors.get(diagnostic.range.start.line);
  const esp = anchor?.packet;
  const peer = anchor?.peer;
  if (!esp || !peer) return diagnostic;
  const ike = peer.ikeOut;
  const ikeWay = ike && handlingOf(ike, sites);
  const espWay = handlingOf(esp, sites);
  if (!ikeWay?.vport && !espWay) return diagnostic;

  const ikePart = ikeWay?.vport
    ? l10n.t`IKE leaves through ${throughVport(ikeWay)}`
    : l10n.t('no virtual server of the configuration matches the IKE');
  const espPart = espWay
    ? l10n.t`ESP through ${throughVport(espWay)}`
    : l10n.t('no virtual server of the configuration matches the ESP');
  const sentence = l10n.t`The configuration explains it: ${ikePart}; ${espPart}.`;
  const joined: Diagnostic = {
    ...diagnostic,
    message: withSentence(diagnostic.message, sentence),
    relatedInformation: [
      ...relatedOf('IKE', ikeWay),
      ...relatedOf('ESP', espWay),
      ...(diagnostic.relatedInformation ?? []),
    ],
  };
  if (diagnostic.data !== undefined || !espWay) return joined;

  const vip = espWay.match.vip;
  const base = { vip: vip.name, uri: vip.site.uri, version: vip.site.document.version };
  if (!espWay.vport && vip.addOthers) {
    // The `others` vport the configuration's fix writes copies the UDP vport's NAT lines: ESP then leaves as IKE does.
    const data: AddOthersFixData = { fix: 'add-others-vport', ...base, edit: vip.addOthers };
    joined.data = data;
  } else if (espWay.vport && ikeWay?.vport) {
    const pool = ikeWay.vport.poolNames[0];
    const edit = pool === undefined ? undefined : samePoolEdit(vip, espWay.vport.label, pool);
    if (pool !== undefined && edit) {
      const data: SamePoolFixData = {
        fix: 'same-nat-pool',
        ...base,
        vport: espWay.vport.label,
        pool,
        edit,
      };
      joined.data = data;
    }
  }
  return joined;
}
