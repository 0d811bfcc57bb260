// permute(x, dims): output axis i is input axis dims[i]; transpose swaps two axes. Forward
// is a strided copy; the VJP permutes dy back with the inverse permutation.

import { node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { contiguousStrides, formatShape, normalizeAxis } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

function permuteData(x: Tensor, dims: number[]): Tensor {
  const strides = contiguousStrides(x.shape);
  const y = Tensor.empty(dims.map((d) => x.shape[d]));
  backend().stridedCopy(Int32Array.from(y.shape), x.data, 0, Int32Array.from(dims.map((d) => strides[d])), y.data);
  return y;
}

export function permute(x: Tensor, dims: number[]): Tensor {
  checkTensor('permute', 'x', x);
  const ok = Array.isArray(dims) && dims.length === x.ndim;
  const axes = ok ? dims.map((d) => normalizeAxis('permute', d, x.ndim)) : [];
  if (!ok || new Set(axes).size !== axes.length) {
    throw new RangeError(
      `permute: expected a permutation of the ${x.ndim} axes of ${formatShape(x.shape)}, got ${JSON.stringify(dims)}`,
    );
  }
  const inverse = new Array<number>(axes.length);
  for (let i = 0; i < axes.length; i++) inverse[axes[i]] = i;
  return node('permute', [x], permuteData(x, axes), (dy) => [permuteData(dy, inverse)], { dims: axes });
}

/** Swaps two axes (the last two by default: the matrix transpose); 0-d and 1-d tensors are their own transpose. */
export function transpose(x: Tensor, dim0?: number, dim1?: number): Tensor {
  checkTensor('transpose', 'x', x);
  const dims = Array.from({ length: x.ndim }, (_, i) => i);
  if (x.ndim >= 2 || dim0 !== undefined || dim1 !== undefined) {
    const i = normalizeAxis('transpose', dim0 ?? -2, x.ndim);
    const j = normalizeAxis('transpose', dim1 ?? -1, x.ndim);
    dims[i] = j;
    dims[j] = i;
  }
  return permute(x, dims);
}
