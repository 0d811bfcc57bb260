import { beforeEach, describe, expect, it } from 'vitest';
import { backend } from '../lib/backend/load.js';
import { maxRelativeError, randomArray, referenceGemm, seededRandom } from './reference.js';
import { useVariant, variants } from './variants.js';

// [m, n, k]: unit, vectors, zero-size, odd sizes whose tails don't fill a register
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [1, 9, 1],
  [9, 1, 1],
  [1, 1, 9],
  [1, 17, 33],
  [33, 1, 17],
  [0, 5, 3],
  [5, 0, 3],
  [5, 3, 0],
  [7, 13, 5],
  [31, 33, 17],
  [65, 127, 3],
  [64, 64, 64],
  [100, 37, 129],
];
const cases = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

describe.each(variants)('gemm [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  it.each(shapes)('matches the float64 reference, m=%i n=%i k=%i, every transpose/alpha/beta', (m, n, k) => {
    const rand = seededRandom(m * 10007 + n * 101 + k);
    for (const [transA, transB] of cases) {
      for (const [alpha, beta] of [
        [1, 0],
        [0.5, 1],
        [-2, 0.25],
        [0, 3],
      ]) {
        const a = randomArray(rand, m * k);
        const b = randomArray(rand, k * n);
        const c = randomArray(rand, m * n);
        const want = referenceGemm(transA, transB, m, n, k, alpha, a, b, beta, c);
        if (beta === 0) c.fill(Number.NaN); // beta = 0 must ignore C entirely
        backend().gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
        expect(maxRelativeError(c, want)).toBeLessThan(1e-5 * Math.sqrt(k + 1));
      }
    }
  });

  it('accepts subarray views and leaves memory around them alone', () => {
    const buf = new Float32Array(20).fill(7);
    const a = new Float32Array([1, 2, 3, 4]);
    const b = new Float32Array([5, 6, 7, 8]);
    const c = buf.subarray(8, 12);
    backend().gemm(false, false, 2, 2, 2, 1, a, b, 0, c);
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
    expect(Array.from(buf.subarray(0, 8))).toEqual(new Array(8).fill(7));
    expect(Array.from(buf.subarray(12))).toEqual(new Array(8).fill(7));
  });

  it('names the op, what it expected and what came', () => {
    const a = new Float32Array(6);
    const b = new Float32Array(12);
    expect(() =>
      backend().gemm(false, false, 2, 4, 3, 1, a, b, 0, new Float64Array(8) as unknown as Float32Array),
    ).toThrow('gemm: expected c to be a Float32Array of length m*n = 8, got Float64Array(8)');
    expect(() => backend().gemm(false, false, 2, 4, 3, 1, a, new Float32Array(11), 0, new Float32Array(8))).toThrow(
      'gemm: expected b to be a Float32Array of length k*n = 12, got Float32Array(11)',
    );
    expect(() => backend().gemm(false, false, -1, 4, 3, 1, a, b, 0, new Float32Array(8))).toThrow(
      'gemm: expected m to be an integer in [0, 2^31], got number -1',
    );
    expect(() => backend().gemm(false, false, Number.NaN, 4, 3, 1, a, b, 0, new Float32Array(8))).toThrow(
      /gemm: expected m/,
    );
  });
});

describe('gemm: native and TS agree', () => {
  it.each(shapes)('m=%i n=%i k=%i', (m, n, k) => {
    const rand = seededRandom(7 + m + n * 3 + k * 5);
    for (const [transA, transB] of cases) {
      const a = randomArray(rand, m * k);
      const b = randomArray(rand, k * n);
      const c0 = randomArray(rand, m * n);
      const results = variants.map((v) => {
        useVariant(v);
        const c = c0.slice();
        backend().gemm(transA, transB, m, n, k, 0.75, a, b, 0.5, c);
        return c;
      });
      for (const r of results.slice(1)) {
        for (let i = 0; i < r.length; i++)
          expect(Math.abs(r[i] - results[0][i])).toBeLessThan(1e-4 * (1 + Math.abs(results[0][i])));
      }
    }
  });
});
