// F5 binary captures on the command line: `inspect --json` of a `tcpdump -i 0.0:nnn -w` file reads
// the F5 trailer of each frame and pairs and names its packets as it does the same capture printed
// by F5's tcpdump as text (the ` in|out slot1/tmm1 lis=/Common/web` suffix).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  ACK,
  ascii,
  bytes,
  esp,
  ethernet,
  f5FullProxyDump,
  f5OldTlv,
  f5PseudoPacket,
  f5PeerFields,
  hexBytes,
  IPV4,
  ipv4,
  pcapFile,
  PSH,
  SYN,
  tcp,
  u16,
  u32,
} from '../pcapFiles';
import { Project } from './support';

/** The text dump: what F5's tcpdump printed (ESP passing through, a TCP connection through a virtual server, source NAT). */
const TEXT_DUMP = `12:00:02.000001 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1), length 132 in slot1/tmm0 lis=
12:00:02.000040 IP 10.1.1.254 > 203.0.113.9: ESP(spi=0x50a5abe3,seq=0x1), length 132 out slot1/tmm0 lis=
12:00:03.000001 IP 10.1.1.10.51000 > 192.0.2.80.443: Flags [S], seq 1000, win 64240, length 0 in slot1/tmm1 lis=/Common/web
12:00:03.000030 IP 198.51.100.7.2614 > 192.0.2.80.443: Flags [S], seq 1000, win 64240, length 0 out slot1/tmm1 lis=/Common/web
12:00:03.010000 IP 192.0.2.80.443 > 198.51.100.7.2614: Flags [S.], seq 5000, ack 1001, win 65535, length 0 in slot1/tmm1 lis=/Common/web
12:00:03.010030 IP 192.0.2.80.443 > 10.1.1.10.51000: Flags [S.], seq 5000, ack 1001, win 65535, length 0 out slot1/tmm1 lis=/Common/web
12:00:03.020000 IP 10.1.1.10.51000 > 192.0.2.80.443: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100 in slot1/tmm1 lis=/Common/web
12:00:03.020030 IP 198.51.100.7.2614 > 192.0.2.80.443: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100 out slot1/tmm1 lis=/Common/web
`;

/** The same packets as F5's tcpdump -w wrote them: each frame with its trailer (BIG-IP 11 :nnn), each copy with its own IP id. */
function binaryDump(): Uint8Array {
  const trailer = (
    ingress: number,
    tmm: number,
    name: string,
    flow: string,
    peer: string,
  ): Uint8Array =>
    bytes(
      f5OldTlv(1, 1, ingress, 0, tmm, name.length, ascii(name)),
      f5OldTlv(2, 0, hexBytes(flow), hexBytes(peer), u32(0), 0x40, 0, u16(1), u16(1)),
      f5OldTlv(
        3,
        0,
        f5PeerFields({
          protocol: 6,
          vlan: 0,
          remote: '192.0.2.80',
          local: '198.51.100.7',
          remotePort: 443,
          localPort: 2614,
        }),
      ),
    );
  const frame = (
    src: string,
    dst: string,
    protocol: number,
    payload: Uint8Array,
    id: number,
    t: Uint8Array,
  ): Uint8Array => ethernet(IPV4, ipv4({ src, dst, protocol, id, payload }), { trailer: t });
  const ipsec = esp(0x50a5abe3, 1, 124);
  const data = new Uint8Array(100);
  const frames = [
    frame('10.1.1.254', '203.0.113.9', 50, ipsec, 11, trailer(1, 0, '', '0', '0')),
    frame('10.1.1.254', '203.0.113.9', 50, ipsec, 12, trailer(0, 0, '', '0', '0')),
    frame(
      '10.1.1.10',
      '192.0.2.80',
      6,
      tcp({ srcPort: 51000, dstPort: 443, seq: 1000, flags: SYN, window: 64240 }),
      21,
      trailer(1, 1, '/Common/web', 'A100', 'A200'),
    ),
    frame(
      '198.51.100.7',
      '192.0.2.80',
      6,
      tcp({ srcPort: 2614, dstPort: 443, seq: 1000, flags: SYN, window: 64240 }),
      22,
      trailer(0, 1, '/Common/web', 'A200', 'A100'),
    ),
    frame(
      '192.0.2.80',
      '198.51.100.7',
      6,
      tcp({ srcPort: 443, dstPort: 2614, seq: 5000, ack: 1001, flags: SYN | ACK, window: 65535 }),
      23,
      trailer(1, 1, '/Common/web', 'A200', 'A100'),
    ),
    frame(
      '192.0.2.80',
      '10.1.1.10',
      6,
      tcp({ srcPort: 443, dstPort: 51000, seq: 5000, ack: 1001, flags: SYN | ACK, window: 65535 }),
      24,
      trailer(0, 1, '/Common/web', 'A100', 'A200'),
    ),
    frame(
      '10.1.1.10',
      '192.0.2.80',
      6,
      tcp({
        srcPort: 51000,
        dstPort: 443,
        seq: 1001,
        ack: 5001,
        flags: PSH | ACK,
        window: 502,
        payload: data,
      }),
      25,
      trailer(1, 1, '/Common/web', 'A100', 'A200'),
    ),
    frame(
      '198.51.100.7',
      '192.0.2.80',
      6,
      tcp({
        srcPort: 2614,
        dstPort: 443,
        seq: 1001,
        ack: 5001,
        flags: PSH | ACK,
        window: 502,
        payload: data,
      }),
      26,
      trailer(0, 1, '/Common/web', 'A200', 'A100'),
    ),
  ];
  return pcapFile(
    frames.map((data, i) => ({ data, seconds: 1_700_000_000 + i })),
    { linkType: 1 },
  );
}

