// Normalizers fitted on the training data and saved with the model (toJSON / fromJSON),
// so inference applies exactly the training-time transform. Statistics in float64.
import type { Tensor } from '../tensor.js';
import { checkFinite, describeValue, isMatrix, type Matrix, matrix } from './matrix.js';

export interface StandardizeJSON {
  type: 'standardize';
  mean: number[];
  /** Population standard deviation per column; 1 for constant columns. */
  std: number[];
}

export interface MinMaxJSON {
  type: 'minMax';
  range: [number, number];
  min: number[];
  max: number[];
}

export type NormalizerJSON = StandardizeJSON | MinMaxJSON;

function checkInput(op: string, x: unknown, width?: number): Matrix {
  if (!isMatrix(x))
    throw new TypeError(
      `${op}: expected x to be a Tensor or matrix { data: Float32Array, shape: [rows, cols] }, got ${describeValue(x)}`,
    );
  checkFinite(x, op, 'x');
  if (width !== undefined && x.shape[1] !== width) {
    throw new RangeError(`${op}: x has ${x.shape[1]} columns, the normalizer was fitted on ${width}`);
  }
  return x;
}

function checkVector(op: string, name: string, v: unknown, length?: number): number[] {
  const expected = `${op}: expected ${name} to be a non-empty array of finite numbers`;
  if (!Array.isArray(v) || v.length === 0) throw new TypeError(`${expected}, got ${describeValue(v)}`);
  const bad = v.findIndex((e) => typeof e !== 'number' || !Number.isFinite(e));
  if (bad >= 0) throw new TypeError(`${expected}, got ${describeValue(v[bad])} at index ${bad}`);
  if (length !== undefined && v.length !== length) {
    throw new RangeError(`${op}: ${name} has ${v.length} values, expected ${length}`);
  }
  return v;
}

/** Per column: out = (x − offset) · factor + shift, in a new Matrix. */
function affine(x: Matrix, offset: Float64Array, factor: Float64Array, shift: number): Tensor {
  const [rows, cols] = x.shape;
  const out = new Float32Array(rows * cols);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, i++) out[i] = (x.data[i] - offset[c]) * factor[c] + shift;
  }
  return matrix(out, rows, cols);
}

/** z = (x − mean) / std per column (population std). A constant column maps to 0, not NaN. */
export class Standardizer {
  mean: Float64Array | null = null;
  std: Float64Array | null = null;

  fit(x: Matrix): this {
    const op = 'standardize.fit';
    checkInput(op, x);
    const [rows, cols] = x.shape;
    if (rows === 0) throw new RangeError(`${op}: empty dataset (0 rows)`);
    const mean = new Float64Array(cols);
    const sq = new Float64Array(cols);
    for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < cols; c++, i++) mean[c] += x.data[i];
    for (let c = 0; c < cols; c++) mean[c] /= rows;
    // two-pass variance: Σ(x − mean)² avoids the cancellation of Σx² − n·mean²
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, i++) {
        const d = x.data[i] - mean[c];
        sq[c] += d * d;
      }
    }
    const std = new Float64Array(cols);
    for (let c = 0; c < cols; c++) {
      const s = Math.sqrt(sq[c] / rows);
      std[c] = s > 1e-12 * Math.max(1, Math.abs(mean[c])) ? s : 1; // constant column: no division by 0
    }
    this.mean = mean;
    this.std = std;
    return this;
  }

  private fitted(op: string): [Float64Array, Float64Array] {
    if (!this.mean || !this.std) throw new Error(`${op}: call fit(x) first`);
    return [this.mean, this.std];
  }

  transform(x: Matrix): Tensor {
    const [mean, std] = this.fitted('standardize.transform');
    checkInput('standardize.transform', x, mean.length);
    return affine(
      x,
      mean,
      std.map((s) => 1 / s),
      0,
    );
  }

  inverseTransform(z: Matrix): Tensor {
    const [mean, std] = this.fitted('standardize.inverseTransform');
    checkInput('standardize.inverseTransform', z, mean.length);
    // x = z·std + mean, written as (z − 0)·std + 0 then shifted per column
    const out = affine(z, new Float64Array(mean.length), std, 0);
    const cols = mean.length;
    for (let i = 0; i < out.data.length; i++) out.data[i] += mean[i % cols];
    return out;
  }

  fitTransform(x: Matrix): Tensor {
    return this.fit(x).transform(x);
  }

  toJSON(): StandardizeJSON {
    const [mean, std] = this.fitted('standardize.toJSON');
    return { type: 'standardize', mean: Array.from(mean), std: Array.from(std) };
  }

  static fromJSON(json: unknown): Standardizer {
    const op = 'standardize.fromJSON';
    const j = json as Partial<StandardizeJSON>;
    if (typeof j !== 'object' || j === null || j.type !== 'standardize') {
      throw new TypeError(`${op}: expected { type: 'standardize', mean, std }, got type ${JSON.stringify(j?.type)}`);
    }
    const mean = checkVector(op, 'mean', j.mean);
    const std = checkVector(op, 'std', j.std, mean.length);
    const bad = std.findIndex((s) => !(s > 0));
    if (bad >= 0) throw new RangeError(`${op}: expected std > 0 in every column, got ${std[bad]} in column ${bad}`);
    const s = new Standardizer();
    s.mean = Float64Array.from(mean);
    s.std = Float64Array.from(std);
    return s;
  }
}

