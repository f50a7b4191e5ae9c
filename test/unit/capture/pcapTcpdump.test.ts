// The binary capture reader held to tcpdump itself: every capture the tests write (each sample
// frame, in pcap of both byte orders and stamp resolutions and in pcapng of several sections and
// interfaces) is read by `tcpdump -nn -v -r` and by the reader, and every packet's addresses,
// protocol, ports, SPI and TCP flags must agree. CI installs Debian's tcpdump (.ci/run).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PacketCopy } from '../../../server/src/service/capture/reading/packet';
import { CaptureCopyReader } from '../../../server/src/service/capture/reading/pcap';
import { LINKTYPE, pcapFile, pcapngFile, type FilePacket } from '../../pcapFiles';
import { SAMPLE_FRAMES } from '../../pcapSamples';

/** What both sides must agree on, one packet. */
interface Facts {
  readonly src: string;
  readonly dst: string;
  readonly protocol: string;
  readonly srcPort?: number;
  readonly dstPort?: number;
  readonly spi?: string;
  readonly flags?: string;
}

const PROTOCOLS: Readonly<Record<number, string>> = {
  1: 'icmp',
  6: 'tcp',
  17: 'udp',
  47: 'gre',
  50: 'esp',
  51: 'ah',
  58: 'icmp6',
};
const IPV6_EXTENSIONS = new Set([0, 43, 44, 60]);

function withPort(endpoint: string): [string, number | undefined] {
  const dot = endpoint.lastIndexOf('.');
  const isIpv4 = /^(\d{1,3}\.){3}\d{1,3}$/.test(endpoint);
  if (isIpv4 || dot < 0) return [endpoint, undefined];
  const port = endpoint.slice(dot + 1);
  return /^\d+$/.test(port) && (endpoint.includes(':') || endpoint.split('.').length === 5)
    ? [endpoint.slice(0, dot), Number(port)]
    : [endpoint, undefined];
}

/** Reads tcpdump -# -nn -v output, independently of the extension's own tcpdump dialect. */
function tcpdumpFacts(output: string): Facts[] {
  const packets: string[][] = [];
  for (const line of output.split('\n')) {
    if (/^\s*\d+ {2}\d\d:\d\d:\d\d\.\d+ /.test(line)) packets.push([line]);
    else if (packets.length > 0 && line !== '') packets[packets.length - 1].push(line);
  }
  return packets.map(([head, ...rest]) => {
    let text = head
      .replace(/^\s*\d+ {2}\S+ /, '')
      .replace(/^(?:\S+\s+)?(?:In|Out|B|M|P)\s+(?=IP|ARP)/, '');
    if (text.startsWith('ARP, ')) {
      const request = /Request who-has (\S+) tell (\S+?),/.exec(text);
      if (request) return { src: request[2], dst: request[1], protocol: 'arp' };
      const reply = /Reply (\S+) is-at/.exec(text)!;
      return { src: reply[1], dst: '', protocol: 'arp' };
    }
    const v6 = text.startsWith('IP6 ');
    const header = /^IP6? \(([^()]|\([^()]*\))*\)\s*/.exec(text)![0];
    let protocolNumber = Number(/(?:proto|next-header) \S+ \((\d+)\)/.exec(header)![1]);
    text = v6 ? text.slice(header.length) : rest[0].trim();
    const addresses = /^(\S+) > (\S+?): (.*)$/.exec(text)!;
    const [src, firstSrcPort] = withPort(addresses[1]);
    let srcPort = firstSrcPort;
    const [dst, firstDstPort] = withPort(addresses[2]);
    let dstPort = firstDstPort;
    const body = addresses[3];
    if (v6 && IPV6_EXTENSIONS.has(protocolNumber)) {
      // tcpdump names the first extension header; the transport's ports follow the extensions.
      const ports = /(?:^|\) )(\d+) > (\d+): /.exec(body);
      if (ports) {
        srcPort = Number(ports[1]);
        dstPort = Number(ports[2]);
      }
      protocolNumber = /Flags \[/.test(body) ? 6 : 17;
    }
    const spi = /(?:ESP|AH)\(.*?spi=(0x[0-9a-f]+)/.exec(body)?.[1];
    const flags = /^Flags \[([^\]]*)\]/.exec(body)?.[1];
    return {
      src,
      dst,
      protocol: PROTOCOLS[protocolNumber] ?? `#${protocolNumber}`,
      ...(srcPort !== undefined ? { srcPort } : {}),
      ...(dstPort !== undefined ? { dstPort } : {}),
      ...(spi !== undefined ? { spi } : {}),
      ...(flags !== undefined ? { flags } : {}),
    };
  });
}

