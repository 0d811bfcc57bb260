// Matrix: what the data pipeline reads — any 2-D row-major float32 { data, shape }, a Tensor
// included. What it returns is always a Tensor (matrix()), so `model.forward(ds.x)`,
// `losses.mse(pred, ds.y)` and `tensor(ds.x)` work on data as read. Every entry point
// validates here, so bad data is a clear error naming the row and column before training
// starts, never a silent NaN loss.
import { Tensor } from '../tensor.js';

export interface Matrix {
  data: Float32Array;
  shape: number[];
}

/** data (not copied) as a [rows, cols] Tensor: the form every lib/data function returns. */
export function matrix(data: Float32Array, rows: number, cols: number): Tensor {
  return new Tensor(data, [rows, cols]);
}

export type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/** What `fromArrays` / `asMatrix` accept: rows of numbers, or a flat array (with a shape, else one column). */
export type MatrixLike = Matrix | ArrayLike<number>[] | number[] | NumericArray;

export function isMatrix(value: unknown): value is Matrix {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<Matrix>;
  return m.data instanceof Float32Array && Array.isArray(m.shape) && m.shape.length === 2;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `a string ('${value.length > 20 ? `${value.slice(0, 20)}…` : value}')`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(value)) return `an Array(${value.length})`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function badValue(op: string, where: string, v: unknown): Error {
  const what = typeof v === 'number' ? String(v) : describeValue(v);
  return new RangeError(`${op}: ${where} is ${what}, expected a finite number`);
}

function checkShape(op: string, shape: unknown): [number, number] {
  const ok =
    Array.isArray(shape) &&
    shape.length === 2 &&
    shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0);
  if (!ok)
    throw new TypeError(`${op}: expected shape [rows, cols] of non-negative integers, got ${JSON.stringify(shape)}`);
  return [shape[0], shape[1]];
}

/** Throws unless every entry is finite, naming the first bad one by row and column. */
export function checkFinite(m: Matrix, op: string, what = ''): void {
  const [rows, cols] = m.shape;
  const d = m.data;
  if (rows * cols !== d.length) {
    throw new RangeError(`${op}: ${what || 'matrix'} has shape [${rows}, ${cols}] but ${d.length} values`);
  }
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) {
      const prefix = what ? `${what} ` : '';
      throw badValue(op, `${prefix}row ${Math.floor(i / cols)}, column ${i % cols}`, v);
    }
  }
}

function checkNotEmpty(op: string, rows: number, cols: number): void {
  if (rows === 0) throw new RangeError(`${op}: empty dataset (0 rows)`);
  if (cols === 0) throw new RangeError(`${op}: empty dataset (rows have no values)`);
}

/**
 * Rows of numbers (`number[][]`, or an array of typed arrays) or a flat array → Matrix.
 * A flat array needs `shape` unless it is one column (labels, targets). Ragged rows,
 * non-numbers, NaN and ±Infinity are errors that name the row and column (0-based).
 */
export function fromArrays(values: MatrixLike, shape?: [number, number], op = 'data.fromArrays'): Tensor {
  if (isMatrix(values)) {
    const [rows, cols] = checkShape(op, values.shape);
    checkNotEmpty(op, rows, cols);
    checkFinite(values, op);
    return values instanceof Tensor ? values : matrix(values.data, rows, cols);
  }
  const flat =
    ArrayBuffer.isView(values) || (Array.isArray(values) && !values.some((r) => typeof r === 'object' && r !== null));
  if (!flat && !Array.isArray(values)) {
    throw new TypeError(`${op}: expected rows of numbers, a typed array or a Matrix, got ${describeValue(values)}`);
  }
  if (flat) {
    const list = values as ArrayLike<unknown>;
    const [rows, cols] = shape === undefined ? [list.length, 1] : checkShape(op, shape);
    if (rows * cols !== list.length) {
      throw new RangeError(`${op}: shape [${rows}, ${cols}] needs ${rows * cols} values, got ${list.length}`);
    }
    checkNotEmpty(op, rows, cols);
    const data = new Float32Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (typeof v !== 'number' || v - v !== 0)
        throw badValue(op, `row ${Math.floor(i / cols)}, column ${i % cols}`, v);
      data[i] = v;
    }
    return matrix(data, rows, cols);
  }
  const rowsIn = values as unknown[];
  if (rowsIn.length === 0) throw new RangeError(`${op}: empty dataset (0 rows)`);
  const rows = rowsIn.length;
  const first = rowsIn[0];
  if (!Array.isArray(first) && !ArrayBuffer.isView(first)) {
    throw new TypeError(`${op}: row 0 is ${describeValue(first)}, expected an array of numbers`);
  }
  const cols = (first as ArrayLike<number>).length;
  if (shape !== undefined) {
    const [r, c] = checkShape(op, shape);
    if (r !== rows || c !== cols)
      throw new RangeError(`${op}: shape [${r}, ${c}] given, but the rows are [${rows}, ${cols}]`);
  }
  checkNotEmpty(op, rows, cols);
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = rowsIn[r];
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new TypeError(`${op}: row ${r} is ${describeValue(row)}, expected an array of numbers`);
    }
    const list = row as ArrayLike<unknown>;
    if (list.length !== cols) throw new RangeError(`${op}: row ${r} has ${list.length} values, expected ${cols}`);
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = list[c];
      if (typeof v !== 'number' || v - v !== 0) throw badValue(op, `row ${r}, column ${c}`, v);
      data[base + c] = v;
    }
  }
  return matrix(data, rows, cols);
}

/** For other entry points (fit, evaluate, …): anything fromArrays takes, errors prefixed `op: what`. */
export function asMatrix(value: MatrixLike, op: string, what: string): Matrix {
  return fromArrays(value, undefined, `${op}: ${what}`);
}

/** Throws unless x and y have the same number of rows (one target row per sample). */
export function checkSameRows(x: Matrix, y: Matrix, op: string): void {
  if (x.shape[0] !== y.shape[0]) {
    throw new RangeError(`${op}: x has ${x.shape[0]} rows but y has ${y.shape[0]}; expected one target row per sample`);
  }
}

/** A new Matrix of the given rows, in the given order. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Tensor {
  const cols = m.shape[1];
  const out = new Float32Array(indices.length * cols);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * cols;
    out.set(m.data.subarray(from, from + cols), i * cols);
  }
  return matrix(out, indices.length, cols);
}

/** Rows [start, end) as a new Matrix (copied, so later writes to either never alias). */
export function sliceRows(m: Matrix, start: number, end: number): Tensor {
  const cols = m.shape[1];
  return matrix(m.data.slice(start * cols, end * cols), end - start, cols);
}

/** Nested arrays, for printing and tests. */
export function toRows(m: Matrix): number[][] {
  const [rows, cols] = m.shape;
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from(m.data.subarray(r * cols, (r + 1) * cols)));
  return out;
}

/** x and y for a training or evaluation call: both checked (finite, non-empty) and row-aligned. */
export function asXY(x: MatrixLike, y: MatrixLike, op: string): { x: Matrix; y: Matrix } {
  const xm = asMatrix(x, op, 'x');
  const ym = asMatrix(y, op, 'y');
  checkSameRows(xm, ym, op);
  return { x: xm, y: ym };
}
