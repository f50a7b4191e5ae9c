// bench:pcap's reference floor: the least a reader in Node does to print what `inspect --json`
// prints for the bench's capture. It reads the bytes in 1 MB pieces, decodes each Ethernet
// frame's IPv4 addresses, protocol, ports and ESP SPI, and writes one JSON line per packet with
// the same fields, in the same order, into a buffer copied in 1 MB pieces to a sink that drops
// them. It has no flows and no pairing (`flow` and `pairedWith` carry
// stand-in numbers of the same size), no other link type, protocol or check, and no second pass:
// a lower bound for a whole reader, not one. Every address's text is made once and kept.
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import { sink } from './inspectChild';

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const LINE = ascii('{"line":');
const END_LINE = ascii(',"endLine":');
const SRC = ascii(',"dialect":"pcap","src":"');
const DST = ascii('","dst":"');
const PROTOCOL = ascii('","protocol":"');
const SRC_PORT = ascii('","srcPort":');
const DST_PORT = ascii(',"dstPort":');
const SPI = ascii('","spi":"0x');
const FLOW = ascii('","flow":');
const FLOW_AFTER_NUMBER = ascii(',"flow":');
const PAIRED = ascii(',"pairedWith":');
const END = ascii('}\n');
const PROTOCOLS = new Map<number, Uint8Array>([
  [1, ascii('icmp')],
  [6, ascii('tcp')],
  [17, ascii('udp')],
  [50, ascii('esp')],
]);
const OTHER = ascii('ip');
const HEX = ascii('0123456789abcdef');

/**
 * Child mode: the floor over FILE; prints the milliseconds and the bytes written. With `threads`
 * 2, a worker thread writes the second half of the packets while this thread writes the first
 * (the halves cut at a packet's start, found by walking the record headers): what two cores could
 * do at best, the worker's start included.
 */
export async function measureFloor(path: string, threads = 1): Promise<void> {
  const start = performance.now();
  const size = fs.statSync(path).size;
  let result: { packets: number; bytes: number };
  if (threads === 1) result = floorRange(path, 24, size, 1);
  else {
    const half = halfway(path, size);
    const worker = new Worker(__filename, { workerData: { path, ...half, to: size } });
    const second = new Promise<{ packets: number; bytes: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const first = floorRange(path, 24, half.from, 1);
    const other = await second;
    result = { packets: first.packets + other.packets, bytes: first.bytes + other.bytes };
  }
  console.log(JSON.stringify({ ms: performance.now() - start, ...result }));
}

/** The offset of the first packet after the file's middle, and that packet's number. */
function halfway(path: string, size: number): { from: number; firstPacket: number } {
  const file = fs.openSync(path, 'r');
  const piece = Buffer.alloc(1 << 20);
  let pieceAt = 0;
  let filled = 0;
  let at = 24;
  let packet = 1;
  while (at < size / 2) {
    if (at + 16 > pieceAt + filled) {
      pieceAt = at;
      filled = fs.readSync(file, piece, 0, piece.length, at);
    }
    at += 16 + piece.readUInt32LE(at - pieceAt + 8);
    packet++;
  }
  fs.closeSync(file);
  return { from: at, firstPacket: packet };
}

if (!isMainThread) {
  const task = workerData as { path: string; from: number; to: number; firstPacket: number };
  parentPort!.postMessage(floorRange(task.path, task.from, task.to, task.firstPacket));
}

/** Writes the JSON lines of the packets from byte `from` to `to`, numbered from `firstPacket`. */
function floorRange(
  path: string,
  from: number,
  to: number,
  firstPacket: number,
): { packets: number; bytes: number } {
  const out = sink();
  const output = Buffer.alloc(1 << 20);
  let at = 0;
  let written = 0;
  const addresses = new Map<number, Uint8Array>();
  const digits = new Uint8Array(12);
  // A loop, not `output.set`: copying a few bytes by hand is several times cheaper than the call.
  const put = (bytes: Uint8Array): void => {
    for (let i = 0; i < bytes.length; i++) output[at + i] = bytes[i];
    at += bytes.length;
  };
  const number = (value: number): void => {
    let count = 0;
    do {
      digits[count++] = 48 + (value % 10);
      value = (value / 10) | 0;
    } while (value > 0);
    while (count > 0) output[at++] = digits[--count];
  };
  const address = (value: number): void => {
    let text = addresses.get(value);
    if (text === undefined) {
      text = ascii(`${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`);
      addresses.set(value, text);
    }
    put(text);
  };
  // The file read into one buffer in 1 MB pieces; a packet cut by a piece's end is moved to the front.
  const file = fs.openSync(path, 'r');
  const bytes = Buffer.alloc(2 << 20);
  let position = from;
  let filled = 0;
  let p = 0;
  let packet = firstPacket - 1;
  for (;;) {
    bytes.copyWithin(0, p, filled);
    filled -= p;
    p = 0;
    const read = fs.readSync(file, bytes, filled, Math.min(1 << 20, to - position), position);
    position += read;
    if (read === 0) break;
    filled += read;
    while (p + 16 <= filled) {
      const captured = bytes.readUInt32LE(p + 8);
      if (p + 16 + captured > filled) break;
      const ip = p + 16 + 14;
      p += 16 + captured;
      packet++;
      if (at > output.length - 512) {
        out.write(Buffer.from(output.subarray(0, at)));
        written += at;
        at = 0;
      }
      const protocol = bytes[ip + 9];
      const transport = ip + (bytes[ip] & 15) * 4;
      put(LINE);
      number(packet);
      put(END_LINE);
      number(packet);
      put(SRC);
      address(bytes.readUInt32BE(ip + 12));
      put(DST);
      address(bytes.readUInt32BE(ip + 16));
      put(PROTOCOL);
      put(PROTOCOLS.get(protocol) ?? OTHER);
      if (protocol === 6 || protocol === 17) {
        put(SRC_PORT);
        number(bytes.readUInt16BE(transport));
        put(DST_PORT);
        number(bytes.readUInt16BE(transport + 2));
        put(FLOW_AFTER_NUMBER);
      } else if (protocol === 50) {
        put(SPI);
        for (let i = 0; i < 4; i++) {
          const byte = bytes[transport + i];
          output[at++] = HEX[byte >> 4];
          output[at++] = HEX[byte & 15];
        }
        put(FLOW);
      } else put(FLOW);
      number(packet >> 5);
      put(PAIRED);
      number(packet + 1);
      put(END);
    }
  }
  fs.closeSync(file);
  out.write(output.subarray(0, at));
  written += at;
  return { packets: packet - firstPacket + 1, bytes: written };
}
