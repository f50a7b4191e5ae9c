// F5 captures: `tcpdump -i 0.0:nnn -w` on a BIG-IP appends the F5 Ethernet trailer to each frame.
// The tests write trailers byte by byte from the documented layout (every noise level and
// version Wireshark's dissector knows, both formats, IPv4, IPv6 and route-domain peers, padding
// and an FCS before the trailer, trailers cut short) and check the text form the editor shows
// (tcpdump's F5 suffix), the copies read straight from the bytes (the same as from the text), and
// what pairing and naming take from them.
import * as assert from 'assert';
import { analyseCapture } from '../../../server/src/service/capture/engine/analysis';
import { inspectText } from '../../../server/src/service/capture/engine/inspect';
import { packetHover } from '../../../server/src/service/capture/features/hover';
import { parseCapture } from '../../../server/src/service/capture/reading/parser';
import { captureText } from '../../../server/src/service/capture/reading/pcap';
import {
  ascii,
  bytes,
  ethernet,
  f5OldTlv,
  f5PeerFields,
  f5ResetCause,
  f5Tlv,
  f5Trailer,
  hexBytes,
  IPV4,
  ipv4,
  pcapFile,
  SYN,
  tcp,
  u16,
  u32,
  f5FullProxyDump,
  f5PseudoPacket,
  FULL_PROXY_FLOWS,
} from '../../pcapFiles';
import { copiesOf, fieldsOf } from './support';

/** A client's SYN to a virtual server (IP id `id`), in an Ethernet frame with `trailer` after it. */
function synFrame(id: number, trailer: Uint8Array): Uint8Array {
  const segment = tcp({ srcPort: 51000, dstPort: 443, seq: 1000, flags: SYN, window: 64240 });
  return ethernet(
    IPV4,
    ipv4({ src: '10.1.1.10', dst: '192.0.2.80', protocol: 6, id, payload: segment }),
    { trailer },
  );
}

function fileOf(frames: readonly Uint8Array[]): Uint8Array {
  return pcapFile(
    frames.map((data, i) => ({ data, seconds: 1_700_000_000 + i })),
    { linkType: 1 },
  );
}

/** What each packet's first line of the text form says after its -v IP header (the F5 suffix). */
function suffixes(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^\s+\d+ {2}\d\d:/.test(line))
    .map((line) => line.slice(line.search(/, length \d+\)/)).replace(/^, length \d+\)/, ''));
}

const PEER_V4 = {
  protocol: 6,
  vlan: 4093,
  remote: '10.20.0.5',
  local: '10.20.0.245',
  remotePort: 8443,
  localPort: 40123,
};
const PEER_V6 = {
  protocol: 6,
  vlan: 0,
  remote: '2001:db8:20::5',
  local: '2001:db8:20::f5',
  remotePort: 443,
  localPort: 1025,
};
const PEER_ROUTED = {
  protocol: 17,
  vlan: 12,
  remote: '10.30.0.7%2',
  local: '10.30.0.1%2',
  remotePort: 53,
  localPort: 5353,
};

