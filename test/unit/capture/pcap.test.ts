// Binary captures: pcap and pcapng files the tests write byte by byte (both byte orders,
// microsecond and nanosecond stamps, several sections and interfaces, snap lengths, damaged
// files), every link type and protocol the reader takes, the text form the editor shows, and the
// copies the command line reads straight from the bytes, which must be those the text form reads.
import * as assert from 'assert';
import { parseCapture } from '../../../server/src/service/capture/reading/parser';
import { captureText, CaptureTextWriter } from '../../../server/src/service/capture/reading/pcap';
import {
  bytes,
  esp,
  ethernet,
  IPV4,
  ipv4,
  LINKTYPE,
  pcapFile,
  pcapngFile,
  sll,
  SYN,
  tcp,
  u16,
  udp,
} from '../../pcapFiles';
import { SAMPLE_FRAMES } from '../../pcapSamples';
import { copiesOf, fieldsOf, reading } from './support';

/** Sample frames of one link type as one pcap file, a second apart. */
function samplesFile(linkType: number): Uint8Array {
  const frames = SAMPLE_FRAMES.filter((f) => f.linkType === linkType);
  return pcapFile(
    frames.map((f, i) => ({ data: f.data, seconds: 1_700_000_000 + i, nanos: 250_000_000 })),
    { linkType },
  );
}

const LINK_TYPES = [...new Set(SAMPLE_FRAMES.map((f) => f.linkType))];

