// The WHATWG text coders every JavaScript host has (browsers, workers, Node), declared for the
// service's own build, which has no DOM and no Node types (tsconfig.json beside this folder).
// The rest of the project gets them from @types/node and leaves this folder out.

interface TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare const TextEncoder: { new (): TextEncoder };

interface TextDecoder {
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare const TextDecoder: {
  new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
};