/** Each noise level and version, as the trailer's bytes and what the text form prints for them. */
const CASES: readonly { name: string; trailer: Uint8Array; suffix: string }[] = [
  {
    name: 'BIG-IP 10 low (v0: a 16-byte name)',
    trailer: f5OldTlv(1, 0, 1, 0, 2, ascii('/Common/vs_web', 16)),
    suffix: ' in slot1/tmm2 lis=/Common/vs_web',
  },
  {
    name: 'BIG-IP 9.4 low (v0, 35 bytes: flow ids inside, slots from 0) and medium (8 bytes, little-endian slot and port)',
    trailer: bytes(
      f5OldTlv(1, 0, 0, 3, 1, u32(0x1a2b), u32(0x1a2c), u32(0x8000), 0x40, ascii('vs94', 16)),
      f5OldTlv(2, 0, 1, [5, 0], [3, 0]),
    ),
    suffix:
      ' out slot3/tmm1 lis=vs94 flowtype=64 flowid=1A2B peerid=1A2C conflags=8000 inslot=5 inport=3 haunit=1',
  },
  {
    name: 'BIG-IP 10 medium (v0, 21 bytes: 32-bit flow ids, little-endian slot and port)',
    trailer: bytes(
      f5OldTlv(1, 1, 0, 0, 0, 0),
      f5OldTlv(2, 0, u32(0x3c00), u32(0), u32(0x24), 0x40, 0, [19, 0], [23, 0]),
    ),
    suffix:
      ' out slot1/tmm0 lis= flowtype=64 flowid=3C00 peerid=0 conflags=24 inslot=19 inport=23 haunit=0',
  },
  {
    name: 'BIG-IP 11 :nnn (low v1, medium v0 of 29 bytes, high v0 with an IPv4 peer)',
    trailer: bytes(
      f5OldTlv(1, 1, 1, 0, 1, 15, ascii('/Common/vs_http')),
      f5OldTlv(
        2,
        0,
        hexBytes('56000000B200'),
        hexBytes('5600000AB300'),
        u32(0x100200),
        0x40,
        1,
        u16(19),
        u16(23),
      ),
      f5OldTlv(3, 0, f5PeerFields(PEER_V4)),
    ),
    suffix:
      ' in slot1/tmm1 lis=/Common/vs_http flowtype=64 flowid=56000000B200 peerid=5600000AB300 conflags=100200 inslot=19 inport=23 haunit=1 peerremote=10.20.0.5 peerlocal=10.20.0.245 remoteport=8443 localport=40123 proto=6 vlan=4093',
  },
  {
    name: 'medium v1 (a reset cause)',
    trailer: bytes(
      f5OldTlv(1, 1, 0, 1, 3, 9, ascii('/Common/x')),
      f5OldTlv(
        2,
        1,
        hexBytes('A1'),
        hexBytes('0'),
        u32(0),
        0x40,
        0,
        u16(1),
        u16(2),
        f5ResetCause(0x2d4a8c, 3034, 'No local listener'),
      ),
    ),
    suffix:
      ' out slot2/tmm3 lis=/Common/x flowtype=64 flowid=A1 peerid=0 conflags=0 inslot=1 inport=2 haunit=0 rstcause="[0x2d4a8c:3034] No local listener"',
  },
  {
    name: 'medium v2 (a priority) and a peer reset cause',
    trailer: bytes(
      f5OldTlv(1, 1, 1, 0, 0, 0),
      f5OldTlv(
        2,
        2,
        hexBytes('B2'),
        hexBytes('B3'),
        u32(7),
        0x40,
        0,
        u16(1),
        u16(2),
        3,
        f5ResetCause(0x11, 7, 'Flow expired (sweeper)', true),
      ),
    ),
    suffix:
      ' in slot1/tmm0 lis= flowtype=64 flowid=B2 peerid=B3 conflags=7 inslot=1 inport=2 haunit=0 priority=3 rstcause="[0x11:7] {peer} Flow expired (sweeper)"',
  },
  {
    name: 'medium v3 (64-bit flow flags), no reset cause',
    trailer: bytes(
      f5OldTlv(1, 1, 1, 0, 0, 0),
      f5OldTlv(
        2,
        3,
        hexBytes('C4'),
        hexBytes('C5'),
        u32(1),
        u32(0x8000024),
        0x40,
        1,
        u16(1),
        u16(5),
        3,
        0,
      ),
    ),
    suffix:
      ' in slot1/tmm0 lis= flowtype=64 flowid=C4 peerid=C5 conflags=108000024 inslot=1 inport=5 haunit=1 priority=3',
  },
  {
    name: 'BIG-IP 14 low v2 (the direction byte alone)',
    trailer: f5Trailer(f5Tlv(1, 1, 2, 0, 0, 4, 10, ascii('/Common/vs'))),
    suffix: ' out slot1/tmm4 lis=/Common/vs',
  },
  {
    name: 'BIG-IP 14 :nnn (low v3 flags, medium v4 with a reset cause, high v1 with an IPv6 peer)',
    trailer: f5Trailer(
      f5Tlv(1, 1, 3, 0x07, 1, 2, 10, ascii('/Common/v6')),
      f5Tlv(
        1,
        2,
        4,
        hexBytes('D000000100'),
        hexBytes('D000000200'),
        u32(0),
        u32(0x24),
        0x40,
        1,
        u32(0),
        3,
        f5ResetCause(0x99, 12, 'RST from server'),
      ),
      f5Tlv(1, 3, 1, f5PeerFields(PEER_V6)),
    ),
    suffix:
      ' in slot2/tmm2 lis=/Common/v6 flowtype=64 flowid=D000000100 peerid=D000000200 conflags=24 haunit=1 priority=3 rstcause="[0x99:12] RST from server" peerremote=2001:db8:20::5 peerlocal=2001:db8:20::f5 remoteport=443 localport=1025 proto=6 vlan=0',
  },
  {
    name: 'BIG-IP 15.1 low v4 (the virtual server, interface and trunk named), a TLS key TLV skipped, a route-domain peer',
    trailer: f5Trailer(
      f5Tlv(4, 0, 1, new Array<number>(20).fill(0x77)),
      f5Tlv(
        1,
        1,
        4,
        0x00,
        0,
        1,
        [2 + 12 + 2 + 3 + 2 + 6],
        0,
        12,
        ascii('/Common/dns1'),
        1,
        3,
        ascii('1.1'),
        2,
        6,
        ascii('trunk1'),
      ),
      f5Tlv(1, 2, 4, hexBytes('E1'), hexBytes('E2'), u32(0), u32(0), 0x40, 0, u32(0), 3, 0),
      f5Tlv(1, 3, 1, f5PeerFields(PEER_ROUTED)),
    ),
    suffix:
      ' out slot1/tmm1 lis=/Common/dns1 port=1.1 trunk=trunk1 flowtype=64 flowid=E1 peerid=E2 conflags=0 haunit=0 priority=3 peerremote=10.30.0.7%2 peerlocal=10.30.0.1%2 remoteport=53 localport=5353 proto=17 vlan=12',
  },
  {
    name: 'a peer id of 0: the high TLV says no peer',
    trailer: f5Trailer(
      f5Tlv(1, 1, 3, 0x01, 0, 0, 0),
      f5Tlv(1, 2, 4, hexBytes('F1'), hexBytes('0'), u32(0), u32(0), 0x40, 0, u32(0), 3, 0),
      f5Tlv(1, 3, 1, new Array<number>(39).fill(0)),
    ),
    suffix: ' in slot1/tmm0 lis= flowtype=64 flowid=F1 peerid=0 conflags=0 haunit=0 priority=3',
  },
  {
    name: 'a trailer after the frame check sequence',
    trailer: bytes(0xde, 0xad, 0xbe, 0xef, f5Trailer(f5Tlv(1, 1, 3, 0x01, 4, 7, 4, ascii('/fcs')))),
    suffix: ' in slot5/tmm7 lis=/fcs',
  },
  {
    name: 'no trailer: bytes that are not F5 after the packet',
    trailer: bytes(0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42),
    suffix: '',
  },
  {
    name: 'cut short: the high TLV longer than the trailer, the low and medium TLVs before it kept',
    trailer: f5Trailer(
      f5Tlv(1, 1, 3, 0x01, 0, 0, 3, ascii('/cs')),
      f5Tlv(1, 2, 4, hexBytes('A5'), hexBytes('A6'), u32(0), u32(0), 0x40, 0, u32(0), 3, 0),
      f5Tlv(1, 3, 1, f5PeerFields(PEER_V4)),
    ).subarray(0, 8 + 15 + 40 + 20),
    suffix: ' in slot1/tmm0 lis=/cs flowtype=64 flowid=A5 peerid=A6 conflags=0 haunit=0 priority=3',
  },
  {
    name: 'cut short inside its first TLV: nothing says which way the packet went',
    trailer: f5Trailer(f5Tlv(1, 1, 3, 0x01, 0, 0, 9, ascii('/Common/x'))).subarray(0, 14),
    suffix: '',
  },
  {
    name: 'an old-format trailer cut inside its medium TLV: the low one kept',
    trailer: bytes(
      f5OldTlv(1, 1, 1, 1, 0, 2, ascii('/o')),
      f5OldTlv(2, 0, hexBytes('1'), hexBytes('2'), u32(0), 0, 0, u16(0), u16(0)).subarray(0, 12),
    ),
    suffix: ' in slot2/tmm0 lis=/o',
  },
];

