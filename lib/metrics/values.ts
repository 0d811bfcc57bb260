// What the metrics accept: a Tensor, a nested array or a typed array (with an optional shape),
// read as float64 values plus a shape. Labels are checked to be whole class indices.
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';

export type MetricInput = Tensor | number[] | number[][] | ArrayLike<number>;

export interface Values {
  data: ArrayLike<number>;
  shape: number[];
}

export function values(op: string, name: string, x: unknown): Values {
  if (x instanceof Tensor) return { data: x.data, shape: x.shape };
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const a = x as unknown as ArrayLike<number>;
    return { data: a, shape: [a.length] };
  }
  if (Array.isArray(x)) {
    if (x.length > 0 && Array.isArray(x[0])) {
      const cols = (x[0] as unknown[]).length;
      const data = new Float64Array(x.length * cols);
      for (let r = 0; r < x.length; r++) {
        const row = x[r] as unknown;
        if (!Array.isArray(row) || row.length !== cols) {
          throw new RangeError(
            `${op}: expected ${name} to be a rectangular array of ${cols} columns; row ${r} is ${describe(row)}`,
          );
        }
        for (let c = 0; c < cols; c++) data[r * cols + c] = checkNumber(op, name, row[c], `[${r}][${c}]`);
      }
      return { data, shape: [x.length, cols] };
    }
    const data = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) data[i] = checkNumber(op, name, x[i], `[${i}]`);
    return { data, shape: [x.length] };
  }
  throw new TypeError(`${op}: expected ${name} to be a Tensor, an array or a typed array, got ${describe(x)}`);
}

function checkNumber(op: string, name: string, v: unknown, where: string): number {
  if (typeof v !== 'number') throw new TypeError(`${op}: expected ${name}${where} to be a number, got ${describe(v)}`);
  return v;
}

/** Rows of a [N] or [N, 1] label vector. */
export function rowsOf(op: string, name: string, v: Values): number {
  if (v.shape.length === 1) return v.shape[0];
  if (v.shape.length === 2 && v.shape[1] === 1) return v.shape[0];
  throw new RangeError(`${op}: expected ${name} of shape [N] or [N, 1], got ${formatShape(v.shape)}`);
}

/** Whole-number class indices ≥ 0 (one per row), checked. */
export function classLabels(op: string, name: string, x: unknown): Int32Array {
  const v = values(op, name, x);
  const n = rowsOf(op, name, v);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = v.data[i];
    if (!Number.isInteger(c) || c < 0) {
      throw new RangeError(`${op}: expected ${name}[${i}] to be a class index (an integer ≥ 0), got ${c}`);
    }
    out[i] = c;
  }
  return out;
}

/**
 * Predicted classes from labels [N], or from scores [N, C] by argmax (the first of equal
 * maxima, as argmax in NumPy and PyTorch).
 */
export function predictedClasses(op: string, x: unknown): Int32Array {
  const v = values(op, 'yPred', x);
  if (v.shape.length === 2 && v.shape[1] > 1) {
    const [n, c] = v.shape;
    const out = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (v.data[r * c + j] > v.data[r * c + best]) best = j;
      out[r] = best;
    }
    return out;
  }
  return classLabels(op, 'yPred', x);
}

export function checkSameLength(op: string, a: number, b: number): void {
  if (a !== b)
    throw new RangeError(`${op}: expected yTrue and yPred to have the same number of rows, got ${a} and ${b}`);
  if (a === 0) throw new RangeError(`${op}: expected at least one row, got 0`);
}
