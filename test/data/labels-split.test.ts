import { describe, expect, it } from 'vitest';
import { argmaxRows, checkClassLabels, oneHot } from '../../lib/data/labels.js';
import { fromArrays, type Matrix, toRows } from '../../lib/data/matrix.js';
import { gaussian, permutation, seededRandom, shuffleInPlace } from '../../lib/data/rng.js';
import { createGenerator } from '../../lib/random.js';
import { trainValidationSplit } from '../../lib/data/split.js';

describe('oneHot', () => {
  it('encodes class indices from a matrix or an array', () => {
    const m = oneHot(fromArrays([2, 0, 1]), 3);
    expect(toRows(m)).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    const h = oneHot([1, 1], 2);
    expect({ data: h.data, shape: h.shape }).toEqual({ data: Float32Array.of(0, 1, 0, 1), shape: [2, 2] });
    expect(argmaxRows(m).toArray()).toEqual(fromArrays([2, 0, 1]).toArray());
  });

  it('names an out-of-range or fractional label by row', () => {
    const labels = [0, 1, 2, 3, 4, 12, 5];
    expect(() => oneHot(labels, 10)).toThrow('oneHot: label 12 at row 5 is outside [0, 10)');
    expect(() => oneHot([0, -1], 10)).toThrow('oneHot: label -1 at row 1 is outside [0, 10)');
    expect(() => oneHot(Float32Array.of(0, 2.5), 3)).toThrow(
      'oneHot: label 2.5 at row 1 is not an integer class index',
    );
    expect(() => oneHot([0, Number.NaN], 3)).toThrow('oneHot: label NaN at row 1 is not an integer class index');
  });

  it('checks numClasses, the label shape and emptiness', () => {
    expect(() => oneHot([0], 0)).toThrow('oneHot: expected numClasses to be a positive integer, got 0');
    expect(() => oneHot(fromArrays([[0, 1]]), 2)).toThrow('oneHot: expected labels of shape [n, 1], got [1, 2]');
    expect(() => oneHot([], 2)).toThrow('oneHot: empty dataset (0 labels)');
    expect(() => oneHot('abc' as unknown as number[], 2)).toThrow(
      "oneHot: expected labels as a Matrix [n, 1] or an array of class indices, got a string ('abc')",
    );
  });

  it('checkClassLabels is the same check under the caller name', () => {
    expect(() => checkClassLabels([0, 3], 3, 'softmaxCrossEntropy')).toThrow(
      'softmaxCrossEntropy: label 3 at row 1 is outside [0, 3)',
    );
    expect(() => checkClassLabels([0, 2], 3)).not.toThrow();
  });
});

describe('trainValidationSplit', () => {
  const n = 20;
  const x = fromArrays(Array.from({ length: n }, (_, i) => [i, 100 + i]));
  const y = fromArrays(Array.from({ length: n }, (_, i) => i));

  it('holds out the asked share, disjoint and complete, rows kept together', () => {
    const { train, validation } = trainValidationSplit(x, y, { validationFraction: 0.25, seed: 1 });
    expect(train.x.shape).toEqual([15, 2]);
    expect(validation.y.shape).toEqual([5, 1]);
    const all = [...train.y.data, ...validation.y.data].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
    for (const part of [train, validation]) {
      toRows(part.x).forEach((row, r) => {
        expect(row).toEqual([part.y.data[r], 100 + part.y.data[r]]);
      });
    }
  });

  it('is reproducible from the seed and shuffles', () => {
    const a = trainValidationSplit(x, y, { validationFraction: 0.3, seed: 5 });
    const b = trainValidationSplit(x, y, { validationFraction: 0.3, seed: 5 });
    const c = trainValidationSplit(x, y, { validationFraction: 0.3, seed: 6 });
    expect(a).toEqual(b);
    expect(a.validation.y).not.toEqual(c.validation.y);
    expect(Array.from(a.validation.y.data)).not.toEqual([14, 15, 16, 17, 18, 19]);
  });

  it('shuffle: false keeps the last rows for validation', () => {
    const { train, validation } = trainValidationSplit(x, y, { validationFraction: 0.1, shuffle: false });
    expect(Array.from(validation.y.data)).toEqual([18, 19]);
    expect(train.y.data[17]).toBe(17);
  });

  it('checks x, y and the seed', () => {
    expect(() => trainValidationSplit([[1]] as unknown as Matrix, y, { validationFraction: 0.5 })).toThrow(
      'trainValidationSplit: expected x to be a Matrix, got an Array(1)',
    );
    expect(() => trainValidationSplit(x, y, { validationFraction: 0.5, seed: Number.NaN })).toThrow(
      'trainValidationSplit: expected seed to be a finite number, got NaN',
    );
  });

  it('rejects fractions that leave a side empty, and bad input', () => {
    expect(() => trainValidationSplit(x, y, { validationFraction: 0 })).toThrow(
      'trainValidationSplit: expected validationFraction in (0, 1), got 0',
    );
    expect(() => trainValidationSplit(x, y, { validationFraction: 1 })).toThrow('got 1');
    expect(() => trainValidationSplit(x, y, { validationFraction: 0.01 })).toThrow(
      'trainValidationSplit: validationFraction 0.01 of 20 samples leaves no validation sample',
    );
    expect(() => trainValidationSplit(x, y, { validationFraction: 0.99 })).toThrow(
      'trainValidationSplit: validationFraction 0.99 of 20 samples leaves no training sample',
    );
    expect(() => trainValidationSplit(x, fromArrays([1]), { validationFraction: 0.5 })).toThrow(
      'trainValidationSplit: x has 20 rows but y has 1',
    );
    const nan: Matrix = { data: Float32Array.of(Number.NaN), shape: [1, 1] };
    expect(() => trainValidationSplit(nan, nan, { validationFraction: 0.5 })).toThrow(
      'trainValidationSplit: x row 0, column 0 is NaN',
    );
  });
});

describe('rng', () => {
  it('seededRandom is reproducible and uniform-looking in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = Array.from({ length: 10000 }, () => a());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(() => seededRandom(Number.NaN)).toThrow('seededRandom: expected a finite seed, got NaN');
    // one algorithm library-wide: seededRandom(s) is the stream createGenerator(s) draws
    const g = createGenerator(42);
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => g.random()));
  });

  it('permutation and shuffleInPlace give permutations; gaussian has mean 0, variance 1', () => {
    const p = Array.from(permutation(100, seededRandom(1))).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const arr = [1, 2, 3, 4, 5];
    shuffleInPlace(arr, seededRandom(2));
    expect([...arr].sort()).toEqual([1, 2, 3, 4, 5]);
    const random = seededRandom(3);
    const g = Array.from({ length: 20000 }, () => gaussian(random));
    const mean = g.reduce((s, v) => s + v, 0) / g.length;
    const variance = g.reduce((s, v) => s + (v - mean) ** 2, 0) / g.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
