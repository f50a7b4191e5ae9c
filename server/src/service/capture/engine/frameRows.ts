// The row (copyRows.ts) of a binary capture's frame written straight from its bytes, for the
// forms that make up nearly all of a large capture: Ethernet (with 802.1Q/QinQ tags, nothing after
// the packet but padding), Linux cooked v1 and v2 (`-i any`, which say the direction) or raw IP;
// IPv4 not a later fragment; TCP, plain UDP, IKE (on 500, on 4500 behind the non-ESP marker, a
// NAT keepalive), ESP or an ICMP echo. Addresses, ports, the IP id, flags, SPI and sequence numbers
// go from the bytes into the row's integers: no decoded frame, no copy of strings per packet; a
// word's text is made once, the first time the table meets it. An IKE message's header is read by
// the frame decoder the whole decoding uses, which keeps each IKEv1 initiator's cookie (the role
// of a later message depends on it). Any other frame (IPv6, ESP in UDP, ICMP errors, ARP, F5's
// trailer, a cut header, ...) is left to the whole decoding (binaryFeed.ts). The row is the one
// writeRow writes from the frame's copy (a property test compares them).
import { be16, be32 } from '../reading/pcap/bytes';
import { ikeDetails } from '../reading/pcap/copy';
import type { FrameDecoder, IsakmpHeader } from '../reading/pcap/decode';
import { readF5Trailer } from '../reading/pcap/f5';
import type { RawPacket } from '../reading/pcap/file';
import { isIkePort, isPrivateIpv4 } from '../reading/packet';
import { Row } from './copyRows';
import { FlowKeyTable } from './flows';
import {
  endLikeness,
  Likeness,
  mixDecimalField,
  mixHexField,
  mixNumberField,
  mixTextField,
  startLikeness,
  STRONG,
  tcpStrength,
  WEAK,
} from './likeness';

// The forms of flow keys (flows.ts).
const BY_PORTS = 0;
const BY_ESP = 1;
const BY_ECHO = 3;

/** The text form's TCP flags (text.ts tcpFlagText, `none` read as ''), by the flags byte. */
const TCP_FLAGS = Array.from({ length: 256 }, (_, flags) =>
  [...'FSRP.UEW'].filter((_letter, bit) => flags & (1 << bit)).join(''),
);

/** The service's word for the IP protocols written here (decode.ts protocolWord). */
const PROTOCOL_TEXTS: Readonly<Record<number, string>> = {
  1: 'icmp',
  6: 'tcp',
  17: 'udp',
  50: 'esp',
};

/** Writes the rows of the common frames straight from their bytes, their words numbered by `table`. */
export class FrameRowWriter {
  /** Per IP protocol: its word, -1 until it is asked for. */
  private readonly protocolWords = new Int32Array(256).fill(-1);
  /** The likenesses of the IKE messages seen, two integers each (ikeLikeness), and where each header's key has its own. */
  private readonly ikeLikenesses: number[] = [];
  private readonly ikeKeys = new Map<number, number>();

  /** Rows numbered by `table`; IKE headers read by `decoder`, the one that decodes the other frames of the file. */
  constructor(
    private readonly table: FlowKeyTable,
    private readonly decoder: FrameDecoder,
  ) {}

