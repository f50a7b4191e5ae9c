// `npm run bench:pcap`: how fast and lean a binary capture is read.
//   1. Writes a 1,000,000-packet pcap (about 88 MB) to bench/out/: a balancer's both sides
//      (Ethernet), every packet once inside and once outside the NAT, of TCP connections (SYN,
//      SYN-ACK, data), IKE exchanges, ESP both ways and pings.
//   2. In fresh processes, in one run: Node reading the file's bytes (a read stream, 1 MB
//      pieces); `inspect --json` on it (both passes, every record written to a sink that drops
//      them), its time and peak RSS; the floor (bench/pcapFloor.ts: the same JSON lines written
//      by a bare loop without flows or pairing, the least any reader in Node could do, on one
//      thread and on two); and,
//      where they are installed, `tcpdump -nn -r FILE` and
//      `tshark -r FILE -T fields` printing it as text (to /dev/null).
// Prints one line per figure, then as its last line the JSON summary.
// `node out/bench/pcap.js --read|--inspect|--floor|--floor2 FILE` measures one alone.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { child, measureInspect } from './inspectChild';
import { measureFloor } from './pcapFloor';

const PACKETS = 1_000_000;
const REPEATS = 3;
const root = path.resolve(__dirname, '../..');
const outDir = path.join(root, 'bench', 'out');