describe('binary captures (pcap, pcapng)', () => {
  it('reads every sample frame from the bytes to the copy the tcpdump dialect reads from its text', () => {
    for (const linkType of LINK_TYPES) {
      const file = samplesFile(linkType);
      const direct = copiesOf(file).copies;
      const text = captureText(file, 'samples.pcap');
      const parsed = parseCapture(text.text);
      assert.deepStrictEqual(parsed.unrecognised, [], text.text);
      assert.strictEqual(parsed.copies.length, direct.length, text.text);
      direct.forEach((copy, i) => {
        const name = SAMPLE_FRAMES.filter((f) => f.linkType === linkType)[i].name;
        assert.deepStrictEqual(fieldsOf(copy), fieldsOf(parsed.copies[i]), `${name}\n${text.text}`);
        assert.strictEqual(parsed.copies[i].line, text.packetLines[i]);
        assert.strictEqual(
          copy.line,
          i,
          'one line per packet: the line is the packet number less one',
        );
      });
    }
  });

  it('reads every link type and protocol', () => {
    const readings = LINK_TYPES.flatMap((linkType) =>
      copiesOf(samplesFile(linkType)).copies.map((c) => reading(c).replace(/^\d+ · /, '')),
    );
    assert.deepStrictEqual(readings, [
      'tcp · 10.1.1.10.51000 > 203.0.113.80.443 · id 4001 · [S] seq 1000 len 0',
      'tcp · 203.0.113.80.443 > 10.1.1.10.51000 · id 4002 · [P.] seq 9000 ack 1001 len 100',
      'tcp · 192.0.2.10.80 > 192.0.2.20.40000 · id 5 · [R.] seq 7 ack 8 len 0',
      'udp · 10.2.2.2.5353 > 10.3.3.3.9999 · id 6',
      'esp · 198.51.100.1 > 203.0.113.9 · id 77 · esp 0x0c0ffee1 0x5',
      'ah · 198.51.100.1 > 203.0.113.9 · id 78 · ah 0x00001000 0x3',
      'gre · 192.0.2.1 > 192.0.2.2 · id 79',
      'udp · 10.1.1.254.500 > 203.0.113.9.500 · id 80 · ike v1 phase 1 ident I',
      'udp · 203.0.113.9.500 > 10.1.1.254.500 · id 81 · ike v1 phase 1 ident R',
      'udp · 10.1.1.254.4500 > 203.0.113.9.4500 · id 82 · ike v1 phase 2 oakley-quick I nat-t',
      'udp · 10.9.9.9.500 > 203.0.113.10.500 · id 83 · ike v2 phase 1 ikev2_init I',
      'udp · 203.0.113.10.4500 > 10.9.9.9.4500 · id 84 · ike v2 phase 2 child_sa R nat-t',
      'udp · 10.1.1.254.4500 > 203.0.113.9.4500 · id 85 · esp 0xdeadbeef 0x2a in udp',
      'udp · 10.1.1.254.4500 > 203.0.113.9.4500 · id 86 · ike v? phase ? nat-keep-alive - nat-t keepalive',
      'icmp · 192.0.2.10 > 198.51.100.20 · id 87 · icmp 8/0 id 9 seq 3',
      'icmp · 198.51.100.20 > 192.0.2.10 · id 88 · icmp 0/0 id 9 seq 3',
      'icmp · 192.0.2.53 > 198.51.100.7 · id 89 · icmp 3/3 quotes udp 198.51.100.7.33000 > 192.0.2.53.53 id 777',
      'icmp · 192.0.2.1 > 198.51.100.1 · id 90 · icmp 3/4 mtu 1400 quotes esp 198.51.100.1 > 203.0.113.9 id 91',
      'icmp · 192.0.2.254 > 10.1.1.10 · id 92 · icmp 11/0 quotes tcp 10.1.1.10.51000 > 203.0.113.80.443 id 4001',
      'icmp · 192.0.2.254 > 10.1.1.10 · id 93 · icmp 3/1 quotes tcp 10.1.1.10.51000 > 203.0.113.80.443 id 4001',
      'udp · 10.4.4.4.7000 > 10.5.5.5.7001 · id 3000',
      'udp · 10.4.4.4 > 10.5.5.5 · id 3000',
      'arp · 192.0.2.1 > 192.0.2.2 · arp request',
      'arp · 192.0.2.2 >  · arp reply 00:50:56:04:05:06',
      'tcp · 2001:db8::1.50000 > 2001:db8:0:1::80.80 · [S] seq 1 len 0',
      'udp · fe80::1.546 > ff02::16.547',
      'udp · 2001:db8::a.4500 > 2001:db8::b.4500 · esp 0x00001234 0x1 in udp',
      'esp · 2001:db8::a > 2001:db8::b · esp 0x00004321 0x9',
      'icmp6 · 2001:db8::1 > 2001:db8::2 · icmp 8/0 id 5 seq 1',
      'icmp6 · 2001:db8::2 > 2001:db8::1 · icmp 3/3 quotes udp 2001:db8::2.53',
      'icmp6 · fe80::1 > ff02::1:ff00:2 · icmp 135/0',
      'esp · 203.0.113.9 > 10.1.1.254 · in · id 94 · esp 0xfeedf00d 0x1',
      'esp · 10.1.1.254 > 203.0.113.9 · out · id 95 · esp 0x0badcafe 0x1',
      'tcp · 198.51.100.7.2614 > 192.0.2.80.443 · in · id 96 · [S] seq 1000 len 0',
      'tcp · 2001:db8::80.443 > 2001:db8::7.2614 · out · [S.] seq 5 ack 1001 len 0',
      'udp · 10.6.6.6.123 > 10.7.7.7.123 · id 97',
      'tcp · 2001:db8::6.22 > 2001:db8::7.60000 · [.] seq 3 ack 4 len 0',
      'tcp · 127.0.0.1.6379 > 127.0.0.1.35901 · id 98 · [.] seq 1 ack 2 len 0',
      'udp · ::1.5000 > ::1.5001',
    ]);
  });

  it('writes the text form tcpdump -# -nn -v -S prints, numbered, under its reading line', () => {
    const file = pcapFile(
      [
        { data: SAMPLE_FRAMES[0].data, seconds: 1_700_000_000, nanos: 123_456_000 },
        { data: SAMPLE_FRAMES[4].data, seconds: 1_700_000_001, nanos: 0 },
        { data: SAMPLE_FRAMES[16].data, seconds: 1_700_000_002, nanos: 999_999_000 },
        { data: SAMPLE_FRAMES[26].data, seconds: 1_700_000_003, nanos: 5_000 },
      ],
      { linkType: LINKTYPE.ETHERNET },
    );
    const text = captureText(file, 'tunnel.pcap');
    assert.strictEqual(
      text.text,
      [
        'reading from file tunnel.pcap, link-type EN10MB (Ethernet), snapshot length 262144',
        '    1  22:13:20.123456 IP (tos 0x0, ttl 64, id 4001, offset 0, flags [DF], proto TCP (6), length 40)',
        '    10.1.1.10.51000 > 203.0.113.80.443: Flags [S], seq 1000, win 65535, length 0',
        '    2  22:13:21.000000 IP (tos 0x0, ttl 64, id 77, offset 0, flags [none], proto ESP (50), length 52)',
        '    198.51.100.1 > 203.0.113.9: ESP(spi=0x0c0ffee1,seq=0x5), length 32',
        '    3  22:13:22.999999 IP (tos 0x0, ttl 64, id 89, offset 0, flags [none], proto ICMP (1), length 60)',
        '    192.0.2.53 > 198.51.100.7: ICMP 192.0.2.53 udp port 53 unreachable, length 40',
        '\tIP (tos 0x0, ttl 64, id 777, offset 0, flags [none], proto UDP (17), length 32)',
        '    198.51.100.7.33000 > 192.0.2.53.53: UDP, length 4',
        '    4  22:13:23.000005 IP6 (hlim 64, next-header UDP (17) payload length: 48, frag 0x00000009:0|40) 2001:db8::a.4500 > 2001:db8::b.4500: UDP-encap: ESP(spi=0x00001234,seq=0x1), length 32',
        '',
      ].join('\n'),
    );
    assert.deepStrictEqual(text.packetLines, [1, 3, 5, 9]);
    assert.strictEqual(text.fault, undefined);
  });

  it('reads pcap in both byte orders, with microsecond and nanosecond stamps, to the same packets', () => {
    const packets = [
      { data: SAMPLE_FRAMES[0].data, seconds: 1_700_000_000, nanos: 123_456_789 },
      { data: SAMPLE_FRAMES[4].data, seconds: 1_700_086_399, nanos: 1 },
    ];
    const times = (file: Uint8Array): string[] => copiesOf(file).copies.map((c) => c.time);
    for (const littleEndian of [true, false]) {
      assert.deepStrictEqual(times(pcapFile(packets, { linkType: 1, littleEndian })), [
        '22:13:20.123456',
        '22:13:19.000000',
      ]);
      assert.deepStrictEqual(
        times(pcapFile(packets, { linkType: 1, littleEndian, nanoseconds: true })),
        ['22:13:20.123456789', '22:13:19.000000001'],
      );
      assert.deepStrictEqual(
        copiesOf(pcapFile(packets, { linkType: 1, littleEndian })).copies.map((c) => reading(c)),
        [
          '1 · tcp · 10.1.1.10.51000 > 203.0.113.80.443 · id 4001 · [S] seq 1000 len 0',
          '2 · esp · 198.51.100.1 > 203.0.113.9 · id 77 · esp 0x0c0ffee1 0x5',
        ],
      );
    }
  });

  it('reads pcapng: several sections in either byte order, interfaces of different link types and resolutions, simple packets, unknown blocks', () => {
    const esp = SAMPLE_FRAMES.find((f) => f.name === 'Linux cooked v1, sent')!;
    const raw = SAMPLE_FRAMES.find((f) => f.name === 'raw IPv4')!;
    const file = pcapngFile([
      {
        littleEndian: true,
        interfaces: [
          { linkType: LINKTYPE.ETHERNET, name: 'eth0' },
          { linkType: LINKTYPE.SLL, tsresol: 9 },
        ],
        unknownBlocks: 2,
        packets: [
          { data: SAMPLE_FRAMES[0].data, seconds: 1_700_000_000, nanos: 1_000 },
          { data: esp.data, seconds: 1_700_000_000, nanos: 123_456_789, interfaceId: 1 },
        ],
      },
      {
        littleEndian: false,
        interfaces: [{ linkType: LINKTYPE.RAW, tsresol: 0x80 | 20 }],
        packets: [
          { data: raw.data, seconds: 1_700_000_001, nanos: 500_000_000 },
          { data: raw.data, seconds: 0, simple: true },
        ],
      },
    ]);
    const { copies, fault } = copiesOf(file);
    assert.strictEqual(fault, undefined);
    assert.deepStrictEqual(
      copies.map((c) => `${c.time} ${reading(c)}`),
      [
        '22:13:20.000001 1 · tcp · 10.1.1.10.51000 > 203.0.113.80.443 · id 4001 · [S] seq 1000 len 0',
        '22:13:20.123456789 2 · esp · 10.1.1.254 > 203.0.113.9 · out · id 95 · esp 0x0badcafe 0x1',
        '22:13:21.500000000 3 · udp · 10.6.6.6.123 > 10.7.7.7.123 · id 97',
        '00:00:00.000000000 4 · udp · 10.6.6.6.123 > 10.7.7.7.123 · id 97',
      ],
    );
    // The same file read a byte at a time reads the same.
    assert.deepStrictEqual(copiesOf(file, 1).copies.map(fieldsOf), copies.map(fieldsOf));
    assert.strictEqual(captureText(file, 'x.pcapng').format, 'pcapng');
  });

  it('decodes a packet cut at the snap length as far as its bytes go', () => {
    const full = ethernet(
      IPV4,
      ipv4({
        src: '10.0.0.1',
        dst: '10.0.0.2',
        protocol: 6,
        id: 1,
        payload: tcp({ srcPort: 1234, dstPort: 80, flags: SYN, payload: new Uint8Array(400) }),
      }),
    );
    const cutInPayload = full.subarray(0, 96);
    const cutInHeader = full.subarray(0, 14 + 20 + 6);
    const file = pcapFile(
      [
        { data: cutInPayload, seconds: 1, length: full.length },
        { data: cutInHeader, seconds: 2, length: full.length },
      ],
      { linkType: 1, snapLength: 96 },
    );
    assert.deepStrictEqual(
      copiesOf(file).copies.map((c) => reading(c)),
      [
        '1 · tcp · 10.0.0.1.1234 > 10.0.0.2.80 · id 1 · [S] seq 0 len 400',
        '2 · tcp · 10.0.0.1.1234 > 10.0.0.2.80 · id 1',
      ],
    );
    assert.match(
      captureText(file, 'cut.pcap').text,
      /10\.0\.0\.1\.1234 > 10\.0\.0\.2\.80: \[\|tcp\]\n$/,
    );
  });

  describe('damaged files: one message, the packets before the fault kept', () => {
    const good = pcapFile(
      [0, 1, 2].map((i) => ({ data: SAMPLE_FRAMES[i].data, seconds: 1_700_000_000 + i })),
      { linkType: 1 },
    );

    it('a wrong magic number', () => {
      const { copies, fault } = copiesOf(bytes(0x50, 0x4b, 3, 4, new Uint8Array(40)));
      assert.deepStrictEqual(copies, []);
      assert.strictEqual(
        fault,
        'the file is neither a pcap nor a pcapng capture: it starts with 0x504b0304, not a pcap magic number (a1b2c3d4, a1b23c4d, either byte order) nor a pcapng section header (0a0d0d0a)',
      );
    });

    it('a file cut short inside a packet, and inside its header', () => {
      const cut = copiesOf(good.subarray(0, good.length - 10));
      assert.strictEqual(cut.copies.length, 2);
      assert.strictEqual(
        cut.fault,
        `the file is cut short inside packet 3, at byte ${good.length - 10}: the 2 packets before it are read`,
      );
      assert.strictEqual(
        copiesOf(good.subarray(0, 10)).fault,
        'the file is cut short inside its file header, at byte 10: no packet comes before it',
      );
      assert.strictEqual(copiesOf(new Uint8Array(0)).fault, 'the file is empty');
      const text = captureText(good.subarray(0, good.length - 10), 'cut.pcap');
      assert.strictEqual(
        text.text.split('\n').slice(-2).join('\n'),
        `reading from file cut.pcap stopped: the file is cut short inside packet 3, at byte ${good.length - 10}: the 2 packets before it are read.\n`,
      );
      assert.deepStrictEqual(
        parseCapture(text.text).unrecognised,
        [],
        'the message is a line of the capture session',
      );
      assert.strictEqual(parseCapture(text.text).copies.length, 2);
    });

    it('a packet longer than the snap length', () => {
      const file = pcapFile(
        [
          { data: SAMPLE_FRAMES[0].data, seconds: 1 },
          { data: SAMPLE_FRAMES[4].data, seconds: 2 },
        ],
        { linkType: 1, snapLength: 60 },
      );
      const { copies, fault } = copiesOf(file);
      assert.strictEqual(copies.length, 1);
      assert.strictEqual(
        fault,
        `packet 2, at byte ${24 + 16 + SAMPLE_FRAMES[0].data.length}, says it holds 66 bytes, more than the file's snap length of 60: the file is damaged there; the packet before it is read`,
      );
    });

    it('a pcapng block with an impossible length, and one naming no interface', () => {
      const file = pcapngFile([
        {
          interfaces: [{ linkType: 1 }],
          packets: [
            { data: SAMPLE_FRAMES[0].data, seconds: 1 },
            { data: SAMPLE_FRAMES[1].data, seconds: 2 },
          ],
        },
      ]);
      const secondBlock =
        file.length -
        (32 + SAMPLE_FRAMES[1].data.length + ((4 - (SAMPLE_FRAMES[1].data.length % 4)) % 4));
      const damaged = file.slice();
      damaged.set([0x13, 0, 0, 0], secondBlock + 4); // 19: not a multiple of 4
      const { copies, fault } = copiesOf(damaged);
      assert.strictEqual(copies.length, 1);
      assert.strictEqual(
        fault,
        `the pcapng block at byte ${secondBlock} has an impossible length of 19 bytes (a block is a multiple of 4, at least 12 and here at most 16777216): the file is damaged there; the packet before it is read`,
      );
      const orphan = pcapngFile([
        {
          interfaces: [{ linkType: 1 }],
          packets: [{ data: SAMPLE_FRAMES[0].data, seconds: 1, interfaceId: 3 }],
        },
      ]);
      assert.match(
        copiesOf(orphan).fault ?? '',
        /^packet 1, at byte 52, names interface 3, which no interface description of its section defines: the file is damaged there; no packet comes before it$/,
      );
    });
  });

  it('stops the text form at its packet limit, without reading further', () => {
    const file = pcapFile(
      Array.from({ length: 10 }, (_, i) => ({ data: SAMPLE_FRAMES[4].data, seconds: i })),
      { linkType: 1 },
    );
    const writer = new CaptureTextWriter('big.pcap', 3);
    let chunks = 0;
    for (let at = 0; at < file.length; at += 50) {
      chunks++;
      if (!writer.push(file.subarray(at, at + 50))) break;
    }
    const text = writer.end(file.length);
    assert.strictEqual(text.packets, 3);
    assert.ok(text.limited);
    assert.ok(chunks < file.length / 50 - 3, 'it stopped asking for chunks');
    assert.match(
      text.text,
      /\nreading from file big\.pcap stopped after packet 3 \(byte 352 of 844\): the editor shows the first 3 packets; `balancer-lens check` and `inspect` read them all\.\n$/,
    );
  });

  it('reads a UDP 4500 datagram too short for ESP as plain UDP', () => {
    const frame = ethernet(
      IPV4,
      ipv4({
        src: '10.0.0.1',
        dst: '10.0.0.2',
        protocol: 17,
        id: 9,
        payload: udp(4500, 4500, bytes(1, 2)),
      }),
    );
    const { copies } = copiesOf(pcapFile([{ data: frame, seconds: 0 }], { linkType: 1 }));
    assert.deepStrictEqual(
      copies.map((c) => reading(c)),
      ['1 · udp · 10.0.0.1.4500 > 10.0.0.2.4500 · id 9'],
    );
    const text = captureText(pcapFile([{ data: frame, seconds: 0 }], { linkType: 1 }), 'x.pcap');
    assert.deepStrictEqual(fieldsOf(parseCapture(text.text).copies[0]), fieldsOf(copies[0]));
    void [esp, sll, u16];
  });
});
