import { describe, expect, it } from 'vitest';
import {
  asMatrix,
  asXY,
  checkFinite,
  checkSameRows,
  fromArrays,
  isMatrix,
  sliceRows,
  takeRows,
  toRows,
} from '../../lib/data/matrix.js';
import { Tensor } from '../../lib/tensor.js';

describe('fromArrays', () => {
  it('turns rows into a row-major float32 matrix', () => {
    const m = fromArrays([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.shape).toEqual([2, 3]);
    expect(m.data).toBeInstanceOf(Float32Array);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('takes rows that are typed arrays', () => {
    const m = fromArrays([Float64Array.of(1, 2), Int32Array.of(3, 4)]);
    expect(toRows(m)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('takes a flat typed array with a shape, and a flat array as one column without', () => {
    expect(toRows(fromArrays(Float32Array.of(1, 2, 3, 4, 5, 6), [3, 2]))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(fromArrays(Uint8Array.of(7, 8, 9)).shape).toEqual([3, 1]);
    expect(toRows(fromArrays([0, 1, 2]))).toEqual([[0], [1], [2]]);
  });

  it('copies its input (later writes to the source do not leak in)', () => {
    const src = Float32Array.of(1, 2);
    const m = fromArrays(src, [1, 2]);
    src[0] = 99;
    expect(m.data[0]).toBe(1);
  });

  it('takes a valid { data, shape } as a Tensor over the same data, and a Tensor as is', () => {
    const m = { data: Float32Array.of(1, 2), shape: [2, 1] as [number, number] };
    const t = fromArrays(m);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.data).toBe(m.data);
    expect(t.shape).toEqual([2, 1]);
    expect(fromArrays(t)).toBe(t);
  });

  it('names a ragged row', () => {
    expect(() =>
      fromArrays([
        [1, 2, 3, 4],
        [1, 2, 3, 4],
        [1, 2, 3, 4],
        [1, 2, 3, 4, 5],
      ]),
    ).toThrow('data.fromArrays: row 3 has 5 values, expected 4');
  });

  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('names the row and column of %s', (bad, text) => {
    expect(() =>
      fromArrays([
        [1, 2],
        [3, bad],
      ]),
    ).toThrow(`data.fromArrays: row 1, column 1 is ${text}, expected a finite number`);
  });

  it('names non-finite values in flat arrays by row and column too', () => {
    expect(() => fromArrays(Float32Array.of(1, 2, 3, Number.NaN, 5, 6), [3, 2])).toThrow(
      'data.fromArrays: row 1, column 1 is NaN, expected a finite number',
    );
  });

  it('rejects non-numbers and non-array rows', () => {
    expect(() => fromArrays([[1, '2' as unknown as number]])).toThrow(
      "data.fromArrays: row 0, column 1 is a string ('2'), expected a finite number",
    );
    expect(() => fromArrays([[1], 2 as unknown as number[]])).toThrow(
      'data.fromArrays: row 1 is 2, expected an array of numbers',
    );
    expect(() => fromArrays('abc' as unknown as number[])).toThrow(
      "data.fromArrays: expected rows of numbers, a typed array or a Matrix, got a string ('abc')",
    );
  });

  it('rejects a first row that is not an array', () => {
    expect(() => fromArrays([{} as number[], [1]])).toThrow(
      'data.fromArrays: row 0 is an object, expected an array of numbers',
    );
  });

  it('rejects an empty dataset', () => {
    expect(() => fromArrays([])).toThrow('data.fromArrays: empty dataset (0 rows)');
    expect(() => fromArrays([[], []])).toThrow('data.fromArrays: empty dataset (rows have no values)');
    expect(() => fromArrays(new Float32Array(0))).toThrow('data.fromArrays: empty dataset (0 rows)');
  });

  it('checks the shape', () => {
    expect(() => fromArrays(Float32Array.of(1, 2, 3), [2, 2])).toThrow(
      'data.fromArrays: shape [2, 2] needs 4 values, got 3',
    );
    expect(() => fromArrays(Float32Array.of(1, 2), [2, -1] as [number, number])).toThrow(
      'data.fromArrays: expected shape [rows, cols] of non-negative integers, got [2,-1]',
    );
    expect(() => fromArrays([[1, 2]], [2, 2])).toThrow('data.fromArrays: shape [2, 2] given, but the rows are [1, 2]');
  });

  it('asXY checks both and their row counts', () => {
    const { x, y } = asXY(
      [
        [1, 2],
        [3, 4],
      ],
      [0, 1],
      'fit',
    );
    expect(x.shape).toEqual([2, 2]);
    expect(y.shape).toEqual([2, 1]);
    expect(() => asXY([[1], [2]], [0, Number.POSITIVE_INFINITY], 'fit')).toThrow(
      'fit: y: row 1, column 0 is Infinity, expected a finite number',
    );
    expect(() => asXY([[1], [2]], [0], 'evaluate')).toThrow('evaluate: x has 2 rows but y has 1');
  });

  it('asMatrix prefixes errors with the caller', () => {
    expect(() => asMatrix([[1], [Number.NaN]], 'fit', 'x')).toThrow('fit: x: row 1, column 0 is NaN');
    expect(isMatrix(asMatrix([1, 2], 'fit', 'y'))).toBe(true);
  });
});

describe('matrix helpers', () => {
  const m = fromArrays([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);

  it('checkFinite names the matrix, row and column', () => {
    const bad = { data: Float32Array.of(1, 2, 3, Number.NaN), shape: [2, 2] as [number, number] };
    expect(() => checkFinite(bad, 'fit', 'y')).toThrow('fit: y row 1, column 1 is NaN, expected a finite number');
    expect(() => checkFinite({ data: new Float32Array(3), shape: [2, 2] }, 'fit', 'x')).toThrow(
      'fit: x has shape [2, 2] but 3 values',
    );
    expect(() => checkFinite(m, 'fit', 'x')).not.toThrow();
  });

  it('checkSameRows', () => {
    expect(() => checkSameRows(m, fromArrays([1, 2]), 'fit')).toThrow(
      'fit: x has 3 rows but y has 2; expected one target row per sample',
    );
  });

  it('takeRows and sliceRows copy rows', () => {
    expect(toRows(takeRows(m, [2, 0]))).toEqual([
      [5, 6],
      [1, 2],
    ]);
    const s = sliceRows(m, 1, 3);
    expect(toRows(s)).toEqual([
      [3, 4],
      [5, 6],
    ]);
    s.data[0] = 100;
    expect(m.data[2]).toBe(3);
  });
});
