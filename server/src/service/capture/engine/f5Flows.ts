// F5's full proxy: a connection through a BIG-IP virtual server with a TCP profile is two
// connections, the client's to the virtual server and the balancer's own to the pool member, with
// nothing in common that NAT would leave alone (other addresses, ports, sequence numbers and IP
// ids). F5's tcpdump with medium noise (`-i IF:nn`, `:nnn`: the text form's `flowid= peerid=`, the
// trailer's medium TLV) names each packet's connection flow and the flow on the other side, its
// peer: a flow that names another as its peer is the other side of the same connection, and the
// two are joined into one flow, as the two sides of a NAT are. tmm gives flow ids out again once
// a flow has ended, so an id stands for the latest flow seen with it.

import { hasF5Peer, type PacketCopy } from '../reading/packet';

/** Joins the flows an F5 capture names as each other's peer, as copies come (in line order). */
export class F5PeerFlows<Id> {
  /** The flow key of the latest flow seen with each F5 flow id. */
  private readonly keyOfId = new Map<Id, number>();
  /** The flow keys that named an id as their peer before a flow with that id was seen. */
  private readonly waiting = new Map<Id, number[]>();

  /**
   * Notes a copy of the flow with key `key` that F5 calls `id`, whose peer flow is `peer`
   * (undefined: none), and joins it to its peer flow through `join` when that flow was seen,
   * or to the flows seen before it that named it as their peer.
   */
  note(id: Id, peer: Id | undefined, key: number, join: (a: number, b: number) => void): void {
    this.keyOfId.set(id, key);
    const named = this.waiting.get(id);
    if (named) {
      this.waiting.delete(id);
      for (const other of named) if (other !== key) join(other, key);
    }
    if (peer === undefined) return;
    const other = this.keyOfId.get(peer);
    if (other !== undefined) {
      if (other !== key) join(other, key);
      return;
    }
    const before = this.waiting.get(peer);
    if (!before) this.waiting.set(peer, [key]);
    else if (!before.includes(key)) before.push(key);
  }
}

/**
 * Notes a copy read from a dump (its F5 flow and peer flow, if its line names them) as the copy of
 * the flow with key `key`: the editor's analysis and `check`'s streaming group flows alike.
 */
export function noteF5Copy(
  flows: F5PeerFlows<string>,
  copy: PacketCopy,
  key: number,
  join: (a: number, b: number) => void,
): void {
  const f5 = copy.f5;
  if (f5?.flowId === undefined) return;
  const peer = f5.peerId !== undefined && hasF5Peer(f5.peerId) ? f5.peerId : undefined;
  flows.note(f5.flowId, peer, key, join);
}
