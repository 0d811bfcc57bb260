import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fashionMnistPath, loadMnistLike, parseIdx, readIdx } from '../../lib/data/idx.js';

const dir = mkdtempSync(join(tmpdir(), 'chainrule-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CODES = { uint8: 0x08, int8: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e } as const;
const SIZES = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 } as const;

/** IDX bytes written by hand from the format description: 0, 0, dtype, ndims, BE dims, BE values. */
function idxBytes(dtype: keyof typeof CODES, shape: number[], values: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = CODES[dtype];
  header[3] = shape.length;
  shape.forEach((d, i) => {
    header.writeUInt32BE(d, 4 + 4 * i);
  });
  const body = Buffer.alloc(values.length * SIZES[dtype]);
  values.forEach((v, i) => {
    const at = i * SIZES[dtype];
    if (dtype === 'uint8') body.writeUInt8(v, at);
    else if (dtype === 'int8') body.writeInt8(v, at);
    else if (dtype === 'int16') body.writeInt16BE(v, at);
    else if (dtype === 'int32') body.writeInt32BE(v, at);
    else if (dtype === 'float32') body.writeFloatBE(v, at);
    else body.writeDoubleBE(v, at);
  });
  return Buffer.concat([header, body]);
}

function write(name: string, bytes: Uint8Array, where = dir): string {
  const path = join(where, name);
  writeFileSync(path, bytes);
  return path;
}

describe('readIdx', () => {
  it.each([
    ['uint8', [0, 1, 127, 255, 3, 4]],
    ['int8', [-128, -1, 0, 1, 127, 5]],
    ['int16', [-32768, -2, 0, 300, 32767, 7]],
    ['int32', [-2147483648, -5, 0, 70000, 2147483647, 9]],
    ['float32', [-1.5, 0, 0.25, 3.75, 1e10, -2e-3]],
    ['float64', [-1.5, 0, 0.25, 3.75, 1e10, -2e-3]],
  ] as const)('reads %s, plain and gzipped', (dtype, values) => {
    const bytes = idxBytes(dtype, [2, 3], [...values]);
    for (const [name, content] of [
      [`v-${dtype}`, bytes],
      [`v-${dtype}.gz`, gzipSync(bytes)],
    ] as const) {
      const out = readIdx(write(name, content));
      expect(out.dtype).toBe(dtype);
      expect(out.shape).toEqual([2, 3]);
      expect(out.data).toBeInstanceOf(dtype === 'uint8' ? Uint8Array : Float32Array);
      expect(Array.from(out.data)).toEqual(values.map((v) => Math.fround(v)));
    }
  });

  it('reads a 1-d and a 4-d array', () => {
    expect(readIdx(write('one-d', idxBytes('uint8', [4], [1, 2, 3, 4]))).shape).toEqual([4]);
    const four = readIdx(write('four-d', idxBytes('int16', [1, 2, 1, 2], [1, 2, 3, 4])));
    expect(four.shape).toEqual([1, 2, 1, 2]);
    expect(Array.from(four.data)).toEqual([1, 2, 3, 4]);
  });

  it('reports a truncated file', () => {
    const full = idxBytes(
      'uint8',
      [3, 2, 2],
      Array.from({ length: 12 }, (_, i) => i),
    );
    const path = write('short-images', full.subarray(0, full.length - 5));
    expect(() => readIdx(path)).toThrow(
      `readIdx(${path}): truncated: shape [3, 2, 2] of uint8 needs 12 data bytes, the file has 7`,
    );
    const gz = write('short-images.gz', gzipSync(full.subarray(0, full.length - 1)));
    expect(() => readIdx(gz)).toThrow(
      `readIdx(${gz}): truncated: shape [3, 2, 2] of uint8 needs 12 data bytes, the file has 11`,
    );
  });

  it('reports an oversized file', () => {
    const path = write('long', Buffer.concat([idxBytes('float32', [2], [1, 2]), Buffer.alloc(3)]));
    expect(() => readIdx(path)).toThrow(
      `readIdx(${path}): oversized: shape [2] of float32 needs 8 data bytes, the file has 3 extra bytes`,
    );
  });

  it('reports a truncated header, a bad magic number, an unknown dtype and 0 dimensions', () => {
    const tiny = write('tiny', Uint8Array.of(0, 0));
    expect(() => readIdx(tiny)).toThrow(`readIdx(${tiny}): file is 2 bytes, too short for the 4-byte IDX header`);
    const header = write('header', Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 5, 0, 0));
    expect(() => readIdx(header)).toThrow(
      `readIdx(${header}): truncated header: 3 dimensions need 16 header bytes, the file has 10`,
    );
    const magic = write('magic', Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0, 0, 0));
    expect(() => readIdx(magic)).toThrow(
      `readIdx(${magic}): bad magic number 0x504b0304: an IDX file starts with two zero bytes`,
    );
    const dtype = write('dtype', Uint8Array.of(0, 0, 0x0a, 1, 0, 0, 0, 1, 7));
    expect(() => readIdx(dtype)).toThrow(
      `readIdx(${dtype}): unknown dtype code 0x0a (expected 0x08 uint8, 0x09 int8, 0x0b int16, 0x0c int32, 0x0d float32 or 0x0e float64)`,
    );
    const zero = write('zero', Uint8Array.of(0, 0, 8, 0));
    expect(() => readIdx(zero)).toThrow(`readIdx(${zero}): the header declares 0 dimensions`);
  });

  it('reports corrupt gzip data and a .gz name on plain data', () => {
    const gz = gzipSync(
      idxBytes(
        'uint8',
        [64],
        Array.from({ length: 64 }, (_, i) => i),
      ),
    );
    const cut = write('cut.gz', gz.subarray(0, gz.length - 10));
    expect(() => readIdx(cut)).toThrow(`readIdx(${cut}): corrupt gzip data: unexpected end of file`);
    const flipped = Buffer.from(gz);
    flipped[flipped.length - 6] ^= 0xff; // inside the CRC-32 trailer
    const bad = write('crc.gz', flipped);
    expect(() => readIdx(bad)).toThrow(`readIdx(${bad}): corrupt gzip data: `);
    const plain = write('plain.gz', idxBytes('uint8', [1], [1]));
    expect(() => readIdx(plain)).toThrow(
      `readIdx(${plain}): the name ends in .gz but the file does not start with the gzip magic bytes 1f 8b`,
    );
  });

  it('reports a missing file', () => {
    const path = join(dir, 'absent');
    expect(() => readIdx(path)).toThrow(`readIdx(${path}): cannot read the file: ENOENT`);
  });

  it('parseIdx decodes a buffer', () => {
    expect(parseIdx(idxBytes('int8', [2], [-1, 1])).data).toEqual(Float32Array.of(-1, 1));
    expect(() => parseIdx(Uint8Array.of(1))).toThrow('parseIdx: file is 1 bytes');
  });
});