describe('F5 captures: the Ethernet trailer of tcpdump -i IF:nnn', () => {
  it('reads every noise level and version, and prints it as F5 tcpdump suffixes a packet', () => {
    const file = fileOf(CASES.map((c, i) => synFrame(100 + i, c.trailer)));
    const text = captureText(file, 'f5.pcap').text;
    assert.deepStrictEqual(
      suffixes(text).map((suffix, i) => `${CASES[i].name}:${suffix}`),
      CASES.map((c) => `${c.name}:${c.suffix}`),
    );
  });

  it('gives the same copies from the bytes as from the text form, the F5 facts in them', () => {
    const file = fileOf(CASES.map((c, i) => synFrame(100 + i, c.trailer)));
    const { copies: direct, fault } = copiesOf(file);
    assert.strictEqual(fault, undefined);
    const parsed = parseCapture(captureText(file, 'f5.pcap').text);
    assert.deepStrictEqual(parsed.unrecognised, []);
    assert.deepStrictEqual(direct.map(fieldsOf), parsed.copies.map(fieldsOf));
    const eleven = direct[3];
    assert.deepStrictEqual(
      [eleven.direction, eleven.via, eleven.virtualServer, eleven.f5],
      [
        'in',
        'slot1/tmm1',
        '/Common/vs_http',
        {
          flowId: '56000000B200',
          peerId: '5600000AB300',
          peer: {
            protocol: 6,
            vlan: 4093,
            remote: '10.20.0.5',
            local: '10.20.0.245',
            remotePort: 8443,
            localPort: 40123,
          },
        },
      ],
    );
    assert.deepStrictEqual(direct[9].f5?.port, '1.1');
    assert.deepStrictEqual(direct[12].direction, undefined, 'no trailer, no direction');
  });

  it('reads a trailer after Ethernet padding on a short frame', () => {
    // An ARP request is 42 bytes; the switch pads it to 60 before tmm appends the trailer.
    const arp = bytes(
      u16(1),
      u16(0x0800),
      6,
      4,
      u16(1),
      [0, 1, 2, 3, 4, 5],
      [192, 0, 2, 1],
      [0, 0, 0, 0, 0, 0],
      [192, 0, 2, 2],
    );
    const frame = bytes(
      ethernet(0x0806, arp),
      new Array<number>(18).fill(0),
      f5Trailer(f5Tlv(1, 1, 3, 0x00, 0, 3, 0)),
    );
    const text = captureText(fileOf([frame]), 'arp.pcap').text;
    assert.strictEqual(
      text.split('\n')[1],
      '    1  22:13:20.000000 ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 192.0.2.2 tell 192.0.2.1, length 28 out slot1/tmm3 lis=',
    );
  });

  it('pairs the two sides of the balancer by its in/out and names the virtual server, as for the text dump', () => {
    // The same packet received from the client and sent to the pool member, NAT on both ends:
    // neither the IP id nor anything else says it is one packet, only the trailer's in and out.
    const client = tcp({
      srcPort: 51000,
      dstPort: 443,
      seq: 1000,
      ack: 1,
      flags: 0x18,
      window: 502,
      payload: new Uint8Array(100),
    });
    const server = tcp({
      srcPort: 40123,
      dstPort: 8443,
      seq: 1000,
      ack: 1,
      flags: 0x18,
      window: 502,
      payload: new Uint8Array(100),
    });
    const low = (ingress: number): Uint8Array =>
      f5OldTlv(1, 1, ingress, 0, 1, 15, ascii('/Common/vs_http'));
    const frames = [
      ethernet(
        IPV4,
        ipv4({ src: '10.1.1.10', dst: '192.0.2.80', protocol: 6, id: 7, payload: client }),
        { trailer: low(1) },
      ),
      ethernet(
        IPV4,
        ipv4({ src: '10.20.0.245', dst: '10.20.0.5', protocol: 6, id: 9000, payload: server }),
        { trailer: low(0) },
      ),
    ];
    const text = captureText(fileOf(frames), 'vs.pcap').text;
    const analysis = analyseCapture(parseCapture(text));
    const [first, second] = analysis.packets[0]?.copies ?? [];
    assert.deepStrictEqual([first?.line, second?.line, analysis.packets.length], [1, 3, 1], text);
    assert.match(packetHover(analysis, 1) ?? '', /virtual server `\/Common\/vs_http`/);
  });
});

