// safetensors dtypes and their conversion to float32. Every dtype the format defines is
// listed so a file with, say, I64 gets "not supported" rather than "unknown dtype".
import * as os from 'node:os';

export const bytesPerElement: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

/** The dtypes we read (converted to float32). We write F32 only. */
export const readableDtypes = ['F32', 'F16', 'BF16', 'F64'] as const;

export const littleEndianHost = os.endianness() === 'LE';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits → number: (−1)^s · 2^(e−15) · 1.f, subnormals 2^−14 · 0.f. */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 is the top half of a float32: shift the 16 bits back into place. */
function bf16ToNumber(h: number): number {
  u32[0] = h << 16;
  return f32[0];
}

/** Little-endian `bytes` of `dtype` → a fresh, aligned Float32Array of `count` elements. */
export function toFloat32(bytes: Uint8Array, dtype: string, count: number): Float32Array {
  const out = new Float32Array(count);
  if (dtype === 'F32' && littleEndianHost) {
    new Uint8Array(out.buffer).set(bytes); // copy: the source may sit at any byte offset
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    case 'F64': // rounds to nearest float32
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      return out;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToNumber(view.getUint16(2 * i, true));
      return out;
    case 'BF16':
      for (let i = 0; i < count; i++) out[i] = bf16ToNumber(view.getUint16(2 * i, true));
      return out;
    default:
      throw new TypeError(`toFloat32: expected one of ${readableDtypes.join(', ')}, got ${dtype}`);
  }
}

/** Float32Array → its little-endian bytes (a view, without copying, on little-endian hosts). */
export function float32Bytes(data: Float32Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i], true);
  return bytes;
}
