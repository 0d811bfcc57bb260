// safetensors (https://github.com/huggingface/safetensors), read and written strictly:
//   [8 bytes: N, u64 little-endian] [N bytes: JSON header, space-padded] [byte buffer]
// The header maps each tensor name to { dtype, shape, data_offsets: [begin, end) } relative
// to the byte buffer, plus an optional "__metadata__" of string → string. The buffer must be
// covered exactly: no holes, no overlaps, no trailing bytes. We write F32 and read F32, F16,
// BF16 and F64 into Float32Array. Every fault is a ModelFormatError naming the file.
import * as fs from 'node:fs';
import { writeFileAtomic } from './atomic.js';
import { describe, ModelFormatError, type NamedTensors } from './description.js';
import { bytesPerElement, float32Bytes, readableDtypes, toFloat32 } from './dtypes.js';

/** The reference implementation's limit: a header past 100 MB is a corrupt length, not a model. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsContents {
  tensors: NamedTensors;
  metadata: Record<string, string>;
}

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

function isSize(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function elementCount(shape: number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Sets a property even when the name is "__proto__" (a name from a file is data, not code). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Encodes float32 tensors (in the given order) and optional string metadata as safetensors bytes. */
export function encodeSafetensors(tensors: NamedTensors, metadata?: Record<string, string>): Buffer {
  return Buffer.concat(encodeSafetensorsChunks(tensors, metadata));
}

/** The file as a list of chunks (header, then each tensor's bytes) so writes need no big copy. */
export function encodeSafetensorsChunks(tensors: NamedTensors, metadata?: Record<string, string>): Uint8Array[] {
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    for (const [key, value] of Object.entries(metadata))
      if (typeof value !== 'string')
        throw new TypeError(
          `encodeSafetensors: expected metadata values to be strings, got ${key}: ${describe(value)}`,
        );
    header.__metadata__ = metadata;
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (name === '__metadata__' || name.length === 0)
      throw new TypeError(`encodeSafetensors: tensor name ${describe(name)} is reserved or empty`);
    if (!Array.isArray(t.shape) || !t.shape.every(isSize))
      throw new TypeError(
        `encodeSafetensors: tensor '${name}' shape must be non-negative integers, got ${describe(t.shape)}`,
      );
    if (!(t.data instanceof Float32Array) || t.data.length !== elementCount(t.shape))
      throw new TypeError(
        `encodeSafetensors: tensor '${name}' [${t.shape}] needs a Float32Array of ${elementCount(t.shape)}, got ${describe(t.data)}`,
      );
    setOwn(header, name, { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] });
    chunks.push(float32Bytes(t.data));
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the byte buffer starts 8-byte aligned, as the reference writer does.
  const jsonBytes = Buffer.byteLength(json);
  json += ' '.repeat((8 - ((8 + jsonBytes) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerBytes.length));
  return [prefix, headerBytes, ...chunks];
}

/** Decodes and validates safetensors bytes; `label` (usually the path) names the file in errors. */
export function decodeSafetensors(buf: Uint8Array, label: string): SafetensorsContents {
  const fail = (fault: string): never => {
    throw new ModelFormatError(label, fault);
  };
  if (buf.length < 8) fail(`file is ${buf.length} bytes, shorter than the 8-byte header length (truncated?)`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(buf.length - 8))
    fail(`header length ${headerLength} exceeds the ${buf.length - 8} bytes after it (truncated or corrupt)`);
  if (headerLength > BigInt(MAX_HEADER_BYTES))
    fail(`header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const n = Number(headerLength);
  if (n < 2) fail(`header length ${n} is too small for a JSON object`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(8, 8 + n));
  } catch {
    fail('header is not valid UTF-8');
  }
  if (text[0] !== '{') fail(`header must start with "{", got ${describe(text.slice(0, 20))}`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (err) {
    fail(`header is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    fail(`header must be a JSON object, got ${describe(header)}`);

  const dataStart = 8 + n;
  const dataLength = buf.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof info !== 'object' || info === null || Array.isArray(info))
        fail(`__metadata__ must be an object of strings, got ${describe(info)}`);
      for (const [key, value] of Object.entries(info as Record<string, unknown>)) {
        if (typeof value !== 'string') fail(`__metadata__ '${key}' must be a string, got ${describe(value)}`);
        setOwn(metadata, key, value as string);
      }
      continue;
    }
    entries.push(parseEntry(name, info, dataLength, fail));
  }
  checkCoverage(entries, dataLength, fail);

  const tensors: NamedTensors = {};
  for (const e of entries) {
    const count = elementCount(e.shape);
    const data = toFloat32(buf.subarray(dataStart + e.begin, dataStart + e.end), e.dtype, count);
    setOwn(tensors, e.name, { shape: e.shape, data });
  }
  return { tensors, metadata };
}

function parseEntry(name: string, info: unknown, dataLength: number, fail: (fault: string) => never): Entry {
  const at = `tensor '${name}'`;
  if (typeof info !== 'object' || info === null || Array.isArray(info))
    fail(`${at}: expected { dtype, shape, data_offsets }, got ${describe(info)}`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string' || !(dtype in bytesPerElement)) fail(`${at}: unknown dtype ${describe(dtype)}`);
  if (!(readableDtypes as readonly string[]).includes(dtype as string))
    fail(`${at}: dtype ${dtype} is not supported (chainrule reads ${readableDtypes.join(', ')})`);
  if (!Array.isArray(shape) || !shape.every(isSize))
    fail(`${at}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isSize))
    fail(`${at}: data_offsets must be two non-negative integers, got ${JSON.stringify(offsets)}`);
  const [begin, end] = offsets as number[];
  if (begin > end) fail(`${at} data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength)
    fail(`${at} data_offsets [${begin}, ${end}] run past the ${dataLength}-byte data buffer (truncated?)`);
  const size = bytesPerElement[dtype as string];
  const needed = elementCount(shape as number[]) * size;
  if (end - begin !== needed)
    fail(
      `${at} data_offsets [${begin}, ${end}] but shape [${(shape as number[]).join(',')}] ${dtype} needs ${needed} bytes`,
    );
  return { name, dtype: dtype as string, shape: shape as number[], begin, end };
}

/** The byte buffer must be tiled exactly by the tensors: sorted by offset, each begins where the last ended. */
function checkCoverage(entries: Entry[], dataLength: number, fail: (fault: string) => never): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  let previous: Entry | null = null;
  for (const e of sorted) {
    if (e.begin < position)
      fail(
        `tensor '${e.name}' data_offsets [${e.begin}, ${e.end}] overlap tensor '${previous!.name}' [${previous!.begin}, ${previous!.end}]`,
      );
    if (e.begin > position)
      fail(`bytes [${position}, ${e.begin}) of the data buffer belong to no tensor (a hole before '${e.name}')`);
    position = e.end;
    previous = e;
  }
  if (position !== dataLength) fail(`${dataLength - position} trailing bytes after the last tensor (file is corrupt)`);
}

/** Writes tensors as safetensors atomically (temporary file, fsync, rename, directory fsync). */
export function writeSafetensors(path: string, tensors: NamedTensors, metadata?: Record<string, string>): void {
  writeFileAtomic(path, encodeSafetensorsChunks(tensors, metadata));
}

/** Reads and validates a safetensors file into float32 tensors. */
export function readSafetensors(path: string): SafetensorsContents {
  return decodeSafetensors(fs.readFileSync(path), path);
}