describe('F5 captures: the two sides of a full proxy', () => {
  const { text: textDump, binary: binaryDump } = f5FullProxyDump();

  /** Each flow's packets, by their order in the dump (the first is 1), in the editor's analysis. */
  function flowsOf(text: string): number[][] {
    const analysis = analyseCapture(parseCapture(text));
    const copies = analysis.parsed.copies;
    return analysis.flows.map((flow) =>
      copies.flatMap((c, i) =>
        analysis.flowOf.get(analysis.packetOf.get(c)!) === flow ? [i + 1] : [],
      ),
    );
  }

  it("joins the client's and the server's connection into one flow by the flow ids F5 gives them, in the editor", () => {
    const joined = [
      [1, 2, 3, 4, 6, 7, 9, 10],
      [5, 8],
    ];
    assert.deepStrictEqual(flowsOf(textDump), joined);
    assert.deepStrictEqual(flowsOf(captureText(binaryDump, 'proxy.pcap').text), joined);
  });

  it('gives both sides the same flow number in inspect --json, from the flow ids of the text or the trailer', () => {
    assert.deepStrictEqual(
      inspectText(textDump).map((r) => ('flow' in r ? r.flow : undefined)),
      [1, 1, 1, 1, 2, 1, 1, 2, 1, 1],
    );
    const { copies } = copiesOf(binaryDump);
    assert.deepStrictEqual(
      copies.map((c) => [c.f5?.flowId, c.f5?.peerId]),
      FULL_PROXY_FLOWS,
    );
  });
});

