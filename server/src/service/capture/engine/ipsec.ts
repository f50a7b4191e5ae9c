// IPsec per peer: how far each tunnel got, as the dump shows it. Phase 1 is IKE on UDP 500 (and
// 4500 once NAT traversal is detected, RFC 3947) answered both ways; phase 2 is the SAs that carry
// data, ESP (IP protocol 50) or ESP inside UDP 4500 (RFC 3948), each way under its own SPI
// (RFC 4301). The IKE, ESP and AH packets between two addresses belong to one peer, and the
// copies of a translated packet join the inside and outside address pairs into one.
import * as l10n from '@vscode/l10n';
import type { Packet } from '../reading/packet';
import { fitted } from '../../collections';
import { FlowKeys } from './flows';
import type { PacketCopy } from '../reading/packet';
import { isPrivateAddress } from '../reading/packet';

/** Which way an IPsec packet goes: from the local end (the balancer's side) to the peer, or back. */
export type IpsecDirection = 'out' | 'back';

/** One IPsec SA as the dump shows it: an SPI and the packets that carry it one way. */
export interface IpsecSa {
  /** Its SPI (0x...). */
  readonly spi: string;
  /** Out to the peer, or back from it. */
  readonly direction: IpsecDirection;
  /** True when its ESP travels inside UDP (NAT traversal). */
  readonly encapsulated: boolean;
  /** Its packets, in order. */
  readonly packets: Packet[];
}

/** How far an IPsec peer got. */
export type IpsecState =
  | 'both-ways'
  | 'tunnel-up-no-data'
  | 'one-way-esp'
  | 'ike-unanswered'
  | 'inbound-only'
  | 'ike-only';

/** Two IPsec ends: the local one (its addresses on both sides of the balancer) and the peer. */
export interface IpsecPeer {
  /** 1-based, in order of first appearance. */
  readonly id: number;
  /** The local end's addresses as written, inside and translated, in order of appearance. */
  readonly local: readonly string[];
  /** The peer's address(es) as written. */
  readonly remote: readonly string[];
  /** Every IKE, ESP and AH packet between them, in order. */
  readonly packets: readonly Packet[];
  /** IKE packets (NAT-T keepalives included). */
  readonly ikePackets: readonly Packet[];
  /** ESP packets, plain and in UDP. */
  readonly espPackets: readonly Packet[];
  /** AH packets. */
  readonly ahPackets: readonly Packet[];
  /** The SAs, in order of first appearance. */
  readonly sas: readonly IpsecSa[];
  /** IKE versions seen. */
  readonly ikeVersions: ReadonlySet<1 | 2>;
  /** IKE messages (keepalives excluded) out to the peer and back, by phase (0: the dump does not say). */
  readonly ike: {
    readonly out: number;
    readonly back: number;
    readonly phase1: { out: number; back: number };
    readonly phase2: { out: number; back: number };
  };
  /** The first copy that shows NAT traversal (UDP 4500, NONESP-encap, ESP in UDP, keepalive), if any. */
  readonly natTraversal: PacketCopy | undefined;
  /** The first IPsec packet whose copies show a translation, if any. */
  readonly translated: Packet | undefined;
  /** The packet's direction within this peer. */
  directionOf(packet: Packet): IpsecDirection;
}

/** Numbers unordered pairs of address words 0, 1, 2, ... in order of first appearance. */
class PairIds {
  /** By the lower word: the higher words met with it, and the pairs' numbers, side by side. */
  private readonly ids = new Map<number, number[]>();
  private count = 0;

  of(a: number, b: number): number {
    const low = a < b ? a : b;
    const high = a < b ? b : a;
    let inner = this.ids.get(low);
    if (!inner) this.ids.set(low, (inner = []));
    for (let i = 0; i < inner.length; i += 2) if (inner[i] === high) return inner[i + 1];
    inner.push(high, this.count);
    return this.count++;
  }
}

/** What ipsecPeers reads of a copy by its first line (analysis.ts's LineFacts). */
export interface IpsecCopyFacts {
  /** The word of the copy's source and destination addresses (one text, one word), -1 for none. */
  src(line: number): number;
  dst(line: number): number;
  /** True when the copy shows an ESP or AH header. */
  hasSpi(line: number): boolean;
}