  /**
   * Writes the row of a packet's frame, on `line`, at `at` of `rows` (its DIALECT left to the
   * caller, its KEY -1 as writeRow leaves it); false, with the row untouched, for a frame of
   * another form.
   */
  write(raw: RawPacket, line: number, rows: Int32Array, at: number): boolean {
    const data = raw.bytes;
    const n = raw.end;
    const start = raw.start;
    // The link header: where the IPv4 packet starts, and the direction a Linux cooked capture says.
    let ip: number;
    let direction = 0;
    switch (raw.linkType) {
      case 1: {
        // Ethernet, with 802.1Q / 802.1ad / QinQ tags.
        if (n - start < 14) return false;
        let etherType = be16(data, start + 12);
        ip = start + 14;
        while (
          (etherType === 0x8100 || etherType === 0x88a8 || etherType === 0x9100) &&
          ip + 4 <= n
        ) {
          etherType = be16(data, ip + 2);
          ip += 4;
        }
        if (etherType !== 0x0800) return false;
        break;
      }
      case 113: // Linux cooked v1: packet type first, protocol at 14
        if (n - start < 16 || be16(data, start + 14) !== 0x0800) return false;
        direction = cookedDirection(be16(data, start));
        ip = start + 16;
        break;
      case 276: // Linux cooked v2: protocol first, packet type at 10
        if (n - start < 20 || be16(data, start) !== 0x0800) return false;
        direction = cookedDirection(data[start + 10]);
        ip = start + 20;
        break;
      case 12:
      case 14:
      case 101:
      case 228: // raw IP
        ip = start;
        break;
      default:
        return false;
    }
    if (n - ip < 20 || data[ip] >> 4 !== 4) return false;
    const headerLength = (data[ip] & 0x0f) * 4;
    const total = be16(data, ip + 2);
    if (headerLength < 20 || total < headerLength || (be16(data, ip + 6) & 0x1fff) !== 0)
      return false;
    // Bytes after an Ethernet frame's packet: padding, or F5's trailer, which only the whole decoding reads.
    const networkEnd = Math.min(ip + total, n);
    if (
      raw.linkType === 1 &&
      networkEnd < n &&
      readF5Trailer(raw.data, networkEnd - start) !== undefined
    )
      return false;
    const protocol = data[ip + 9];
    const transport = ip + headerLength;
    const captured = networkEnd - transport;
    const payloadLength = total - headerLength;
    // What each protocol gives: its ports, its likeness's fields, its length.
    let srcPort = -1;
    let dstPort = -1;
    let length: number;
    /** IKE: where its ISAKMP header starts (-2 for a NAT keepalive), and where the datagram ends; -1 for no IKE. */
    let ikeAt = -1;
    let ikeEnd = 0;
    let nonEsp = false;
    switch (protocol) {
      case 6:
        if (captured < 20) return false;
        srcPort = be16(data, transport);
        dstPort = be16(data, transport + 2);
        length = Math.max(0, payloadLength - (data[transport + 12] >> 4) * 4);
        break;
      case 17:
        if (captured < 8) return false;
        srcPort = be16(data, transport);
        dstPort = be16(data, transport + 2);
        length = Math.max(0, be16(data, transport + 4) - 8);
        if (isIkePort(srcPort) || isIkePort(dstPort)) {
          // Where decode.ts finds ISAKMP: on 500; on 4500 a lone 0xff (a keepalive) or behind four zero bytes.
          const body = transport + 8;
          const bodyEnd = Math.min(networkEnd, body + length);
          if (srcPort === 500 || dstPort === 500) ikeAt = body;
          else if (length === 1 && bodyEnd > body && data[body] === 0xff) ikeAt = -2;
          else if (bodyEnd - body >= 4 && be32(data, body) === 0) {
            ikeAt = body + 4;
            nonEsp = true;
          } else return false; // ESP in UDP, or a message cut short: the whole decoding
          ikeEnd = bodyEnd;
        }
        break;
      case 50:
        if (captured < 8) return false;
        length = payloadLength;
        break;
      case 1:
        if (captured < 8 || (data[transport] !== 0 && data[transport] !== 8)) return false;
        length = payloadLength;
        break;
      default:
        return false;
    }

    const table = this.table;
    const src = table.ipv4Word(be32(data, ip + 12));
    const dst = table.ipv4Word(be32(data, ip + 16));
    let protocolWord = this.protocolWords[protocol];
    if (protocolWord < 0)
      protocolWord = this.protocolWords[protocol] = table.word(PROTOCOL_TEXTS[protocol]);
    const spi = protocol === 50 ? be32(data, transport) : 0;
    // IKE: what the copy says of the message (copy.ts), its exchange and role, makes its likeness.
    const ike = ikeAt !== -1;
    const ikeLikeness = ike
      ? this.ikeLikeness(
          ikeAt === -2
            ? 'keepalive'
            : this.decoder.isakmp(data, ikeAt, ikeEnd, table.texts[src], table.texts[dst]),
          nonEsp || srcPort === 4500 || dstPort === 4500,
        )
      : 0;
    rows[at + Row.LINE] = line;
    rows[at + Row.END_LINE] = line;
    rows[at + Row.DIRECTION] = direction;
    rows[at + Row.ERROR] = 0;
    rows[at + Row.SRC] = src;
    rows[at + Row.DST] = dst;
    rows[at + Row.PROTOCOL] = protocolWord;
    rows[at + Row.SPI] = protocol === 50 ? table.spiWord(spi) : -1;
    rows[at + Row.SRC_PORT] = srcPort;
    rows[at + Row.DST_PORT] = dstPort;
    rows[at + Row.FORM] = protocol === 50 ? BY_ESP : protocol === 1 ? BY_ECHO : BY_PORTS;
    rows[at + Row.FORM_WORD] =
      protocol === 50
        ? rows[at + Row.SPI]
        : protocol === 1
          ? be16(data, transport + 4)
          : protocolWord;
    rows[at + Row.QUOTE] = 0;
    for (let field = Row.QUOTED_DST; field <= Row.QUOTED_DST_PORT; field++) rows[at + field] = -1;

    // tcpdump -v's likeness: protocol, IP id, length.
    const ipId = be16(data, ip + 4);
    if (ipId !== 0) {
      startLikeness(Likeness.IP_ID);
      mixTextField(PROTOCOL_TEXTS[protocol]);
      mixNumberField(ipId);
      mixNumberField(ike ? undefined : length);
      endLikeness(rows, at + Row.ID_HASH);
    } else {
      rows[at + Row.ID_HASH] = -1;
      rows[at + Row.ID_CHECK] = 0;
    }
    // The other likeness, and how sure it is.
    let strength = STRONG;
    switch (protocol) {
      case 6: {
        const flags = data[transport + 13];
        const seq = be32(data, transport + 4);
        startLikeness(Likeness.TCP);
        mixTextField(TCP_FLAGS[flags]);
        mixDecimalField(seq);
        if (flags & 0x10) mixDecimalField(be32(data, transport + 8));
        else mixTextField('');
        mixNumberField(length);
        endLikeness(rows, at + Row.HASH);
        strength = tcpStrength((flags & 0x02) !== 0, decimalDigits(seq));
        break;
      }
      case 17:
        strength = WEAK;
        if (ike) {
          rows[at + Row.HASH] = this.ikeLikenesses[ikeLikeness];
          rows[at + Row.CHECK] = this.ikeLikenesses[ikeLikeness + 1];
          break;
        }
        startLikeness(Likeness.UDP);
        mixNumberField(length);
        endLikeness(rows, at + Row.HASH);
        break;
      case 50:
        startLikeness(Likeness.ESP);
        mixHexField(spi, 8);
        mixHexField(be32(data, transport + 4), 0);
        endLikeness(rows, at + Row.HASH);
        break;
      default:
        startLikeness(Likeness.ECHO);
        mixNumberField(data[transport]);
        mixNumberField(be16(data, transport + 4));
        mixNumberField(be16(data, transport + 6));
        endLikeness(rows, at + Row.HASH);
        break;
    }
    rows[at + Row.KIND] =
      protocol === 6
        ? Likeness.TCP
        : protocol === 17
          ? ike
            ? Likeness.IKE
            : Likeness.UDP
          : protocol === 50
            ? Likeness.ESP
            : Likeness.ECHO;
    rows[at + Row.STRENGTH] = strength;
    rows[at + Row.KEY] = -1;
    rows[at + Row.PRIVATE] =
      strength === WEAK && direction === 0
        ? (isPrivateIpv4(be32(data, ip + 12)) ? 1 : 0) +
          (isPrivateIpv4(be32(data, ip + 16)) ? 2 : 0)
        : 0;
    rows[at + Row.VIRTUAL_SERVER] = -1;
    rows[at + Row.F5_FLOW] = -1; // F5's trailer, the only source of flow ids here, takes the whole decoding
    rows[at + Row.F5_PEER] = -1;
    return true;
  }

