// Class labels: range checks and one-hot encoding. A label outside [0, k) would index past
// the logits in softmaxCrossEntropy, so it is an error here, named by row.
import type { Tensor } from '../tensor.js';
import { describeValue, isMatrix, type Matrix, matrix } from './matrix.js';

function labelList(op: string, labels: unknown): ArrayLike<number> {
  if (isMatrix(labels)) {
    if (labels.shape[1] !== 1) {
      throw new RangeError(`${op}: expected labels of shape [n, 1], got [${labels.shape[0]}, ${labels.shape[1]}]`);
    }
    return labels.data;
  }
  if (Array.isArray(labels) || (ArrayBuffer.isView(labels) && !(labels instanceof DataView))) {
    return labels as unknown as ArrayLike<number>;
  }
  throw new TypeError(
    `${op}: expected labels as a Matrix [n, 1] or an array of class indices, got ${describeValue(labels)}`,
  );
}

function checkNumClasses(op: string, numClasses: unknown): number {
  if (typeof numClasses !== 'number' || !Number.isInteger(numClasses) || numClasses <= 0) {
    throw new RangeError(`${op}: expected numClasses to be a positive integer, got ${describeValue(numClasses)}`);
  }
  return numClasses;
}

/** Throws unless every label is an integer in [0, numClasses), naming the first bad row. */
export function checkClassLabels(
  labels: Matrix | ArrayLike<number>,
  numClasses: number,
  op = 'checkClassLabels',
): void {
  const list = labelList(op, labels);
  checkNumClasses(op, numClasses);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new RangeError(`${op}: label ${describeValue(v)} at row ${i} is not an integer class index`);
    }
    if (v < 0 || v >= numClasses) throw new RangeError(`${op}: label ${v} at row ${i} is outside [0, ${numClasses})`);
  }
}

/** Class indices [n] or [n, 1] → one-hot rows [n, numClasses]. */
export function oneHot(labels: Matrix | ArrayLike<number>, numClasses: number): Tensor {
  const op = 'oneHot';
  checkClassLabels(labels, numClasses, op);
  const list = labelList(op, labels);
  const n = list.length;
  if (n === 0) throw new RangeError(`${op}: empty dataset (0 labels)`);
  const data = new Float32Array(n * numClasses);
  for (let i = 0; i < n; i++) data[i * numClasses + list[i]] = 1;
  return matrix(data, n, numClasses);
}

/** One-hot rows [n, k] → class indices [n, 1] (the argmax of each row; first wins ties). */
export function argmaxRows(m: Matrix): Tensor {
  const [rows, cols] = m.shape;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (m.data[r * cols + c] > m.data[r * cols + best]) best = c;
    out[r] = best;
  }
  return matrix(out, rows, 1);
}