describe("F5 captures: the capture's information in its first packet", () => {
  const info = f5PseudoPacket([
    'CMD: tcpdump -nni 0.0:nnn -s0 -w /var/tmp/vs_https.pcap host 192.0.2.80',
    'VER: BIG-IP 15.1.8 Build 0.0.7 Point Release 7',
    'HOST: bigip1.example.com',
    'PLAT: Z100',
    'PROD: BIG-IP',
  ]);
  const file = fileOf([info, synFrame(7, f5OldTlv(1, 1, 1, 0, 1, 15, ascii('/Common/vs_http')))]);

  it('shows it as a comment line of the text form that says what it holds, not as a packet', () => {
    const text = captureText(file, 'vs_https.pcap').text;
    assert.deepStrictEqual(text.split('\n').slice(1, 3), [
      '# F5 capture information (packet 1): command "tcpdump -nni 0.0:nnn -s0 -w /var/tmp/vs_https.pcap host 192.0.2.80", version "BIG-IP 15.1.8 Build 0.0.7 Point Release 7", host "bigip1.example.com", platform "Z100", product "BIG-IP"',
      '    2  22:13:21.000000 IP (tos 0x0, ttl 64, id 7, offset 0, flags [none], proto TCP (6), length 40) in slot1/tmm1 lis=/Common/vs_http',
    ]);
    const parsed = parseCapture(text);
    assert.deepStrictEqual(
      [parsed.unrecognised, parsed.copies.map((c) => [c.line, c.src, c.virtualServer])],
      [[], [[2, '10.1.1.10', '/Common/vs_http']]],
    );
  });

  it('gives no copy read straight from the bytes: the first packet of the dump is the second of the file', () => {
    const { copies, fault } = copiesOf(file);
    assert.deepStrictEqual(
      [fault, copies.map((c) => [c.number, c.line, c.src, c.protocol])],
      [undefined, [[2, 1, '10.1.1.10', 'tcp']]],
    );
  });

  it('is only the frame with the marker: a frame of zero addresses and length 0x05FF without it stays an 802.3 frame', () => {
    const other = bytes(new Array<number>(12).fill(0), u16(0x05ff), ascii('F5-Pseudo-pk!'), 0);
    const text = captureText(fileOf([other]), 'x.pcap').text;
    assert.strictEqual(text.split('\n')[1], '    1  22:13:20.000000 802.3, length 28');
  });
});
