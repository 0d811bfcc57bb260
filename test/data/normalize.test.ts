import { describe, expect, it } from 'vitest';
import { fromArrays, type Matrix, toRows } from '../../lib/data/matrix.js';
import { MinMaxScaler, minMax, normalizerFromJSON, Standardizer, standardize } from '../../lib/data/normalize.js';

// columns: mean 2 / population std √(2/3); constant 5; mean 0 / std √(200/3)
const x = fromArrays([
  [1, 5, -10],
  [2, 5, 0],
  [3, 5, 10],
]);

function close(m: Matrix, expected: number[][], digits = 5) {
  expect(m.shape).toEqual([expected.length, expected[0].length]);
  const rows = toRows(m);
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < rows[r].length; c++) expect(rows[r][c]).toBeCloseTo(expected[r][c], digits);
  }
}

describe('standardize', () => {
  it('gives each column mean 0 and population std 1; a constant column becomes 0, not NaN', () => {
    const s = standardize().fit(x);
    const z = s.transform(x);
    const k = Math.sqrt(3 / 2);
    close(z, [
      [-k, 0, -k],
      [0, 0, 0],
      [k, 0, k],
    ]);
    expect(Array.from(s.mean!)).toEqual([2, 5, 0]);
    expect(s.std![1]).toBe(1);
  });

  it('inverseTransform undoes transform', () => {
    const s = new Standardizer().fit(x);
    close(s.inverseTransform(s.transform(x)), toRows(x));
    close(s.fitTransform(x), toRows(s.transform(x)));
  });

  it('applies the training statistics to new data', () => {
    const s = standardize().fit(x);
    close(s.transform(fromArrays([[2 + Math.sqrt(2 / 3), 7, 0]])), [[1, 2, 0]]);
  });

  it('round-trips through JSON (saved with the model)', () => {
    const s = standardize().fit(x);
    const json = JSON.parse(JSON.stringify(s));
    expect(json.type).toBe('standardize');
    const back = Standardizer.fromJSON(json);
    expect(back.transform(x)).toEqual(s.transform(x));
    expect(normalizerFromJSON(json)).toBeInstanceOf(Standardizer);
  });

  it('explains misuse', () => {
    expect(() => standardize().transform(x)).toThrow('standardize.transform: call fit(x) first');
    expect(() => standardize().inverseTransform(x)).toThrow('standardize.inverseTransform: call fit(x) first');
    expect(() => standardize().toJSON()).toThrow('standardize.toJSON: call fit(x) first');
    expect(() =>
      standardize()
        .fit(x)
        .transform(fromArrays([[1, 2]])),
    ).toThrow('standardize.transform: x has 2 columns, the normalizer was fitted on 3');
    const nan = { data: Float32Array.of(1, Number.NaN), shape: [2, 1] as [number, number] };
    expect(() => standardize().fit(nan)).toThrow('standardize.fit: x row 1, column 0 is NaN, expected a finite number');
    expect(() => standardize().fit({ data: new Float32Array(0), shape: [0, 3] })).toThrow(
      'standardize.fit: empty dataset (0 rows)',
    );
    expect(() => standardize().fit([[1]] as unknown as Matrix)).toThrow(
      'standardize.fit: expected x to be a Tensor or matrix { data: Float32Array, shape: [rows, cols] }, got an Array(1)',
    );
  });

  it('fromJSON validates', () => {
    expect(() => Standardizer.fromJSON({ type: 'minMax' })).toThrow(
      `standardize.fromJSON: expected { type: 'standardize', mean, std }, got type "minMax"`,
    );
    expect(() => Standardizer.fromJSON({ type: 'standardize', mean: [0, 1], std: [1] })).toThrow(
      'standardize.fromJSON: std has 1 values, expected 2',
    );
    expect(() => Standardizer.fromJSON({ type: 'standardize', mean: [0, 0], std: [1, 0] })).toThrow(
      'standardize.fromJSON: expected std > 0 in every column, got 0 in column 1',
    );
    expect(() => Standardizer.fromJSON({ type: 'standardize', mean: [null], std: [1] })).toThrow(
      'standardize.fromJSON: expected mean to be a non-empty array of finite numbers, got null at index 0',
    );
  });
});

describe('minMax', () => {
  it('maps each column onto [0, 1]; a constant column maps to the low end', () => {
    const s = minMax().fit(x);
    close(s.transform(x), [
      [0, 0, 0],
      [0.5, 0, 0.5],
      [1, 0, 1],
    ]);
  });

  it('maps onto a chosen range, and inverseTransform undoes it', () => {
    const s = minMax([-1, 1]).fit(x);
    close(s.transform(x), [
      [-1, -1, -1],
      [0, -1, 0],
      [1, -1, 1],
    ]);
    close(s.inverseTransform(s.transform(x)), toRows(x));
    close(s.fitTransform(x), toRows(s.transform(x)));
  });

  it('round-trips through JSON', () => {
    const s = minMax([-2, 3]).fit(x);
    const json = JSON.parse(JSON.stringify(s));
    expect(json).toEqual({ type: 'minMax', range: [-2, 3], min: [1, 5, -10], max: [3, 5, 10] });
    const back = MinMaxScaler.fromJSON(json);
    expect(back.transform(x)).toEqual(s.transform(x));
    expect(normalizerFromJSON(json)).toBeInstanceOf(MinMaxScaler);
  });

  it('explains misuse', () => {
    expect(() => minMax([1, 0])).toThrow('minMax: expected range [lo, hi] of finite numbers with lo < hi, got [1,0]');
    expect(() => minMax([0, Number.POSITIVE_INFINITY])).toThrow('minMax: expected range [lo, hi]');
    expect(() => minMax().transform(x)).toThrow('minMax.transform: call fit(x) first');
    expect(() =>
      minMax()
        .fit(x)
        .inverseTransform(fromArrays([[1]])),
    ).toThrow('minMax.inverseTransform: x has 1 columns, the normalizer was fitted on 3');
    expect(() => MinMaxScaler.fromJSON({ type: 'minMax', range: [0, 1], min: [2], max: [1] })).toThrow(
      'minMax.fromJSON: max is below min in some column',
    );
    expect(() => normalizerFromJSON({ type: 'robust' })).toThrow(
      `normalizerFromJSON: unknown normalizer type "robust" (expected 'standardize' or 'minMax')`,
    );
  });
});