/** Writes the capture: a pcap of Ethernet frames, built in large buffers. */
function writeCapture(file: string): void {
  const fd = fs.openSync(file, 'w');
  const buffer = Buffer.alloc(8 << 20);
  let at = 0;
  const flush = (): void => {
    fs.writeSync(fd, buffer, 0, at);
    at = 0;
  };
  buffer.writeUInt32LE(0xa1b2c3d4, 0);
  buffer.writeUInt16LE(2, 4);
  buffer.writeUInt16LE(4, 6);
  buffer.writeUInt32LE(262144, 16);
  buffer.writeUInt32LE(1, 20);
  at = 24;
  let written = 0;
  let ipId = 1;
  let seconds = 1_700_000_000;
  let micros = 0;
  /** One frame: Ethernet, IPv4 (protocol, addresses, id) and a transport written by `body`. */
  const packet = (
    protocol: number,
    src: number,
    dst: number,
    id: number,
    length: number,
    body: (at: number) => void,
  ): void => {
    if (written >= PACKETS) return;
    if (at + 16 + 14 + 20 + length > buffer.length) flush();
    micros += 37;
    if (micros >= 1_000_000) {
      seconds++;
      micros -= 1_000_000;
    }
    const frame = 14 + 20 + length;
    buffer.writeUInt32LE(seconds, at);
    buffer.writeUInt32LE(micros, at + 4);
    buffer.writeUInt32LE(frame, at + 8);
    buffer.writeUInt32LE(frame, at + 12);
    const e = at + 16;
    buffer.fill(0x11, e, e + 12);
    buffer.writeUInt16BE(0x0800, e + 12);
    const ip = e + 14;
    buffer.fill(0, ip, ip + 20 + length);
    buffer[ip] = 0x45;
    buffer.writeUInt16BE(20 + length, ip + 2);
    buffer.writeUInt16BE(id & 0xffff, ip + 4);
    buffer[ip + 8] = 64;
    buffer[ip + 9] = protocol;
    buffer.writeUInt32BE(src >>> 0, ip + 12);
    buffer.writeUInt32BE(dst >>> 0, ip + 16);
    body(ip + 20);
    at = ip + 20 + length;
    written++;
  };
  /** The same packet inside (untranslated) and outside (source NAT to the pool address). */
  const both = (
    protocol: number,
    inside: number,
    pool: number,
    peer: number,
    out: boolean,
    length: number,
    body: (at: number) => void,
  ): void => {
    const id = ipId++;
    if (out) {
      packet(protocol, inside, peer, id, length, body);
      packet(protocol, pool, peer, id, length, body);
    } else {
      packet(protocol, peer, pool, id, length, body);
      packet(protocol, peer, inside, id, length, body);
    }
  };
  const tcp =
    (srcPort: number, dstPort: number, seq: number, ack: number, flags: number, payload: number) =>
    (p: number): void => {
      buffer.writeUInt16BE(srcPort, p);
      buffer.writeUInt16BE(dstPort, p + 2);
      buffer.writeUInt32BE(seq >>> 0, p + 4);
      buffer.writeUInt32BE(ack >>> 0, p + 8);
      buffer[p + 12] = 0x50;
      buffer[p + 13] = flags;
      buffer.writeUInt16BE(65535, p + 14);
      void payload;
    };
  const udp =
    (srcPort: number, dstPort: number, length: number, inner: (p: number) => void) =>
    (p: number): void => {
      buffer.writeUInt16BE(srcPort, p);
      buffer.writeUInt16BE(dstPort, p + 2);
      buffer.writeUInt16BE(length, p + 4);
      inner(p + 8);
    };
  const isakmp =
    (cookie: number, responder: boolean, exchange: number) =>
    (p: number): void => {
      buffer.writeUInt32BE(cookie >>> 0, p);
      if (responder) buffer.writeUInt32BE((cookie ^ 0x5a5a5a5a) >>> 0, p + 8);
      buffer[p + 17] = 0x10;
      buffer[p + 18] = exchange;
      buffer.writeUInt32BE(28, p + 24);
    };
  const esp =
    (spi: number, seq: number) =>
    (p: number): void => {
      buffer.writeUInt32BE(spi >>> 0, p);
      buffer.writeUInt32BE(seq, p + 4);
    };
  const icmp =
    (type: number, id: number, seq: number) =>
    (p: number): void => {
      buffer[p] = type;
      buffer.writeUInt16BE(id, p + 4);
      buffer.writeUInt16BE(seq, p + 6);
    };
  const POOL = (198 << 24) | (51 << 16) | (100 << 8);
  for (let site = 0; written < PACKETS; site++) {
    const inside = (10 << 24) | (((site >> 8) & 0xff) << 8) | (site & 0xff) | (1 << 16);
    const pool = POOL | (1 + (site % 200));
    const peer = (203 << 24) | (0 << 16) | (113 << 8) | (1 + (site % 250));
    const server = (192 << 24) | (0 << 16) | (2 << 8) | (1 + (site % 100));
    // A TCP connection: handshake, data both ways, close.
    const port = 1024 + (site % 60000);
    both(6, inside, pool, server, true, 40, tcp(port, 443, 1000, 0, 0x02, 0));
    both(6, inside, pool, server, false, 40, tcp(443, port, 9000, 1001, 0x12, 0));
    for (let i = 0; i < 4; i++) {
      both(6, inside, pool, server, true, 60, tcp(port, 443, 1001 + i * 40, 9001, 0x18, 40));
      both(6, inside, pool, server, false, 40, tcp(443, port, 9001, 1041 + i * 40, 0x10, 0));
    }
    both(6, inside, pool, server, true, 40, tcp(port, 443, 1161, 9001, 0x11, 0));
    // IKE main mode, then ESP both ways.
    const cookie = (site * 2654435761) >>> 0;
    both(17, inside, pool, peer, true, 36, udp(500, 500, 36, isakmp(cookie, false, 2)));
    both(17, inside, pool, peer, false, 36, udp(500, 500, 36, isakmp(cookie, true, 2)));
    for (let i = 1; i <= 6; i++) {
      both(50, inside, pool, peer, true, 40, esp(0x10000000 + site, i));
      both(50, inside, pool, peer, false, 40, esp(0x20000000 + site, i));
    }
    // A ping and its reply.
    both(1, inside, pool, server, true, 40, icmp(8, site & 0xffff, 1));
    both(1, inside, pool, server, false, 40, icmp(0, site & 0xffff, 1));
  }
  flush();
  fs.closeSync(fd);
}

/** Child mode: reads the file's bytes in 1 MB pieces; prints the milliseconds. */
async function measureRead(file: string): Promise<void> {
  const start = performance.now();
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }))
    bytes += (chunk as Buffer).length;
  console.log(JSON.stringify({ ms: performance.now() - start, bytes }));
}