/** The records of `inspect --json`, each packet by its number (the text's lines are packets here), its other copy too. */
function records(project: Project, file: string): Record<string, unknown>[] {
  const ran = project.run('inspect', file, '--json');
  assert.deepStrictEqual([ran.status, ran.stderr], [0, '']);
  return ran.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const { dialect, endLine, ...record } = JSON.parse(line) as Record<string, unknown>;
      void [dialect, endLine];
      return record;
    });
}

describe('F5 binary captures on the command line', () => {
  let project: Project;
  beforeEach(() => (project = new Project()));
  afterEach(() => project.remove());

  it('inspect --json pairs and names the packets of a tcpdump -i 0.0:nnn -w file as those of its text dump', () => {
    project.write('f5.tcpdump.txt', TEXT_DUMP);
    fs.writeFileSync(path.join(project.root, 'f5.pcap'), binaryDump());
    const fromText = records(project, 'f5.tcpdump.txt');
    assert.deepStrictEqual(records(project, 'f5.pcap'), fromText);
    assert.deepStrictEqual(fromText.slice(2, 4), [
      {
        line: 3,
        src: '10.1.1.10',
        dst: '192.0.2.80',
        protocol: 'tcp',
        srcPort: 51000,
        dstPort: 443,
        virtualServer: '/Common/web',
        flow: 2,
        pairedWith: 4,
      },
      {
        line: 4,
        src: '198.51.100.7',
        dst: '192.0.2.80',
        protocol: 'tcp',
        srcPort: 2614,
        dstPort: 443,
        virtualServer: '/Common/web',
        flow: 2,
        pairedWith: 3,
      },
    ]);
  });

  it("inspect --json gives a full proxy's client and server side one flow, by the F5 flow ids of the trailer as of the text", () => {
    const { text, binary } = f5FullProxyDump();
    project.write('proxy.tcpdump.txt', text);
    fs.writeFileSync(path.join(project.root, 'proxy.pcap'), binary);
    const flows = [1, 1, 1, 1, 2, 1, 1, 2, 1, 1];
    assert.deepStrictEqual(
      records(project, 'proxy.pcap').map((r) => r.flow),
      flows,
    );
    assert.deepStrictEqual(
      records(project, 'proxy.tcpdump.txt').map((r) => r.flow),
      flows,
    );
  });

  it("inspect --json passes over F5's first pseudo-packet (the capture's information) and numbers the packets as the file does", () => {
    const { binary } = f5FullProxyDump();
    // The same packets behind the pseudo-packet F5's tcpdump writes first: the pcap header, then it.
    const info = f5PseudoPacket(['CMD: tcpdump -ni 0.0:nn -w /var/tmp/proxy.pcap', 'HOST: bigip1']);
    const head = pcapFile([{ data: info, seconds: 1_699_999_999 }], { linkType: 1 });
    const file = new Uint8Array(head.length + binary.length - 24);
    file.set(head);
    file.set(binary.subarray(24), head.length);
    fs.writeFileSync(path.join(project.root, 'proxy.pcap'), file);
    const all = records(project, 'proxy.pcap');
    assert.deepStrictEqual(
      [
        all.length,
        all[0].line,
        all[0].src,
        all[9].line,
        all.every((r) => r.unrecognised === undefined),
      ],
      [10, 2, '10.1.1.10', 11, true],
    );
  });
});
