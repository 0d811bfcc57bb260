// IDX, the MNIST / Fashion-MNIST file format (http://yann.lecun.com/exdb/mnist/):
//   bytes 0–1  zero;  byte 2  dtype code;  byte 3  number of dimensions d
//   then d big-endian uint32 sizes, then the values, big-endian, row-major.
// Plain or gzipped (detected from the gzip magic bytes 1f 8b). Every length is checked
// against the file, so a truncated or padded download is an error, never a short array.
import type { Tensor } from '../tensor.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { matrix } from './matrix.js';

export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export interface IdxArray {
  /** uint8 files stay bytes; every other dtype is converted to float32. */
  data: Uint8Array | Float32Array;
  shape: number[];
  dtype: IdxDtype;
}

const DTYPES: Record<number, [IdxDtype, number]> = {
  8: ['uint8', 1],
  9: ['int8', 1],
  11: ['int16', 2],
  12: ['int32', 4],
  13: ['float32', 4],
  14: ['float64', 8],
};

const hex = (v: number, digits = 2) => `0x${v.toString(16).padStart(digits, '0')}`;

/** Decodes IDX bytes (already gunzipped); `name` prefixes every error. */
export function parseIdx(bytes: Uint8Array, name = 'parseIdx'): IdxArray {
  if (bytes.length < 4)
    throw new RangeError(`${name}: file is ${bytes.length} bytes, too short for the 4-byte IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new RangeError(`${name}: bad magic number ${hex(magic, 8)}: an IDX file starts with two zero bytes`);
  }
  const entry = DTYPES[bytes[2]];
  if (!entry) {
    throw new RangeError(
      `${name}: unknown dtype code ${hex(bytes[2])} (expected 0x08 uint8, 0x09 int8, 0x0b int16, 0x0c int32, 0x0d float32 or 0x0e float64)`,
    );
  }
  const [dtype, bytesPerElement] = entry;
  const ndims = bytes[3];
  if (ndims === 0) throw new RangeError(`${name}: the header declares 0 dimensions`);
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new RangeError(
      `${name}: truncated header: ${ndims} dimensions need ${headerBytes} header bytes, the file has ${bytes.length}`,
    );
  }
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    shape.push(view.getUint32(4 + 4 * i));
    count *= shape[i];
  }
  const dataBytes = count * bytesPerElement;
  const have = bytes.length - headerBytes;
  const what = `shape [${shape.join(', ')}] of ${dtype} needs ${dataBytes} data bytes`;
  if (have < dataBytes) throw new RangeError(`${name}: truncated: ${what}, the file has ${have}`);
  if (have > dataBytes)
    throw new RangeError(`${name}: oversized: ${what}, the file has ${have - dataBytes} extra bytes`);

  if (dtype === 'uint8') return { data: bytes.slice(headerBytes), shape, dtype };
  const data = new Float32Array(count);
  for (let i = 0, at = headerBytes; i < count; i++, at += bytesPerElement) {
    // IDX is big-endian: DataView getters default to big-endian.
    if (dtype === 'int8') data[i] = view.getInt8(at);
    else if (dtype === 'int16') data[i] = view.getInt16(at);
    else if (dtype === 'int32') data[i] = view.getInt32(at);
    else if (dtype === 'float32') data[i] = view.getFloat32(at);
    else data[i] = view.getFloat64(at);
  }
  return { data, shape, dtype };
}

/** Reads an IDX file, plain or gzipped; errors name the file and the fault. */
export function readIdx(path: string): IdxArray {
  const name = `readIdx(${path})`;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`${name}: cannot read the file: ${(err as Error).message}`);
  }
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (gzipped) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new Error(`${name}: corrupt gzip data: ${(err as Error).message}`);
    }
  } else if (path.endsWith('.gz')) {
    throw new RangeError(`${name}: the name ends in .gz but the file does not start with the gzip magic bytes 1f 8b`);
  }
  return parseIdx(bytes, name);
}

export interface MnistLike {
  /** [n, rows·cols] pixels, in [0, 1] when normalized, else 0…255. */
  x: Tensor;
  /** [n, 1] class indices. */
  y: Tensor;
  imageShape: [rows: number, cols: number];
  /** 1 + the largest label. */
  numClasses: number;
}

export interface MnistOptions {
  split?: 'train' | 'test';
  /** Scale pixels to [0, 1] (default true). */
  normalize?: boolean;
  /** Keep only the first `limit` samples. */
  limit?: number;
}

function findFile(op: string, dir: string, stems: string[]): string {
  const tried: string[] = [];
  for (const stem of stems) {
    for (const name of [stem, `${stem}.gz`]) {
      if (existsSync(join(dir, name))) return join(dir, name);
      tried.push(name);
    }
  }
  throw new Error(`${op}: none of ${tried.join(', ')} in ${dir}`);
}

/**
 * Reads the MNIST file layout — `train-images-idx3-ubyte(.gz)`, `train-labels-idx1-ubyte(.gz)`,
 * `t10k-…` for the test split — as used by MNIST, Fashion-MNIST, KMNIST and EMNIST.
 */
export function loadMnistLike(dir: string, options: MnistOptions = {}): MnistLike {
  const op = `loadMnistLike(${dir})`;
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') {
    throw new TypeError(`${op}: expected split to be 'train' or 'test', got ${JSON.stringify(split)}`);
  }
  const limit = options.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
    throw new RangeError(`${op}: expected limit to be a positive integer, got ${limit}`);
  }
  const prefix = split === 'train' ? 'train' : 't10k';
  const imagesPath = findFile(op, dir, [`${prefix}-images-idx3-ubyte`, `${prefix}-images.idx3-ubyte`]);
  const labelsPath = findFile(op, dir, [`${prefix}-labels-idx1-ubyte`, `${prefix}-labels.idx1-ubyte`]);
  const images = readIdx(imagesPath);
  const labels = readIdx(labelsPath);
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new RangeError(
      `${op}: ${imagesPath}: expected uint8 images [n, rows, cols], got ${images.dtype} [${images.shape.join(', ')}]`,
    );
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new RangeError(
      `${op}: ${labelsPath}: expected uint8 labels [n], got ${labels.dtype} [${labels.shape.join(', ')}]`,
    );
  }
  const [count, rows, cols] = images.shape;
  if (labels.shape[0] !== count) {
    throw new RangeError(`${op}: ${split} images have ${count} samples but labels have ${labels.shape[0]}`);
  }
  if (count === 0) throw new RangeError(`${op}: empty dataset (0 ${split} images)`);
  const n = limit === undefined ? count : Math.min(limit, count);
  const pixels = rows * cols;
  const x = new Float32Array(n * pixels);
  const scale = options.normalize === false ? 1 : 255;
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / scale;
  const y = new Float32Array(n);
  let numClasses = 0;
  for (let i = 0; i < n; i++) {
    y[i] = labels.data[i];
    if (y[i] + 1 > numClasses) numClasses = y[i] + 1;
  }
  return { x: matrix(x, n, pixels), y: matrix(y, n, 1), imageShape: [rows, cols], numClasses };
}

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/**
 * Where Fashion-MNIST is on this machine, or null: $CHAINRULE_FASHION_MNIST, else
 * Debian's dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist).
 */
export function fashionMnistPath(): string | null {
  const candidates = [process.env.CHAINRULE_FASHION_MNIST, '/usr/share/datasets/fashion-mnist'];
  for (const dir of candidates) {
    if (!dir) continue;
    if (existsSync(join(dir, 'train-images-idx3-ubyte.gz')) || existsSync(join(dir, 'train-images-idx3-ubyte')))
      return dir;
  }
  return null;
}