/** True for a copy with an IPsec header (isIpsec), its ESP and AH read from its facts. */
function isIpsecCopy(copy: PacketCopy, facts: IpsecCopyFacts): boolean {
  return facts.hasSpi(copy.line) || copy.ike !== undefined;
}

/** The IPsec peers of a dump, which peer each IPsec packet belongs to, and the peer of each remote address. */
export function ipsecPeers(
  packets: readonly Packet[],
  facts: IpsecCopyFacts,
): {
  peers: IpsecPeer[];
  peerOf: Map<Packet, IpsecPeer>;
  peerByAddress: Map<string, IpsecPeer>;
} {
  const keys = new FlowKeys();
  const pairIds = new PairIds();
  // Each pair, as its last copy wrote it (source, destination), by the pair's number.
  const pairSources: string[] = [];
  const pairDestinations: string[] = [];
  const grouped: Packet[] = [];
  const groupOf: number[] = [];
  for (let p = 0; p < packets.length; p++) {
    const packet = packets[p];
    const copies = packet.copies;
    let ipsec = false;
    for (let i = 0; i < copies.length && !ipsec; i++) ipsec = isIpsecCopy(copies[i], facts);
    if (!ipsec) continue;
    let first: number | undefined;
    for (let c = 0; c < copies.length; c++) {
      const copy = copies[c];
      const src = facts.src(copy.line);
      const dst = facts.dst(copy.line);
      if (src < 0 || dst < 0) continue;
      const index = keys.add(pairIds.of(src, dst), 'ipsec', copy.line);
      pairSources[index] = copy.src;
      pairDestinations[index] = copy.dst;
      if (first === undefined) first = index;
      else keys.join(first, index);
    }
    if (first !== undefined) {
      grouped.push(packet);
      groupOf.push(first);
    }
  }
  const numbering = keys.numbering();
  const groups: { packets: Packet[]; pairs: [string, string][] }[] = [];
  for (const [, id] of numbering) groups[id - 1] = { packets: [], pairs: [] };
  for (let index = 0; index < pairSources.length; index++)
    groups[numbering.get(keys.find(index))! - 1].pairs.push([
      pairSources[index],
      pairDestinations[index],
    ]);
  grouped.forEach((packet, i) =>
    groups[numbering.get(keys.find(groupOf[i]))! - 1].packets.push(packet),
  );

  const peers = groups.map((group, i) => buildPeer(i + 1, group.packets, group.pairs, facts));
  const peerOf = new Map<Packet, IpsecPeer>();
  const peerByAddress = new Map<string, IpsecPeer>();
  for (const peer of peers) {
    for (const packet of peer.packets) peerOf.set(packet, peer);
    for (const address of peer.remote)
      if (!peerByAddress.has(address)) peerByAddress.set(address, peer);
  }
  return { peers, peerOf, peerByAddress };
}

/**
 * The peer is the address every pair of the group shares (the local end shows up under its inside
 * and its translated address, the peer under one); between two candidates the public one, else the
 * one that did not start the exchange (`opener`: the source of the IKE initiator's first packet, else of the group's first).
 */
