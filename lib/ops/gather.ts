// gather(x, axis, index): out[…i…] = x[… index[…i…] …] along one axis, as torch.gather (index
// has x's rank; its extent on every other axis is at most x's). The VJP scatters dy back,
// adding where an index repeats. scatterAdd(x, axis, index, src) is the reverse: a copy of x
// with src added at the indexed places; its VJP passes dy to x and gathers it for src.
import { node } from '../autograd.js';
import { contiguousStrides, formatShape, normalizeAxis } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

/** For each element of index (row-major), the flat offset it addresses in a tensor of `shape`. */
function offsets(op: string, shape: number[], axis: number, index: Tensor): Int32Array {
  if (index.ndim !== shape.length) {
    throw new RangeError(
      `${op}: expected index of rank ${shape.length} like x ${formatShape(shape)}, got ${formatShape(index.shape)}`,
    );
  }
  for (let d = 0; d < shape.length; d++) {
    if (d !== axis && index.shape[d] > shape[d]) {
      throw new RangeError(
        `${op}: expected index.shape[${d}] ≤ ${shape[d]} (x ${formatShape(shape)}), got index ${formatShape(index.shape)}`,
      );
    }
  }
  const strides = contiguousStrides(shape);
  const out = new Int32Array(index.size);
  const counter = new Array<number>(index.ndim).fill(0);
  const n = shape[axis];
  for (let e = 0; e < index.size; e++) {
    const i = index.data[e];
    if (!Number.isInteger(i) || i < -n || i >= n) {
      throw new RangeError(`${op}: expected index values in [${-n}, ${n}) for axis ${axis}, got ${i} at element ${e}`);
    }
    let offset = 0;
    for (let d = 0; d < counter.length; d++) offset += (d === axis ? (i < 0 ? i + n : i) : counter[d]) * strides[d];
    out[e] = offset;
    for (let d = counter.length - 1; d >= 0; d--) {
      if (++counter[d] < index.shape[d]) break;
      counter[d] = 0;
    }
  }
  return out;
}

export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  checkTensor('gather', 'x', x);
  checkTensor('gather', 'index', index);
  const ax = normalizeAxis('gather', axis, x.ndim);
  const at = offsets('gather', x.shape, ax, index);
  const y = Tensor.empty(index.shape);
  for (let e = 0; e < at.length; e++) y.data[e] = x.data[at[e]];
  return node(
    'gather',
    [x],
    y,
    (dy) => {
      const dx = Tensor.empty(x.shape);
      for (let e = 0; e < at.length; e++) dx.data[at[e]] += dy.data[e];
      return [dx];
    },
    { axis: ax },
  );
}

export function scatterAdd(x: Tensor, axis: number, index: Tensor, src: Tensor): Tensor {
  checkTensor('scatterAdd', 'x', x);
  checkTensor('scatterAdd', 'index', index);
  checkTensor('scatterAdd', 'src', src);
  const ax = normalizeAxis('scatterAdd', axis, x.ndim);
  if (src.ndim !== index.ndim || index.shape.some((d, i) => d > src.shape[i])) {
    throw new RangeError(
      `scatterAdd: expected src at least as large as index on every axis, got src ${formatShape(src.shape)} and index ${formatShape(index.shape)}`,
    );
  }
  const at = offsets('scatterAdd', x.shape, ax, index);
  const srcStrides = contiguousStrides(src.shape);
  const from = new Int32Array(index.size);
  const counter = new Array<number>(index.ndim).fill(0);
  for (let e = 0; e < from.length; e++) {
    let offset = 0;
    for (let d = 0; d < counter.length; d++) offset += counter[d] * srcStrides[d];
    from[e] = offset;
    for (let d = counter.length - 1; d >= 0; d--) {
      if (++counter[d] < index.shape[d]) break;
      counter[d] = 0;
    }
  }
  const y = new Tensor(x.data.slice(), x.shape.slice());
  for (let e = 0; e < at.length; e++) y.data[at[e]] += src.data[from[e]];
  return node(
    'scatterAdd',
    [x, src],
    y,
    (dy) => {
      const dsrc = Tensor.empty(src.shape);
      for (let e = 0; e < at.length; e++) dsrc.data[from[e]] = dy.data[at[e]];
      return [x.requiresGrad ? new Tensor(dy.data.slice(), x.shape.slice()) : null, dsrc];
    },
    { axis: ax },
  );
}
