// concat(tensors, axis): joins along an axis; every other axis must agree. The VJP hands
// each input its slab of dy.

import { node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { contiguousStrides, formatShape, normalizeAxis } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

export function concat(tensors: Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new TypeError('concat: expected a non-empty array of tensors');
  }
  for (let i = 0; i < tensors.length; i++) checkTensor('concat', `tensors[${i}]`, tensors[i]);
  const first = tensors[0];
  const ax = normalizeAxis('concat', axis, first.ndim);
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new RangeError(
        `concat: expected shapes that agree except on axis ${ax}, got ${tensors.map((u) => formatShape(u.shape)).join(' and ')}`,
      );
    }
  }
  const shape = first.shape.slice();
  shape[ax] = tensors.reduce((n, t) => n + t.shape[ax], 0);
  const y = Tensor.empty(shape);
  const outStrides = Int32Array.from(contiguousStrides(shape));
  const offsets: number[] = [];
  let start = 0;
  for (const t of tensors) {
    offsets.push(start * outStrides[ax]);
    backend().stridedAccumulate(Int32Array.from(t.shape), t.data, y.data, start * outStrides[ax], outStrides);
    start += t.shape[ax];
  }
  return node('concat', tensors, y, (dy) =>
    tensors.map((t, i) => {
      if (!t.requiresGrad) return null;
      const dx = Tensor.empty(t.shape);
      backend().stridedCopy(Int32Array.from(t.shape), dy.data, offsets[i], outStrides, dx.data);
      return dx;
    }),
  );
}