/** x ↦ lo + (x − min)/(max − min)·(hi − lo) per column. A constant column maps to lo. */
export class MinMaxScaler {
  readonly range: [number, number];
  min: Float64Array | null = null;
  max: Float64Array | null = null;

  constructor(range: [number, number] = [0, 1]) {
    const ok = Array.isArray(range) && range.length === 2 && range.every(Number.isFinite) && range[0] < range[1];
    if (!ok)
      throw new RangeError(
        `minMax: expected range [lo, hi] of finite numbers with lo < hi, got ${JSON.stringify(range)}`,
      );
    this.range = [range[0], range[1]];
  }

  fit(x: Matrix): this {
    const op = 'minMax.fit';
    checkInput(op, x);
    const [rows, cols] = x.shape;
    if (rows === 0) throw new RangeError(`${op}: empty dataset (0 rows)`);
    const min = new Float64Array(cols).fill(Number.POSITIVE_INFINITY);
    const max = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, i++) {
        const v = x.data[i];
        if (v < min[c]) min[c] = v;
        if (v > max[c]) max[c] = v;
      }
    }
    this.min = min;
    this.max = max;
    return this;
  }

  private fitted(op: string): [Float64Array, Float64Array] {
    if (!this.min || !this.max) throw new Error(`${op}: call fit(x) first`);
    return [this.min, this.max];
  }

  /** (hi − lo)/(max − min) per column; a constant column gets 1, so it maps to lo. */
  private factors(min: Float64Array, max: Float64Array): Float64Array {
    const width = this.range[1] - this.range[0];
    return min.map((lo, c) => (max[c] > lo ? width / (max[c] - lo) : 1));
  }

  transform(x: Matrix): Tensor {
    const [min, max] = this.fitted('minMax.transform');
    checkInput('minMax.transform', x, min.length);
    return affine(x, min, this.factors(min, max), this.range[0]);
  }

  inverseTransform(z: Matrix): Tensor {
    const [min, max] = this.fitted('minMax.inverseTransform');
    checkInput('minMax.inverseTransform', z, min.length);
    const f = this.factors(min, max);
    const lo = new Float64Array(min.length).fill(this.range[0]);
    const out = affine(
      z,
      lo,
      f.map((v) => 1 / v),
      0,
    );
    for (let i = 0; i < out.data.length; i++) out.data[i] += min[i % min.length];
    return out;
  }

  fitTransform(x: Matrix): Tensor {
    return this.fit(x).transform(x);
  }

  toJSON(): MinMaxJSON {
    const [min, max] = this.fitted('minMax.toJSON');
    return { type: 'minMax', range: [...this.range], min: Array.from(min), max: Array.from(max) };
  }

  static fromJSON(json: unknown): MinMaxScaler {
    const op = 'minMax.fromJSON';
    const j = json as Partial<MinMaxJSON>;
    if (typeof j !== 'object' || j === null || j.type !== 'minMax') {
      throw new TypeError(`${op}: expected { type: 'minMax', range, min, max }, got type ${JSON.stringify(j?.type)}`);
    }
    const min = checkVector(op, 'min', j.min);
    const max = checkVector(op, 'max', j.max, min.length);
    if (max.some((v, c) => v < min[c])) throw new RangeError(`${op}: max is below min in some column`);
    const s = new MinMaxScaler(j.range as [number, number]);
    s.min = Float64Array.from(min);
    s.max = Float64Array.from(max);
    return s;
  }
}

export function standardize(): Standardizer {
  return new Standardizer();
}

export function minMax(range?: [number, number]): MinMaxScaler {
  return new MinMaxScaler(range);
}

export type Normalizer = Standardizer | MinMaxScaler;

/** Rebuilds whichever normalizer a model description holds. */
export function normalizerFromJSON(json: unknown): Normalizer {
  const type = (json as { type?: unknown } | null)?.type;
  if (type === 'standardize') return Standardizer.fromJSON(json);
  if (type === 'minMax') return MinMaxScaler.fromJSON(json);
  throw new TypeError(
    `normalizerFromJSON: unknown normalizer type ${JSON.stringify(type)} (expected 'standardize' or 'minMax')`,
  );
}
