// Keyed, prefix-preserving and class-preserving pseudonyms for IPv4 and IPv6 addresses.
//
// The scheme is Crypto-PAn (Xu, Fan, Ammar, Moon, 2002): bit i of the pseudonym is bit i of the
// address XOR one bit drawn from a keyed block cipher applied to the address's first i bits, so
// two addresses that share their first n bits share exactly n bits after. As netconan does, two
// things are added for what network engineers read into an address:
// * classes: along the path to a special block (RFC 1918, CGN, documentation, ...) no bit is
//   flipped, so a private address stays in its own RFC 1918 block and a public one stays public
//   (the documentation blocks 192.0.2/24, 198.51.100/24 and 203.0.113/24 count as public: a /24
//   kept whole with its host bits would hide nothing);
//   the blocks that are kept whole (loopback, link-local, multicast, 0/8, 240/4) are not mapped at all;
// * host bits: the last bits of an address are kept (8 by default), so a NAT pool's range keeps
//   its order and its size (a pool from .100 to .200 would otherwise come out reversed).
// The first bit below a kept prefix always flips, so no address maps to itself. The mapping can be
// undone bit by bit with the same key (`unmap`).
import type { IpAddress } from '../config/addresses';
import { parseIp } from '../config/addresses';

/** One block of the AES family: 16 bytes in, 16 bytes out, under a key fixed by the caller. */
export type BlockCipher = (block: Uint8Array) => Uint8Array;

/** How the addresses of a special block are treated. */
type Treatment = 'kept' | 'class';

/** Special blocks, IPv4 and IPv6 (IANA's special-purpose registries). */
const SPECIAL_BLOCKS: readonly (readonly [string, Treatment])[] = [
  // Kept as they are: they name no site.
  ['0.0.0.0/8', 'kept'],
  ['127.0.0.0/8', 'kept'],
  ['169.254.0.0/16', 'kept'],
  ['224.0.0.0/4', 'kept'],
  ['240.0.0.0/4', 'kept'], // reserved, 255.255.255.255, and netmasks such as 255.255.255.0
  // Mapped inside the block: private stays private, in the same block.
  ['10.0.0.0/8', 'class'],
  ['172.16.0.0/12', 'class'],
  ['192.168.0.0/16', 'class'],
  ['100.64.0.0/10', 'class'],
  ['198.18.0.0/15', 'class'],
  ['::/128', 'kept'],
  ['::1/128', 'kept'],
  ['fe80::/10', 'kept'],
  ['ff00::/8', 'kept'],
  ['fc00::/7', 'class'],
  ['2001:db8::/32', 'class'],
  ['::ffff:0:0/96', 'class'],
  ['64:ff9b::/96', 'class'],
];

interface SpecialBlock {
  readonly family: 4 | 6;
  readonly prefix: bigint;
  readonly length: number;
  readonly treatment: Treatment;
}

const BLOCKS: readonly SpecialBlock[] = SPECIAL_BLOCKS.map(([text, treatment]) => {
  const [address, length] = text.split('/');
  const parsed = parseIp(address)!;
  const bits = parsed.family === 4 ? 32 : 128;
  return {
    family: parsed.family,
    prefix: parsed.value >> BigInt(bits - Number(length)),
    length: Number(length),
    treatment,
  };
});