export function chooseRemote(pairs: readonly [string, string][], opener: string): Set<string> {
  const counts = new Map<string, number>();
  for (const [a, b] of pairs) {
    counts.set(a, (counts.get(a) ?? 0) + 1);
    if (b !== a) counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const most = Math.max(...counts.values());
  const candidates = [...counts].filter(([, n]) => n === most).map(([address]) => address);
  if (candidates.length === 1) return new Set(candidates);
  const publics = candidates.filter((a) => !isPrivateAddress(a));
  if (publics.length === 1) return new Set(publics);
  const others = candidates.filter((a) => a !== opener);
  return new Set([others[0] ?? candidates[candidates.length - 1]]);
}

function buildPeer(
  id: number,
  packets: Packet[],
  pairs: [string, string][],
  facts: IpsecCopyFacts,
): IpsecPeer {
  // The peer is not the end that opened the exchange (an IKE initiator, else the first packet's source).
  const opener =
    packets.map((p) => p.copies[0]).find((c) => c.ike?.role === 'I') ?? packets[0].copies[0];
  const remote = chooseRemote(pairs, opener.src);
  const local: string[] = [];
  const addLocal = (address: string): void => {
    if (address !== '' && !remote.has(address) && !local.includes(address)) local.push(address);
  };
  for (let p = 0; p < packets.length; p++) {
    const copies = packets[p].copies;
    for (let c = 0; c < copies.length; c++) {
      addLocal(copies[c].src);
      addLocal(copies[c].dst);
    }
  }
  const directionOf = (packet: Packet): IpsecDirection => {
    const copy = packet.copies[0];
    return remote.has(copy.src) && !remote.has(copy.dst) ? 'back' : 'out';
  };
  const ikePackets: Packet[] = [];
  const espPackets: Packet[] = [];
  const ahPackets: Packet[] = [];
  const sas: IpsecSa[] = [];
  // The SAs by SPI, one map each way.
  const saOut = new Map<string, IpsecSa>();
  const saBack = new Map<string, IpsecSa>();
  const ikeVersions = new Set<1 | 2>();
  const ike = { out: 0, back: 0, phase1: { out: 0, back: 0 }, phase2: { out: 0, back: 0 } };
  let natTraversal: PacketCopy | undefined;
  let translated: Packet | undefined;
  for (let p = 0; p < packets.length; p++) {
    const packet = packets[p];
    const direction = directionOf(packet);
    const copies = packet.copies;
    let copy = copies[0];
    for (let c = 0; c < copies.length; c++)
      if (isIpsecCopy(copies[c], facts)) {
        copy = copies[c];
        break;
      }
    // Each header read once: a copy kept as a row makes it anew each time it is read.
    const { ike: ikeHeader, esp } = copy;
    if (!natTraversal)
      natTraversal = copies.find((c) =>
        c === copy
          ? ikeHeader?.natTraversal === true || esp?.encapsulated === true
          : c.ike?.natTraversal === true || c.esp?.encapsulated === true,
      );
    if (!translated && copies.some((c) => c.src !== copy.src || c.dst !== copy.dst))
      translated = packet;
    if (ikeHeader) {
      ikePackets.push(packet);
      if (ikeHeader.version) ikeVersions.add(ikeHeader.version);
      if (ikeHeader.keepalive) continue;
      ike[direction]++;
      if (ikeHeader.phase === 1) ike.phase1[direction]++;
      if (ikeHeader.phase === 2) ike.phase2[direction]++;
    } else if (esp) {
      espPackets.push(packet);
      const saOfWay = direction === 'out' ? saOut : saBack;
      let sa = saOfWay.get(esp.spi);
      if (!sa) {
        sa = { spi: esp.spi, direction, encapsulated: esp.encapsulated, packets: [] };
        saOfWay.set(esp.spi, sa);
        sas.push(sa);
      }
      sa.packets.push(packet);
    } else if (copy.ah) {
      ahPackets.push(packet);
    }
  }
  // Kept as long as the dump is open: each list only the room its items take (fitted).
  for (const sa of sas) (sa as { packets: Packet[] }).packets = fitted(sa.packets);
  return {
    id,
    local: fitted(local),
    remote: [...remote],
    packets: fitted(packets),
    ikePackets: fitted(ikePackets),
    espPackets: fitted(espPackets),
    ahPackets: fitted(ahPackets),
    sas: fitted(sas),
    ikeVersions,
    ike,
    natTraversal,
    translated,
    directionOf,
  };
}

/** How far a peer got, from what the dump shows each way. */
export function ipsecState(peer: IpsecPeer): IpsecState {
  const dataOut =
    peer.sas.some((sa) => sa.direction === 'out') ||
    peer.ahPackets.some((p) => peer.directionOf(p) === 'out');
  const dataBack =
    peer.sas.some((sa) => sa.direction === 'back') ||
    peer.ahPackets.some((p) => peer.directionOf(p) === 'back');
  return stateFrom(dataOut, dataBack, peer.ike);
}

/** How far a peer got, from whether data (ESP or AH) went out and came back, and its IKE messages each way. */
export function stateFrom(
  dataOut: boolean,
  dataBack: boolean,
  ike: { readonly out: number; readonly back: number },
): IpsecState {
  if (dataOut && dataBack) return 'both-ways';
  if (ike.out > 0 && ike.back > 0) return 'tunnel-up-no-data';
  if (dataOut) return 'one-way-esp';
  if (dataBack) return 'inbound-only';
  if (ike.out > 0) return 'ike-unanswered';
  return 'ike-only';
}

/** A peer's name: `10.1.1.254 (as 210.21.*.*) ↔ 203.0.113.9`. */
export function peerName(peer: Pick<IpsecPeer, 'local' | 'remote'>): string {
  const [inside, ...translated] = peer.local;
  const local =
    inside === undefined
      ? '?'
      : translated.length === 0
        ? inside
        : l10n.t`${inside} (as ${translated.join(', ')})`;
  return `${local} ↔ ${peer.remote.join(', ')}`;
}

/** What a peer's status line says, counted (an IpsecPeer's lists, or a dump's packets folded one by one). */
export interface PeerTally {
  readonly ikeVersions: ReadonlySet<1 | 2>;
  readonly ike: IpsecPeer['ike'];
  /** True when a copy showed NAT traversal. */
  readonly natTraversal: boolean;
  /** The SAs in order of first appearance, each with how many packets carry it. */
  readonly sas: readonly {
    readonly spi: string;
    readonly direction: IpsecDirection;
    readonly encapsulated: boolean;
    readonly count: number;
  }[];
  /** How many AH packets. */
  readonly ah: number;
  readonly state: IpsecState;
}

/** How far a peer got, in one line an engineer reads: phase 1, NAT-T, phase 2 with its SPIs. */
export function peerStatus(peer: IpsecPeer): string {
  return tallyStatus({
    ikeVersions: peer.ikeVersions,
    ike: peer.ike,
    natTraversal: peer.natTraversal !== undefined,
    sas: peer.sas.map((s) => ({ ...s, count: s.packets.length })),
    ah: peer.ahPackets.length,
    state: ipsecState(peer),
  });
}

/** peerStatus of a peer's counts. */
export function tallyStatus(peer: PeerTally): string {
  const parts: string[] = [];
  const versions = [...peer.ikeVersions]
    .sort()
    .map((v) => `IKEv${v}`)
    .join('/');
  const ike = versions === '' ? 'IKE' : versions;
  if (peer.ike.out + peer.ike.back === 0) parts.push(l10n.t('no IKE in this dump'));
  else if (peer.ike.out > 0 && peer.ike.back > 0)
    parts.push(l10n.t`phase 1: ${ike} answered (${peer.ike.out} out, ${peer.ike.back} back)`);
  else if (peer.ike.out > 0)
    parts.push(l10n.t`phase 1: ${ike} unanswered (${peer.ike.out} out, nothing back)`);
  else parts.push(l10n.t`phase 1: ${ike} from the peer only (${peer.ike.back} back, nothing out)`);
  if (peer.ike.phase2.out + peer.ike.phase2.back > 0)
    parts.push(
      l10n.t`phase 2 negotiated (${peer.ike.phase2.out} out, ${peer.ike.phase2.back} back)`,
    );
  parts.push(peer.natTraversal ? l10n.t('NAT-T seen (UDP 4500)') : l10n.t('NAT-T not seen'));
  const sa = (direction: IpsecDirection): string => {
    const list = peer.sas.filter((s) => s.direction === direction);
    if (list.length === 0) return l10n.t('none');
    return list
      .map((s) => `spi ${s.spi}${s.encapsulated ? l10n.t(' in UDP') : ''} (${s.count})`)
      .join(', ');
  };
  parts.push(l10n.t`ESP out: ${sa('out')}; ESP back: ${sa('back')}`);
  if (peer.ah > 0)
    parts.push(peer.ah === 1 ? l10n.t('AH: 1 packet') : l10n.t`AH: ${peer.ah} packets`);
  return `${parts.join('; ')}: ${STATE_WORDS[peer.state]}`;
}

/** Each state in the words of someone who has debugged tunnels (in the user's language when read). */
export const STATE_WORDS: Readonly<Record<IpsecState, string>> = {
  get 'both-ways'() {
    return l10n.t('data flows both ways');
  },
  get 'tunnel-up-no-data'() {
    return l10n.t('tunnel up, no data (IKE answered, no ESP back)');
  },
  get 'one-way-esp'() {
    return l10n.t('one-way ESP (nothing back from the peer)');
  },
  get 'ike-unanswered'() {
    return l10n.t('IKE unanswered');
  },
  get 'inbound-only'() {
    return l10n.t('ESP from the peer only (nothing goes out in this dump)');
  },
  get 'ike-only'() {
    return l10n.t('IKE from the peer only');
  },
};