function readerFacts(file: Uint8Array): Facts[] {
  const copies: PacketCopy[] = [];
  const reader = new CaptureCopyReader((copy) => copies.push(copy));
  reader.push(file);
  assert.strictEqual(reader.end(), undefined);
  return copies.map((c) => {
    const spi = c.esp?.spi ?? c.ah?.spi;
    return {
      src: c.src,
      dst: c.dst,
      protocol: c.protocol,
      ...(c.srcPort !== undefined ? { srcPort: c.srcPort } : {}),
      ...(c.dstPort !== undefined ? { dstPort: c.dstPort } : {}),
      ...(spi !== undefined ? { spi } : {}),
      ...(c.tcp ? { flags: c.tcp.flags || 'none' } : {}),
    };
  });
}

describe('binary captures against tcpdump -nn -v', function () {
  let folder: string;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'balancer-lens-pcap-'));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  const linkTypes = [...new Set(SAMPLE_FRAMES.map((f) => f.linkType))];
  for (const linkType of linkTypes) {
    const frames = SAMPLE_FRAMES.filter((f) => f.linkType === linkType);
    const packets: FilePacket[] = frames.map((f, i) => ({
      data: f.data,
      seconds: 1_700_000_000 + i,
      nanos: 1_234,
    }));
    const raw = linkType === LINKTYPE.RAW;
    const files: [string, Uint8Array][] = [
      ['pcap, little-endian, microseconds', pcapFile(packets, { linkType })],
      [
        'pcap, big-endian, nanoseconds',
        pcapFile(packets, { linkType, littleEndian: false, nanoseconds: true }),
      ],
      // libpcap reads neither a second section of another byte order nor interfaces of different
      // resolutions (the reader does: pcap.test.ts); these are the files both can read.
      [
        'pcapng, two sections, two interfaces, nanoseconds, an unknown block',
        pcapngFile([
          {
            // libpcap takes a second raw IP interface (101), in any section, for another link
            // type than the first (it compares it with the DLT it maps 101 to).
            interfaces: [
              { linkType, tsresol: 9 },
              ...(raw ? [] : [{ linkType, tsresol: 9, name: 'eth1' }]),
            ],
            unknownBlocks: 1,
            packets: packets.map((p, i) => ({ ...p, interfaceId: raw ? 0 : i % 2 })),
          },
          ...(raw ? [] : [{ interfaces: [{ linkType }], packets }]),
        ]),
      ],
      [
        'pcapng, big-endian',
        pcapngFile([{ littleEndian: false, interfaces: [{ linkType }], packets }]),
      ],
    ];
    for (const [form, file] of files) {
      it(`agrees on every packet of link type ${linkType} (${frames.length} kinds of frame), ${form}`, () => {
        const name = path.join(folder, `link${linkType}-${form.replace(/\W+/g, '-')}.cap`);
        fs.writeFileSync(name, file);
        const output = execFileSync('tcpdump', ['-#', '-nn', '-v', '-r', name], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        const expected = tcpdumpFacts(output);
        assert.ok(expected.length >= frames.length, output);
        assert.deepStrictEqual(readerFacts(file), expected, output);
      });
    }
  }
});
