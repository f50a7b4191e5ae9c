// Lines that are hard on a TextMate grammar: binary junk, and 1 MB lines that try each rule
// family's worst case. Shared by the grammar robustness tests and `npm run bench:grammar`.
import { readFixture } from './tokenize';

/** One mebibyte of characters. */
export const MB = 1 << 20;

/** `unit` repeated up to exactly `size` characters. */
export function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** Deterministic pseudo-random bytes (xorshift32), so a failure can be reproduced. */
export function randomBytes(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** Bytes read as text the two ways an editor may read a binary file, on one line. */
export function binaryLines(size: number): Record<string, string> {
  const bytes = Buffer.from(randomBytes(size, 0x5eed));
  const oneLine = (text: string) => text.replace(/[\r\n]/g, ' ');
  return {
    'random bytes read as latin1': oneLine(bytes.toString('latin1')),
    'random bytes read as UTF-8': oneLine(bytes.toString('utf8')),
  };
}

/** 1 MB lines that each try one rule family's worst case: long runs a regex may rescan. */
export const PATHOLOGICAL: Record<string, string> = {
  'one word': repeatTo('a', MB),
  'white space': repeatTo(' ', MB),
  digits: repeatTo('1', MB),
  'dotted digits (addresses that never end)': repeatTo('1.', MB),
  'masked octets': repeatTo('*.', MB),
  colons: repeatTo(':', MB),
  'hex and colons (IPv6 that never ends)': repeatTo('f:', MB),
  'comment marks': repeatTo('!', MB),
  'open parentheses': repeatTo('a(', MB),
  'an axdebug header that never closes': '@1 i( 1, 1, ' + repeatTo('f', MB),
  'a summary VIP name that never ends': 'vip_' + repeatTo('1.*', MB),
  'a summary member that never ends': 'member:' + repeatTo('x', MB),
  'a prompt host that never ends': 'AX' + repeatTo('3', MB) + '(',
  'an ip pair with no end': 'ip ' + repeatTo('1.2.3.4', MB),
  'a tcpdump endpoint with no end': '1 00:00:00 IP ' + repeatTo('a', MB) + ' > x',
  'key=value without values': repeatTo('spi=', MB),
};

/** The seed's text with its newlines lost: many tokens on one line. */
export function denseLine(size: number): string {
  const seed = [
    'test/fixtures/seed/capture-before-fix.axdebug.txt',
    'test/fixtures/seed/vip-after-fix.summary.txt',
    'test/fixtures/config/acos2-wildcard.a10.cfg',
    'test/fixtures/grammar/tcpdump-samples.txt',
  ]
    .map(readFixture)
    .join(' ')
    .replace(/\r?\n/g, ' ');
  return repeatTo(seed + ' ', size);
}
