// The redaction key: 32 secret bytes, as Crypto-PAn takes them. The first 16 are an AES-128 key;
// the second 16, enciphered, fill each block after an address's prefix. Names are enciphered
// with the same AES key (CBC-MAC over their length and bytes: a keyed pseudo-random function).
// AES-128 comes from @noble/ciphers (audited, pure JavaScript), so the service needs no Node module.
import { unsafe as aes } from '@noble/ciphers/aes';

import { AddressMap, type AddressMapOptions, type BlockCipher } from './addressMap';

/** The bytes a key holds. */
export const KEY_BYTES = 32;

/** What a key gives: the address pseudonyms and a keyed function for names. */
export interface RedactionKey {
  /** The address mapping of this key. */
  readonly addresses: AddressMap;
  /** A keyed pseudo-random value of a text: 16 bytes, the same for the same text and key. */
  digest(text: string): Uint8Array;
}

/** Makes the key's functions from its 32 bytes; throws when it has another length. */
export function redactionKey(bytes: Uint8Array, options: AddressMapOptions = {}): RedactionKey {
  if (bytes.length !== KEY_BYTES)
    throw new Error(`a redaction key has ${KEY_BYTES} bytes, not ${bytes.length}`);
  // The raw block cipher (the library's `unsafe` export: no mode, no padding), as Crypto-PAn uses it.
  const expanded = aes.expandKeyLE(bytes.slice(0, 16));
  const encrypt: BlockCipher = (block) => aes.encryptBlock(expanded, Uint8Array.from(block));
  const pad = encrypt(bytes.slice(16, 32));
  const digests = new Map<string, Uint8Array>();
  return {
    addresses: new AddressMap(encrypt, pad, options),
    digest(text) {
      let known = digests.get(text);
      if (known) return known;
      const data = new TextEncoder().encode(text);
      // CBC-MAC over the length and then the bytes: prefix-free, so a PRF under a secret key.
      let state: Uint8Array = new Uint8Array(16);
      new DataView(state.buffer).setUint32(12, data.length);
      state = encrypt(state);
      for (let offset = 0; offset < data.length; offset += 16) {
        const block = new Uint8Array(16);
        block.set(data.subarray(offset, offset + 16));
        for (let i = 0; i < 16; i++) block[i] ^= state[i];
        state = encrypt(block);
      }
      known = state;
      digests.set(text, known);
      return known;
    },
  };
}

/** Reads a key written as 64 hexadecimal digits; undefined when the text is not one. */
export function keyFromHex(text: string): Uint8Array | undefined {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  const bytes = new Uint8Array(KEY_BYTES);
  for (let i = 0; i < KEY_BYTES; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Writes a key as 64 hexadecimal digits. */
export function keyToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
