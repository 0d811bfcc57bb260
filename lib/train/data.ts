// What fit / evaluate / predict accept as data, turned into checked row-major matrices once,
// before the first step: bad data is an error naming the entry point and the fault, never a
// NaN loss three epochs in.
import { asMatrix, checkSameRows, describeValue, isMatrix, type Matrix, type MatrixLike } from '../data/matrix.js';
import { checkFinite } from '../data/matrix.js';
import type { Module } from '../nn/module.js';
import { noGrad } from '../autograd.js';
import { Tensor } from '../tensor.js';

/** A data set in memory: rows of x with their targets y. */
export type DataLike = MatrixLike | Tensor | number[][];

export interface XY {
  x: DataLike;
  y: DataLike;
}

/** One minibatch of a stream: x and y for the same rows. */
export type StreamBatch = XY;

/** A stream of minibatches; a function returning a fresh one lets several epochs re-read it. */
export type BatchStream =
  AsyncIterable<StreamBatch> | Iterable<StreamBatch> | (() => AsyncIterable<StreamBatch> | Iterable<StreamBatch>);

export function isStream(data: unknown): data is BatchStream {
  if (typeof data === 'function') return true;
  if (typeof data !== 'object' || data === null || isXY(data)) return false;
  return Symbol.asyncIterator in data || Symbol.iterator in data;
}

export function isXY(data: unknown): data is XY {
  return typeof data === 'object' && data !== null && 'x' in data && 'y' in data && !Array.isArray(data);
}

/** Any accepted form → Matrix [rows, cols]: a Tensor is viewed (not copied), 1-d as one column. */
export function toMatrix(value: unknown, op: string, what: string): Matrix {
  if (value instanceof Tensor) {
    if (value.ndim === 0 || value.ndim > 2) {
      throw new RangeError(`${op}: expected ${what} as a 1-d or 2-d Tensor, got shape [${value.shape.join(', ')}]`);
    }
    const m: Matrix = {
      data: value.data,
      shape: value.ndim === 1 ? [value.shape[0], 1] : [value.shape[0], value.shape[1]],
    };
    if (m.shape[0] === 0) throw new RangeError(`${op}: ${what}: empty dataset (0 rows)`);
    checkFinite(m, op, what);
    return m;
  }
  if (isMatrix(value) || Array.isArray(value) || ArrayBuffer.isView(value)) {
    return asMatrix(value as MatrixLike, op, what);
  }
  throw new TypeError(
    `${op}: expected ${what} as a Matrix, a Tensor, rows of numbers or a typed array, got ${describeValue(value)}`,
  );
}

/** Both halves of a data set, checked and row-aligned. */
export function toXY(data: unknown, op: string, what = 'data'): { x: Matrix; y: Matrix } {
  if (!isXY(data)) {
    throw new TypeError(
      `${op}: expected ${what} as { x, y } (or an iterable of { x, y } batches), got ${describeValue(data)}`,
    );
  }
  const x = toMatrix(data.x, op, `${what}.x`);
  const y = toMatrix(data.y, op, `${what}.y`);
  checkSameRows(x, y, op);
  return { x, y };
}

/** The model's output width, from one row run through it (eval mode, no graph): also checks x's width. */
export function outputWidth(model: Module, x: Matrix, op: string): number {
  const wasTraining = model.training;
  model.eval();
  try {
    const row = new Tensor(x.data.slice(0, x.shape[1]), [1, x.shape[1]]);
    const out = noGrad(() => model.forward(row));
    if (out.ndim !== 2 || out.shape[0] !== 1) {
      throw new RangeError(
        `${op}: expected the model to map [batch, features] to [batch, outputs], got [${out.shape.join(', ')}] for one row`,
      );
    }
    return out.shape[1];
  } catch (err) {
    if (err instanceof Error && !err.message.startsWith(op)) {
      throw new RangeError(`${op}: the model does not accept x of width ${x.shape[1]}: ${err.message}`);
    }
    throw err;
  } finally {
    model.train(wasTraining);
  }
}

/** Loss names whose targets are class indices (or one-hot rows) over the model's outputs. */
export const classLosses = new Set(['softmaxCrossEntropy', 'nll']);

/**
 * Targets must suit the loss: class indices in [0, outputs) for softmaxCrossEntropy (a label
 * past the logits would read outside them), y width = outputs for elementwise losses, and
 * probabilities in [0, 1] for the binary cross entropies.
 */
export function checkTargets(y: Matrix, outputs: number, lossName: string | null, op: string, what = 'y'): void {
  const [rows, cols] = y.shape;
  if (lossName !== null && classLosses.has(lossName)) {
    if (cols === 1 && outputs !== 1) {
      for (let i = 0; i < rows; i++) {
        const v = y.data[i];
        if (!Number.isInteger(v) || v < 0 || v >= outputs) {
          throw new RangeError(
            `${op}: ${what} row ${i} is class ${v}, expected an integer class index in [0, ${outputs}) for ${lossName} over ${outputs} outputs`,
          );
        }
      }
      return;
    }
    if (cols !== outputs) {
      throw new RangeError(
        `${op}: ${what} has ${cols} columns; ${lossName} over ${outputs} outputs expects class indices [n, 1] or one-hot rows [n, ${outputs}]`,
      );
    }
    return;
  }
  if (cols !== outputs) {
    throw new RangeError(
      `${op}: ${what} has ${cols} columns but the model has ${outputs} outputs${lossName ? ` (loss ${lossName})` : ''}`,
    );
  }
  if (lossName === 'binaryCrossEntropy' || lossName === 'binaryCrossEntropyWithLogits') {
    for (let i = 0; i < y.data.length; i++) {
      const v = y.data[i];
      if (!(v >= 0 && v <= 1))
        throw new RangeError(
          `${op}: ${what} row ${Math.floor(i / cols)} is ${v}, expected a target in [0, 1] for ${lossName}`,
        );
    }
  }
}

/** The rows `order[start..end)` of m gathered into `out` (length ≥ (end − start)·cols): one copy per batch. */
export function gatherRows(m: Matrix, order: Uint32Array, start: number, end: number, out: Float32Array): Float32Array {
  const cols = m.shape[1];
  const src = m.data;
  for (let i = start, o = 0; i < end; i++, o += cols) {
    const from = order[i] * cols;
    if (cols === 1) out[o] = src[from];
    else out.set(src.subarray(from, from + cols), o);
  }
  return out.subarray(0, (end - start) * cols);
}
