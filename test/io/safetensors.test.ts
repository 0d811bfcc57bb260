import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeSafetensors,
  encodeSafetensors,
  ModelFormatError,
  readSafetensors,
  writeSafetensors,
} from '../../lib/io/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-st-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A safetensors file built by hand: u64 LE header length, header text, data bytes. */
function rawFile(header: object | string, data: Uint8Array = new Uint8Array(0), headerLength?: number): Buffer {
  const text = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerLength ?? text.length));
  return Buffer.concat([prefix, text, data]);
}

function f32Bytes(values: number[]): Uint8Array {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => {
    b.writeFloatLE(v, 4 * i);
  });
  return b;
}

describe('safetensors round trip', () => {
  const tensors = {
    '0.weight': { shape: [3, 2], data: new Float32Array([1, -2, 3.5, 1e-30, -0, 65504.5]) },
    '0.bias': { shape: [3], data: new Float32Array([0.25, Number.POSITIVE_INFINITY, -7]) },
    scalar: { shape: [], data: new Float32Array([42]) },
    empty: { shape: [0, 4], data: new Float32Array(0) },
  };

  it('decodes what it encodes, bit for bit, with metadata', () => {
    const buf = encodeSafetensors(tensors, { format: 'pt', note: 'héllo' });
    const back = decodeSafetensors(buf, 'mem');
    expect(Object.keys(back.tensors)).toEqual(Object.keys(tensors));
    for (const [name, t] of Object.entries(tensors)) {
      expect(back.tensors[name].shape).toEqual(t.shape);
      expect(Buffer.from(back.tensors[name].data.buffer)).toEqual(Buffer.from(t.data.buffer));
    }
    expect(back.metadata).toEqual({ format: 'pt', note: 'héllo' });
  });

  it('lays the file out as the spec says: u64 LE length, JSON, 8-byte aligned contiguous data', () => {
    const buf = encodeSafetensors(tensors);
    const n = Number(buf.readBigUInt64LE(0));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8'));
    expect(header['0.weight']).toEqual({ dtype: 'F32', shape: [3, 2], data_offsets: [0, 24] });
    expect(header['0.bias']).toEqual({ dtype: 'F32', shape: [3], data_offsets: [24, 36] });
    expect(header.scalar).toEqual({ dtype: 'F32', shape: [], data_offsets: [36, 40] });
    expect(header.empty).toEqual({ dtype: 'F32', shape: [0, 4], data_offsets: [40, 40] });
    expect(header.__metadata__).toBeUndefined();
    expect(buf.length).toBe(8 + n + 40);
    expect(buf.readFloatLE(8 + n + 8)).toBe(3.5); // '0.weight'[2]
  });

  it('writes atomically and reads back from disk, leaving no temporary files', () => {
    const file = path.join(tmp, 'rt.safetensors');
    writeSafetensors(file, tensors, { a: 'b' });
    writeSafetensors(file, { x: { shape: [1], data: new Float32Array([9]) } }); // replace
    expect(fs.readdirSync(tmp).filter((f) => f.includes('rt.'))).toEqual(['rt.safetensors']);
    const back = readSafetensors(file);
    expect(Object.keys(back.tensors)).toEqual(['x']);
    expect(Array.from(back.tensors.x.data)).toEqual([9]);
    expect(back.metadata).toEqual({});
  });

  it('reads a hand-built file whose data starts unaligned (header not padded)', () => {
    const header = {
      b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
      a: { dtype: 'F32', shape: [], data_offsets: [0, 4] },
    };
    const buf = rawFile(header, f32Bytes([-1.5, 2, 3]));
    expect((8 + Number(buf.readBigUInt64LE(0))) % 4).not.toBe(0);
    const back = decodeSafetensors(buf.subarray(0), 'hand');
    expect(Array.from(back.tensors.a.data)).toEqual([-1.5]);
    expect(Array.from(back.tensors.b.data)).toEqual([2, 3]);
  });

  it('converts F16, BF16 and F64 to float32', () => {
    const f16 = Buffer.alloc(12);
    [0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x3555].forEach((h, i) => {
      f16.writeUInt16LE(h, 2 * i);
    });
    const bf16 = Buffer.alloc(4);
    bf16.writeUInt16LE(0x3f80, 0); // 1
    bf16.writeUInt16LE(0xc040, 2); // -3
    const f64 = Buffer.alloc(16);
    f64.writeDoubleLE(Math.PI, 0);
    f64.writeDoubleLE(-1e-3, 8);
    const header = {
      h: { dtype: 'F16', shape: [2, 3], data_offsets: [0, 12] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [12, 16] },
      d: { dtype: 'F64', shape: [2], data_offsets: [16, 32] },
    };
    const { tensors } = decodeSafetensors(rawFile(header, Buffer.concat([f16, bf16, f64])), 'mixed');
    expect(Array.from(tensors.h.data)).toEqual([
      1,
      -2,
      65504,
      2 ** -24,
      Number.POSITIVE_INFINITY,
      Math.fround(0.333251953125),
    ]);
    expect(Array.from(tensors.b.data)).toEqual([1, -3]);
    expect(Array.from(tensors.d.data)).toEqual([Math.fround(Math.PI), Math.fround(-1e-3)]);
  });

  it('keeps a tensor named __proto__ as data', () => {
    const buf = rawFile({ ['__proto__']: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32Bytes([5]));
    const { tensors } = decodeSafetensors(buf, 'proto');
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(Array.from(Object.getOwnPropertyDescriptor(tensors, '__proto__')?.value.data)).toEqual([5]);
  });
});

describe('safetensors validation: every fault is a clear error naming the file', () => {
  const good = { w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] } };
  const data = f32Bytes([1, 2, 3, 4]);
  const cases: [string, Buffer, RegExp][] = [
    [
      'shorter than the length prefix',
      Buffer.from([1, 2, 3]),
      /file is 3 bytes, shorter than the 8-byte header length/,
    ],
    ['header length past the end', rawFile(good, data, 10_000), /header length 10000 exceeds the \d+ bytes after it/],
    ['header length 2^63', rawFile(good, data, 2 ** 62), /header length 4611686018427387904 exceeds/],
    [
      'truncated data',
      rawFile(good, data.subarray(0, 10)),
      /tensor 'w' data_offsets \[0, 16\] run past the 10-byte data buffer/,
    ],
    ['not JSON', rawFile('{"w": {"dtype": "F32",', data), /header is not valid JSON/],
    ['not an object', rawFile('[1, 2]', data), /header must start with "\{"/],
    ['invalid UTF-8', Buffer.from([4, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0xff, 0xfe, 0x7d]), /header is not valid UTF-8/],
    ['unknown dtype', rawFile({ w: { ...good.w, dtype: 'F33' } }, data), /tensor 'w': unknown dtype "F33"/],
    [
      'unsupported dtype',
      rawFile({ w: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, data),
      /tensor 'w': dtype I64 is not supported \(chainrule reads F32, F16, BF16, F64\)/,
    ],
    [
      'negative shape',
      rawFile({ w: { ...good.w, shape: [-2, -2] } }, data),
      /tensor 'w': shape must be an array of non-negative integers, got \[-2,-2\]/,
    ],
    [
      'fractional shape',
      rawFile({ w: { ...good.w, shape: [2.5, 2] } }, data),
      /shape must be an array of non-negative integers/,
    ],
    [
      'offsets not a pair',
      rawFile({ w: { ...good.w, data_offsets: [0] } }, data),
      /tensor 'w': data_offsets must be two non-negative integers, got \[0\]/,
    ],
    [
      'offsets reversed',
      rawFile({ w: { ...good.w, data_offsets: [16, 0] } }, data),
      /data_offsets \[16, 0\] end before they begin/,
    ],
    [
      'offsets out of range',
      rawFile({ w: { ...good.w, data_offsets: [16, 32] } }, data),
      /data_offsets \[16, 32\] run past the 16-byte data buffer/,
    ],
    [
      'overlapping tensors',
      rawFile(
        {
          a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] },
          b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
        },
        data,
      ),
      /tensor 'b' data_offsets \[8, 16\] overlap tensor 'a' \[0, 12\]/,
    ],
    [
      'a hole between tensors',
      rawFile(
        {
          a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
          b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
        },
        data,
      ),
      /bytes \[4, 8\) of the data buffer belong to no tensor \(a hole before 'b'\)/,
    ],
    [
      'trailing garbage',
      rawFile(good, Buffer.concat([data, Buffer.from('junk')])),
      /4 trailing bytes after the last tensor/,
    ],
    [
      'metadata not strings',
      rawFile({ __metadata__: { epoch: 3 }, ...good }, data),
      /__metadata__ 'epoch' must be a string, got 3/,
    ],
    [
      'entry not an object',
      rawFile({ w: 'F32' }, data),
      /tensor 'w': expected \{ dtype, shape, data_offsets \}, got "F32"/,
    ],
  ];

  it.each(cases)('%s', (_name, buf, message) => {
    expect(() => decodeSafetensors(buf, 'bad.safetensors')).toThrow(ModelFormatError);
    expect(() => decodeSafetensors(buf, 'bad.safetensors')).toThrow(/^load\(bad\.safetensors\): /);
    expect(() => decodeSafetensors(buf, 'bad.safetensors')).toThrow(message);
  });

  it('names the shape/size mismatch exactly', () => {
    const buf = rawFile({ '0.weight': { dtype: 'F32', shape: [10, 20], data_offsets: [0, 400] } }, new Uint8Array(400));
    expect(() => decodeSafetensors(buf, 'model.safetensors')).toThrow(
      "load(model.safetensors): tensor '0.weight' data_offsets [0, 400] but shape [10,20] F32 needs 800 bytes",
    );
  });

  it('readSafetensors names the path, and a file cut anywhere never loads', () => {
    const file = path.join(tmp, 'cut.safetensors');
    const whole = encodeSafetensors({
      a: { shape: [5], data: new Float32Array(5) },
      b: { shape: [3], data: new Float32Array(3) },
    });
    for (let cut = 0; cut < whole.length; cut++) {
      fs.writeFileSync(file, whole.subarray(0, cut));
      expect(() => readSafetensors(file)).toThrow(`load(${file}): `);
    }
  });

  it('the encoder refuses malformed tensors', () => {
    expect(() => encodeSafetensors({ w: { shape: [2, 2], data: new Float32Array(3) } })).toThrow(
      /encodeSafetensors: tensor 'w' \[2,2\] needs a Float32Array of 4, got Float32Array\(3\)/,
    );
    expect(() =>
      encodeSafetensors({ w: { shape: [2], data: new Float64Array(2) as unknown as Float32Array } }),
    ).toThrow(/got Float64Array\(2\)/);
    expect(() => encodeSafetensors({ __metadata__: { shape: [0], data: new Float32Array(0) } })).toThrow(/reserved/);
    expect(() => encodeSafetensors({}, { n: 1 as unknown as string })).toThrow(/metadata values to be strings/);
  });
});