/** A tiny MNIST-like folder: n images of 2×3 pixels, pixel = (10·i + p) mod 256, label i mod 10. */
function mnistDir(name: string, n: number, gz: boolean, split = 'train'): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const pixels = Array.from({ length: n * 6 }, (_, k) => (10 * Math.floor(k / 6) + (k % 6)) % 256);
  const labels = Array.from({ length: n }, (_, i) => i % 10);
  const enc = (b: Buffer) => (gz ? gzipSync(b) : b);
  const ext = gz ? '.gz' : '';
  write(`${split}-images-idx3-ubyte${ext}`, enc(idxBytes('uint8', [n, 2, 3], pixels)), folder);
  write(`${split}-labels-idx1-ubyte${ext}`, enc(idxBytes('uint8', [n], labels)), folder);
  return folder;
}

describe('loadMnistLike', () => {
  it.each([false, true])('reads images as [n, rows·cols] in [0, 1] and labels as [n, 1] (gzip %s)', (gz) => {
    const folder = mnistDir(`mnist-${gz}`, 12, gz);
    const d = loadMnistLike(folder);
    expect(d.x.shape).toEqual([12, 6]);
    expect(d.y.shape).toEqual([12, 1]);
    expect(d.imageShape).toEqual([2, 3]);
    expect(d.numClasses).toBe(10);
    expect(d.x.data[6 * 3 + 2]).toBeCloseTo(32 / 255, 7);
    expect(Array.from(d.y.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(Math.max(...d.x.data)).toBeLessThanOrEqual(1);
  });

  it('reads the t10k files for the test split, raw pixels with normalize: false, and honours limit', () => {
    const folder = mnistDir('mnist-test', 5, true, 't10k');
    const d = loadMnistLike(folder, { split: 'test', normalize: false, limit: 3 });
    expect(d.x.shape).toEqual([3, 6]);
    expect(Array.from(d.x.data.subarray(6, 12))).toEqual([10, 11, 12, 13, 14, 15]);
    expect(d.numClasses).toBe(3);
  });

  it('reports missing files, mismatched counts and wrong shapes', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    expect(() => loadMnistLike(empty)).toThrow(
      `loadMnistLike(${empty}): none of train-images-idx3-ubyte, train-images-idx3-ubyte.gz, train-images.idx3-ubyte, train-images.idx3-ubyte.gz in ${empty}`,
    );
    const folder = mnistDir('mismatch', 4, false);
    write('train-labels-idx1-ubyte', idxBytes('uint8', [3], [1, 2, 3]), folder);
    expect(() => loadMnistLike(folder)).toThrow(
      `loadMnistLike(${folder}): train images have 4 samples but labels have 3`,
    );
    write('train-labels-idx1-ubyte', idxBytes('uint8', [4, 1], [1, 2, 3, 4]), folder);
    expect(() => loadMnistLike(folder)).toThrow('train-labels-idx1-ubyte: expected uint8 labels [n], got uint8 [4, 1]');
    write('train-images-idx3-ubyte', idxBytes('float32', [4, 6], Array(24).fill(0)), folder);
    expect(() => loadMnistLike(folder)).toThrow(
      'train-images-idx3-ubyte: expected uint8 images [n, rows, cols], got float32 [4, 6]',
    );
  });

  it('passes on a truncated image file as a readIdx error', () => {
    const folder = mnistDir('truncated', 4, false);
    const images = join(folder, 'train-images-idx3-ubyte');
    write('train-images-idx3-ubyte', idxBytes('uint8', [4, 2, 3], Array(24).fill(1)).subarray(0, 30), folder);
    expect(() => loadMnistLike(folder)).toThrow(
      `readIdx(${images}): truncated: shape [4, 2, 3] of uint8 needs 24 data bytes, the file has 14`,
    );
  });

  it('rejects an empty image file', () => {
    const folder = mnistDir('no-images', 0, false);
    expect(() => loadMnistLike(folder)).toThrow(`loadMnistLike(${folder}): empty dataset (0 train images)`);
  });

  it('checks split and limit', () => {
    const folder = mnistDir('opts', 2, false);
    expect(() => loadMnistLike(folder, { split: 'val' as 'test' })).toThrow(
      `expected split to be 'train' or 'test', got "val"`,
    );
    expect(() => loadMnistLike(folder, { limit: 0 })).toThrow('expected limit to be a positive integer, got 0');
  });
});

describe('fashionMnistPath', () => {
  const saved = process.env.CHAINRULE_FASHION_MNIST;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHAINRULE_FASHION_MNIST;
    else process.env.CHAINRULE_FASHION_MNIST = saved;
  });

  it('finds a folder named by CHAINRULE_FASHION_MNIST', () => {
    process.env.CHAINRULE_FASHION_MNIST = mnistDir('fashion', 3, true);
    expect(fashionMnistPath()).toBe(process.env.CHAINRULE_FASHION_MNIST);
  });

  it('returns null or a folder that really holds the training images', () => {
    process.env.CHAINRULE_FASHION_MNIST = join(dir, 'nowhere');
    const found = fashionMnistPath();
    expect(found).not.toBe(join(dir, 'nowhere'));
    if (found !== null) {
      expect(
        existsSync(join(found, 'train-images-idx3-ubyte.gz')) || existsSync(join(found, 'train-images-idx3-ubyte')),
      ).toBe(true);
    }
  });
});