/** The number of bits of a family's addresses. */
function widthOf(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/** True when an address lies in a block that is kept as it is. */
export function isKeptAddress(address: IpAddress): boolean {
  const bits = widthOf(address.family);
  return BLOCKS.some(
    (b) =>
      b.family === address.family &&
      b.treatment === 'kept' &&
      address.value >> BigInt(bits - b.length) === b.prefix,
  );
}

/** Options of the mapping. */
export interface AddressMapOptions {
  /** Trailing bits kept as they are (IPv4 and IPv6 alike); 8 keeps a /24's last octet. */
  readonly hostBits?: number;
  /** Keep classes and special addresses (the default); false gives plain Crypto-PAn. */
  readonly classes?: boolean;
}

/** The pseudonyms of one key. Results are remembered, so a dump's millions of copies cost one mapping per address. */
export class AddressMap {
  private readonly flips = new Map<string, number>();
  private readonly mapped = new Map<string, bigint>();
  private readonly unmapped = new Map<string, bigint>();
  /** `family:i:prefix` for every prefix on the path to a special block: no bit is flipped there. */
  private readonly forced = new Set<string>();
  /** The trailing bits kept as they are. */
  readonly hostBits: number;
  private readonly classes: boolean;
  /** The pad as one 128-bit number. */
  private readonly padValue: bigint;

  /**
   * @param encrypt the keyed block cipher (AES-128 with the key's first half, in Crypto-PAn)
   * @param pad 16 bytes that fill each block after the prefix (the cipher of the key's second half)
   */
  constructor(
    private readonly encrypt: BlockCipher,
    pad: Uint8Array,
    options: AddressMapOptions = {},
  ) {
    this.hostBits = options.hostBits ?? 8;
    this.padValue =
      (new DataView(pad.buffer, pad.byteOffset, 16).getBigUint64(0) << 64n) |
      new DataView(pad.buffer, pad.byteOffset, 16).getBigUint64(8);
    this.classes = options.classes ?? true;
    for (const block of this.classes ? BLOCKS : []) {
      for (let i = 0; i < block.length; i++)
        this.forced.add(`${block.family}:${i}:${block.prefix >> BigInt(block.length - i)}`);
    }
  }

  /** The pseudonym of an address (kept addresses come back as they are). */
  map(address: IpAddress): IpAddress {
    return this.remembered(address, this.mapped, false);
  }

  /** The address a pseudonym stands for, under the same key and options. */
  unmap(address: IpAddress): IpAddress {
    return this.remembered(address, this.unmapped, true);
  }

  private remembered(address: IpAddress, known: Map<string, bigint>, undo: boolean): IpAddress {
    if (this.classes && isKeptAddress(address)) return address;
    const key = `${address.family}:${address.value}`;
    let value = known.get(key);
    if (value === undefined) {
      value = this.walk(address, undo);
      known.set(key, value);
    }
    return { family: address.family, value };
  }

  /**
   * Maps the first `bits` bits of an address only (a masked address such as `183.62.*.*` shows
   * its first 16): the same bits any full address with that prefix maps to.
   */
  mapPrefix(address: IpAddress, bits: number): IpAddress {
    const width = widthOf(address.family);
    const shift = BigInt(width - bits);
    let value = 0n;
    let prefix = 0n;
    for (let i = 0; i < bits; i++) {
      const bit = (address.value >> BigInt(width - 1 - i)) & 1n;
      value = (value << 1n) | (bit ^ this.flipAt(address.family, i, prefix));
      prefix = (prefix << 1n) | bit;
    }
    return { family: address.family, value: value << shift };
  }

  /** Undoes `mapPrefix`: the first `bits` bits of the address a masked pseudonym stands for. */
  unmapPrefix(address: IpAddress, bits: number): IpAddress {
    const width = widthOf(address.family);
    let value = 0n;
    for (let i = 0; i < bits; i++) {
      const bit = (address.value >> BigInt(width - 1 - i)) & 1n;
      value = (value << 1n) | (bit ^ this.flipAt(address.family, i, value));
    }
    return { family: address.family, value: value << BigInt(width - bits) };
  }

  /** Walks the bits from the first: mapping reads the prefix from the input, undoing from the output being rebuilt. */
  private walk(address: IpAddress, undo: boolean): bigint {
    const width = widthOf(address.family);
    let result = 0n;
    let prefix = 0n; // the original address's first i bits
    for (let i = 0; i < width; i++) {
      const bit = (address.value >> BigInt(width - 1 - i)) & 1n;
      const flip = this.flipAt(address.family, i, prefix);
      const out = bit ^ flip;
      result = (result << 1n) | out;
      prefix = (prefix << 1n) | (undo ? out : bit);
    }
    return result;
  }

  /** The flip of bit i after a prefix of i bits: 0 on the paths to special blocks and in the host bits. */
  private flipAt(family: 4 | 6, i: number, prefix: bigint): bigint {
    if (i >= widthOf(family) - this.hostBits) return 0n;
    const key = `${family}:${i}:${prefix}`;
    if (this.forced.has(key)) return 0n;
    // The first bit below a kept prefix always flips, so that no address is its own pseudonym
    // (in 192.168/16 with 8 host bits, one address in 256 would otherwise come out unchanged).
    if (this.classes && this.forced.has(`${family}:${i - 1}:${prefix >> 1n}`)) return 1n;
    let flip = this.flips.get(key);
    if (flip === undefined) {
      flip = this.prfBit(i, prefix);
      this.flips.set(key, flip);
    }
    return BigInt(flip);
  }

  /** Crypto-PAn's bit: the first bit of the cipher of (the prefix's i bits, then the pad's bits from i on). */
  private prfBit(i: number, prefix: bigint): number {
    const low = 128n - BigInt(i);
    const value = i === 0 ? this.padValue : (prefix << low) | (this.padValue & ((1n << low) - 1n));
    const block = new Uint8Array(16);
    const view = new DataView(block.buffer);
    view.setBigUint64(0, value >> 64n);
    view.setBigUint64(8, value & 0xffffffffffffffffn);
    return this.encrypt(block)[0] >> 7;
  }
}
