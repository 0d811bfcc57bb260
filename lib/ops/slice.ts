// slice(x, axis, start, end, step) takes every step-th index in [start, end) along one axis
// (negative indices count from the end); indexSelect(x, axis, indices) gathers whole slabs.
// Their VJPs scatter dy back into a zero gradient (indexSelect adds for repeated indices).

import { node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { contiguousStrides, describe, formatShape, normalizeAxis, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

export function slice(x: Tensor, axis: number, start: number, end?: number, step = 1): Tensor {
  checkTensor('slice', 'x', x);
  const ax = normalizeAxis('slice', axis, x.ndim);
  const n = x.shape[ax];
  for (const [name, v] of [
    ['start', start],
    ['end', end ?? n],
    ['step', step],
  ] as const) {
    if (!Number.isInteger(v)) throw new TypeError(`slice: expected ${name} to be an integer, got ${describe(v)}`);
  }
  if (step <= 0) throw new RangeError(`slice: expected step ≥ 1, got ${step}`);
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const from = clampIndex(start);
  const to = Math.max(clampIndex(end ?? n), from);
  const shape = x.shape.slice();
  shape[ax] = Math.ceil((to - from) / step);
  const strides = contiguousStrides(x.shape);
  const offset = from * strides[ax];
  strides[ax] *= step;
  const stridesI = Int32Array.from(strides);
  const shapeI = Int32Array.from(shape);
  const y = Tensor.empty(shape);
  backend().stridedCopy(shapeI, x.data, offset, stridesI, y.data);
  return node(
    'slice',
    [x],
    y,
    (dy) => {
      const dx = Tensor.empty(x.shape);
      backend().stridedAccumulate(shapeI, dy.data, dx.data, offset, stridesI);
      return [dx];
    },
    { axis: ax, start: from, end: to, step },
  );
}

export function indexSelect(x: Tensor, axis: number, indices: ArrayLike<number>): Tensor {
  checkTensor('indexSelect', 'x', x);
  const ax = normalizeAxis('indexSelect', axis, x.ndim);
  const n = x.shape[ax];
  if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') {
    throw new TypeError(`indexSelect: expected indices to be an array of integers, got ${describe(indices)}`);
  }
  const index = Int32Array.from(indices as ArrayLike<number>);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new RangeError(
        `indexSelect: expected indices in [0, ${n}) for axis ${ax} of ${formatShape(x.shape)}, got ${describe(i)} at position ${j}`,
      );
    }
  }
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  const shape = x.shape.slice();
  shape[ax] = index.length;
  const y = Tensor.empty(shape);
  const src = x.data;
  const dst = y.data;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < index.length; j++) {
      const from = (o * n + index[j]) * inner;
      dst.set(src.subarray(from, from + inner), (o * index.length + j) * inner);
    }
  }
  return node(
    'indexSelect',
    [x],
    y,
    (dy) => {
      const dx = Tensor.empty(x.shape);
      const g = dy.data;
      const acc = dx.data;
      for (let o = 0; o < outer; o++) {
        for (let j = 0; j < index.length; j++) {
          const to = (o * n + index[j]) * inner;
          const from = (o * index.length + j) * inner;
          for (let p = 0; p < inner; p++) acc[to + p] += g[from + p];
        }
      }
      return [dx];
    },
    { axis: ax, indices: index },
  );
}
