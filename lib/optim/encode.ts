// Float32Array <-> JSON-able value, exact to the bit (NaN, ±Infinity and -0 included): the raw
// little-endian bytes in base64. Plain number arrays would lose NaN and Infinity to JSON.
import { endianness } from 'node:os';

const bigEndianHost = endianness() === 'BE';

export interface EncodedFloat32 {
  float32: string;
  length: number;
}

export function encodeFloat32(a: Float32Array): EncodedFloat32 {
  const bytes = Buffer.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)); // a copy
  if (bigEndianHost) bytes.swap32();
  return { float32: bytes.toString('base64'), length: a.length };
}

export function isEncodedFloat32(v: unknown): v is EncodedFloat32 {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as EncodedFloat32).float32 === 'string' &&
    typeof (v as EncodedFloat32).length === 'number'
  );
}

/** Decodes into a fresh array; `where` names the caller and field for the error message. */
export function decodeFloat32(v: EncodedFloat32, where: string): Float32Array {
  const bytes = Buffer.from(v.float32, 'base64');
  if (bytes.length !== v.length * 4) {
    throw new Error(`${where}: expected ${v.length * 4} bytes of float32 data, got ${bytes.length}`);
  }
  if (bigEndianHost) bytes.swap32();
  const out = new Float32Array(v.length);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