/** Runs a program printing to /dev/null; its milliseconds, or undefined when it is not installed. */
function program(command: string, args: readonly string[]): number | undefined {
  const out = fs.openSync('/dev/null', 'w');
  try {
    const start = performance.now();
    const ran = spawnSync(command, args, { stdio: ['ignore', out, 'ignore'] });
    if (ran.error) return undefined;
    return performance.now() - start;
  } finally {
    fs.closeSync(out);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === '--read') return measureRead(file);
  if (mode === '--inspect') return measureInspect(file);
  if (mode === '--floor') return measureFloor(file);
  if (mode === '--floor2') return measureFloor(file, 2);
  fs.mkdirSync(outDir, { recursive: true });
  const capture = path.join(outDir, 'bench.pcap');
  writeCapture(capture);
  const megabytes = fs.statSync(capture).size / 1e6;
  const reads: number[] = [];
  const inspections: { ms: number; rssMb?: number }[] = [];
  const floors: number[] = [];
  const twoThreadFloors: number[] = [];
  const tcpdumps: number[] = [];
  const tsharks: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    reads.push(child(__filename, '--read', capture).ms);
    inspections.push(child(__filename, '--inspect', capture));
    floors.push(child(__filename, '--floor', capture).ms);
    twoThreadFloors.push(child(__filename, '--floor2', capture).ms);
    const tcpdump = program('tcpdump', ['-nn', '-r', capture]);
    if (tcpdump !== undefined) tcpdumps.push(tcpdump);
    const tshark = program('tshark', [
      '-r',
      capture,
      '-T',
      'fields',
      '-e',
      'frame.number',
      '-e',
      'ip.src',
      '-e',
      'ip.dst',
      '-e',
      'ip.proto',
      '-e',
      'tcp.srcport',
      '-e',
      'tcp.dstport',
      '-e',
      'esp.spi',
    ]);
    if (tshark !== undefined) tsharks.push(tshark);
  }
  const readMs = median(reads);
  const inspectMs = median(inspections.map((r) => r.ms));
  const floorMs = median(floors);
  const twoThreadFloorMs = median(twoThreadFloors);
  const peakRssMb = Math.max(...inspections.map((r) => r.rssMb!));
  const tcpdumpMs = tcpdumps.length > 0 ? median(tcpdumps) : undefined;
  const tsharkMs = tsharks.length > 0 ? median(tsharks) : undefined;
  const round = (n: number | undefined): number | null => (n === undefined ? null : Math.round(n));
  console.log(`${PACKETS} packets (${megabytes.toFixed(0)} MB pcap), medians of ${REPEATS}:`);
  console.log(`  Node reads the bytes      ${readMs.toFixed(0)} ms`);
  console.log(
    `  inspect --json            ${inspectMs.toFixed(0)} ms (ratio ${(inspectMs / readMs).toFixed(2)}), peak RSS ${peakRssMb.toFixed(0)} MB`,
  );
  console.log(
    `  the floor (bench/pcapFloor.ts: decode and write the same JSON lines, no flows or pairing) ${floorMs.toFixed(0)} ms (ratio ${(floorMs / readMs).toFixed(2)})`,
  );
  console.log(
    `  the floor on two threads  ${twoThreadFloorMs.toFixed(0)} ms (ratio ${(twoThreadFloorMs / readMs).toFixed(2)})`,
  );
  console.log(
    `  tcpdump -nn -r            ${tcpdumpMs === undefined ? 'not installed' : `${tcpdumpMs.toFixed(0)} ms`}`,
  );
  console.log(
    `  tshark -T fields          ${tsharkMs === undefined ? 'not installed' : `${tsharkMs.toFixed(0)} ms`}`,
  );
  console.log(
    JSON.stringify({
      packets: PACKETS,
      megabytes: Math.round(megabytes),
      readMs: round(readMs),
      inspectMs: round(inspectMs),
      ratio: Math.round((inspectMs / readMs) * 100) / 100,
      floorMs: round(floorMs),
      floorRatio: Math.round((floorMs / readMs) * 100) / 100,
      twoThreadFloorMs: round(twoThreadFloorMs),
      twoThreadFloorRatio: Math.round((twoThreadFloorMs / readMs) * 100) / 100,
      peakRssMb: round(peakRssMb),
      tcpdumpMs: round(tcpdumpMs),
      tsharkMs: round(tsharkMs),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
