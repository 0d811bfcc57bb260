// softmax and logSoftmax along an axis. The kernels work on rows of the last axis; any
// other axis is moved last (a strided copy) and back. VJPs: softmax dx = y ⊙ (dy − Σ dy·y);
// logSoftmax dx = dy − softmax·Σ dy.

import { node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { contiguousStrides, normalizeAxis } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

/** Copies x (shape) so that `axis` becomes the last axis. */
function moveAxisLast(data: Float32Array, shape: number[], axis: number): Float32Array {
  const strides = contiguousStrides(shape);
  const order = shape.map((_, i) => i).filter((i) => i !== axis);
  order.push(axis);
  const out = new Float32Array(data.length);
  backend().stridedCopy(
    Int32Array.from(order.map((i) => shape[i])),
    data,
    0,
    Int32Array.from(order.map((i) => strides[i])),
    out,
  );
  return out;
}

/** The inverse of moveAxisLast: back to `shape`'s own layout. */
function moveLastAxisBack(data: Float32Array, shape: number[], axis: number): Float32Array {
  const moved = shape.filter((_, i) => i !== axis);
  moved.push(shape[axis]);
  const movedStrides = contiguousStrides(moved);
  const strides = shape.map((_, i) => (i === axis ? 1 : movedStrides[i < axis ? i : i - 1]));
  const out = new Float32Array(data.length);
  backend().stridedCopy(Int32Array.from(shape), data, 0, Int32Array.from(strides), out);
  return out;
}

type RowKernel = (rows: number, cols: number, a: Float32Array, b: Float32Array) => void;
type RowBackward = (rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array) => void;

function rowwise(op: string, x: Tensor, axis: number, forward: RowKernel, backward: RowBackward): Tensor {
  checkTensor(op, 'x', x);
  const ax = x.ndim === 0 ? 0 : normalizeAxis(op, axis, x.ndim); // a 0-d tensor is one row of one
  const last = x.ndim === 0 || ax === x.ndim - 1;
  const cols = x.ndim === 0 ? 1 : x.shape[ax];
  const rows = cols === 0 ? 0 : x.size / cols;
  const xRows = last ? x.data : moveAxisLast(x.data, x.shape, ax);
  const yRows = new Float32Array(x.size);
  forward(rows, cols, xRows, yRows);
  const y = new Tensor(last ? yRows : moveLastAxisBack(yRows, x.shape, ax), x.shape.slice());
  return node(
    op,
    [x],
    y,
    (dy) => {
      const dyRows = last ? dy.data : moveAxisLast(dy.data, x.shape, ax);
      const dxRows = new Float32Array(x.size);
      backward(rows, cols, yRows, dyRows, dxRows);
      return [new Tensor(last ? dxRows : moveLastAxisBack(dxRows, x.shape, ax), x.shape.slice())];
    },
    { axis: ax },
  );
}

export function softmax(x: Tensor, axis = -1): Tensor {
  const b = backend();
  return rowwise('softmax', x, axis, b.softmaxForward, b.softmaxBackward);
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const b = backend();
  return rowwise('logSoftmax', x, axis, b.logSoftmaxForward, b.logSoftmaxBackward);
}
