// The address pseudonyms of a redaction: keyed, prefix-preserving, class-preserving, reversible.
import * as assert from 'assert';
import fc from 'fast-check';
import { formatIp, type IpAddress, parseIp } from '../../../server/src/service/config/addresses';
import { redactionKey } from '../../../server/src/service/redact/key';

const KEY_A = new Uint8Array(32).map((_, i) => i * 7 + 1);
const KEY_B = new Uint8Array(32).map((_, i) => 255 - i * 3);

function mapper(key = KEY_A, hostBits = 8): (text: string) => string {
  const { addresses } = redactionKey(key, { hostBits });
  return (text) => formatIp(addresses.map(parseIp(text)!));
}

/** The number of leading bits two addresses of one family share. */
function sharedBits(a: IpAddress, b: IpAddress): number {
  const width = a.family === 4 ? 32 : 128;
  for (let i = 0; i < width; i++) {
    const shift = BigInt(width - 1 - i);
    if (((a.value >> shift) & 1n) !== ((b.value >> shift) & 1n)) return i;
  }
  return width;
}

const ipv4 = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
  .map((o) => parseIp(o.join('.'))!);
const ipv6 = fc
  .bigInt({ min: 0n, max: (1n << 128n) - 1n })
  .map((value): IpAddress => ({ family: 6, value }));

describe('Redaction: address pseudonyms', function () {
  this.timeout(60_000);
  it("is Crypto-PAn without classes and host bits: the reference implementation's sample trace", () => {
    // The key and pairs of the sample that comes with the Crypto-PAn reference code (sample.cpp).
    const key = Uint8Array.from([
      21, 34, 23, 141, 51, 164, 207, 128, 19, 10, 91, 22, 73, 144, 125, 16, 216, 152, 143, 131, 121,
      121, 101, 39, 98, 87, 76, 45, 42, 132, 34, 2,
    ]);
    const { addresses } = redactionKey(key, { hostBits: 0, classes: false });
    for (const [raw, anonymised] of [
      ['128.11.68.132', '135.242.180.132'],
      ['129.118.74.4', '134.136.186.123'],
      ['130.132.252.244', '133.68.164.234'],
      ['141.223.7.43', '141.167.8.160'],
      ['192.102.249.13', '252.138.62.131'],
      ['24.0.250.221', '100.15.198.226'],
      ['4.3.88.225', '124.60.155.63'],
    ]) {
      assert.strictEqual(formatIp(addresses.map(parseIp(raw)!)), anonymised, raw);
    }
  });

  it('maps an address to another, the same one every time, and differently under another key', () => {
    const map = mapper();
    const mapped = map('183.62.10.20');
    assert.notStrictEqual(mapped, '183.62.10.20');
    assert.strictEqual(map('183.62.10.20'), mapped);
    assert.strictEqual(mapper()('183.62.10.20'), mapped, 'a new mapper with the same key agrees');
    assert.notStrictEqual(mapper(KEY_B)('183.62.10.20'), mapped);
  });

  it('keeps prefixes: two addresses that share n leading bits share exactly n after', () => {
    for (const [family, arbitrary] of [
      [4, ipv4],
      [6, ipv6],
    ] as const) {
      const { addresses } = redactionKey(KEY_A, { hostBits: 8 });
      fc.assert(
        fc.property(arbitrary, arbitrary, (a, b) => {
          const shared = sharedBits(a, b);
          assert.strictEqual(
            sharedBits(addresses.map(a), addresses.map(b)),
            shared,
            `${family}: ${formatIp(a)} ${formatIp(b)}`,
          );
        }),
        { numRuns: 300 },
      );
    }
  });

  it('keeps classes: a private address stays in its RFC 1918 block, a public one stays public', () => {
    const map = mapper();
    const inBlock = (text: string, block: string, bits: number): boolean =>
      sharedBits(parseIp(text)!, parseIp(block)!) >= bits;
    for (const [address, block, bits] of [
      ['10.1.1.254', '10.0.0.0', 8],
      ['172.20.5.6', '172.16.0.0', 12],
      ['192.168.91.153', '192.168.0.0', 16],
      ['100.64.3.4', '100.64.0.0', 10],
    ] as const) {
      const mapped = map(address);
      assert.ok(inBlock(mapped, block, bits), `${address} -> ${mapped}`);
      assert.notStrictEqual(mapped, address);
    }
    const privateBlocks: [string, number][] = [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['100.64.0.0', 10],
      ['127.0.0.0', 8],
      ['169.254.0.0', 16],
      ['224.0.0.0', 4],
      ['240.0.0.0', 4],
      ['0.0.0.0', 8],
    ];
    const special = (a: IpAddress): boolean =>
      privateBlocks.some(([block, bits]) => sharedBits(a, parseIp(block)!) >= bits);
    const { addresses } = redactionKey(KEY_A);
    fc.assert(
      fc.property(ipv4, (a) => {
        assert.strictEqual(special(addresses.map(a)), special(a), formatIp(a));
      }),
      { numRuns: 2000 },
    );
  });

  it('never maps an address to itself, even where a class leaves few bits to map', () => {
    const { addresses } = redactionKey(KEY_A);
    fc.assert(
      fc.property(fc.nat(255), fc.nat(255), (c, d) => {
        for (const text of [
          `192.168.${c}.${d}`,
          `172.31.${c}.${d}`,
          `${c % 2 === 0 ? 61 : 183}.${c}.${d}.9`,
        ]) {
          const a = parseIp(text)!;
          assert.notStrictEqual(addresses.map(a).value, a.value, text);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the special addresses as they are: netmasks, 0.0.0.0, broadcast, loopback, link-local, multicast', () => {
    const map = mapper();
    for (const kept of [
      '255.255.255.0',
      '255.255.255.255',
      '0.0.0.0',
      '127.0.0.1',
      '169.254.10.1',
      '224.0.0.5',
      '239.1.2.3',
      '::',
      '::1',
      'fe80::1',
      'ff02::1',
    ]) {
      assert.strictEqual(map(kept), formatIp(parseIp(kept)!), kept);
    }
  });

  it('keeps the host bits, so a NAT pool from .100 to .200 keeps its order and size', () => {
    const map = mapper();
    const [start, end] = [map('203.0.113.100'), map('203.0.113.200')];
    assert.strictEqual(start.split('.')[3], '100');
    assert.strictEqual(end.split('.')[3], '200');
    assert.strictEqual(
      start.split('.').slice(0, 3).join('.'),
      end.split('.').slice(0, 3).join('.'),
    );
  });

  it('is undone by the same key, bit by bit', () => {
    for (const arbitrary of [ipv4, ipv6]) {
      const { addresses } = redactionKey(KEY_B, { hostBits: 4 });
      fc.assert(
        fc.property(arbitrary, (a) => {
          assert.strictEqual(addresses.unmap(addresses.map(a)).value, a.value);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('maps the bits a masked address shows as any full address with those bits is mapped', () => {
    const { addresses } = redactionKey(KEY_A);
    const full = addresses.map(parseIp('183.62.7.9')!);
    const prefix = addresses.mapPrefix(parseIp('183.62.0.0')!, 16);
    assert.strictEqual(full.value >> 16n, prefix.value >> 16n);
    assert.strictEqual(addresses.unmapPrefix(prefix, 16).value, parseIp('183.62.0.0')!.value);
  });
});