  /**
   * Where the likeness (hash and check) of an IKE message is in `ikeLikenesses`: mixed from what
   * the copy says of it (ikeDetails) the first time its header's fields are seen, looked up after.
   */
  private ikeLikeness(
    header: IsakmpHeader | 'keepalive' | 'truncated',
    natTraversal: boolean,
  ): number {
    // What ikeDetails reads: the version, exchange, flags, whether the message id is 0, the role.
    const key =
      header === 'keepalive'
        ? -1
        : header === 'truncated'
          ? -2 - (natTraversal ? 1 : 0)
          : (header.major & 15) |
            ((header.exchange & 255) << 4) |
            ((header.flags & 255) << 12) |
            (header.messageId === 0 ? 1 << 20 : 0) |
            ((header.role === 'I' ? 1 : header.role === 'R' ? 2 : 0) << 21) |
            (natTraversal ? 1 << 23 : 0);
    let where = this.ikeKeys.get(key);
    if (where === undefined) {
      const details = ikeDetails(header, natTraversal);
      startLikeness(Likeness.IKE);
      mixTextField(details.exchange);
      if (details.role === undefined) mixNumberField(undefined);
      else mixTextField(details.role);
      mixNumberField(undefined);
      where = this.ikeLikenesses.length;
      this.ikeLikenesses.push(0, 0);
      const pair = new Int32Array(2);
      endLikeness(pair, 0);
      this.ikeLikenesses[where] = pair[0];
      this.ikeLikenesses[where + 1] = pair[1];
      this.ikeKeys.set(key, where);
    }
    return where;
  }
}

/** A Linux cooked capture's packet type as a row's direction: 1 received (0), 2 sent (4), 0 any other. */
function cookedDirection(packetType: number): number {
  return packetType === 0 ? 1 : packetType === 4 ? 2 : 0;
}

/** How many decimal digits a whole number in [0, 2^32) has. */
function decimalDigits(value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}
