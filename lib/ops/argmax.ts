// argmax / argmin along an axis (the first of equal extremes; NaN counts as the extreme, as
// torch), and topk: the k largest (or smallest) values along an axis with their indices.
// Indices come back as float32 tensors of whole numbers (exact below 2²⁴). argmax has no
// gradient; topk's values are gather(x, axis, indices), so dy reaches the chosen elements.
import { describe, formatShape, normalizeAxis } from '../shape.js';
import { Tensor } from '../tensor.js';
import { gather } from './gather.js';
import { checkTensor } from './operand.js';

/** Visits every 1-D lane along `axis`: base offset and stride of each lane. */
function lanes(shape: number[], axis: number, visit: (base: number, stride: number, lane: number) => void): void {
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  const n = shape[axis];
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) visit(o * n * inner + i, inner, o * inner + i);
}

function argExtreme(
  op: string,
  x: Tensor,
  axis: number | undefined,
  keepdim: boolean,
  better: (a: number, b: number) => boolean,
): Tensor {
  checkTensor(op, 'x', x);
  if (x.size === 0) throw new RangeError(`${op}: expected a non-empty tensor, got ${formatShape(x.shape)}`);
  const flat = axis === undefined;
  const t = flat ? new Tensor(x.data, [x.size]) : x;
  const ax = flat ? 0 : normalizeAxis(op, axis, x.ndim);
  const outShape = t.shape.slice();
  if (keepdim && !flat) outShape[ax] = 1;
  else outShape.splice(ax, 1);
  const out = Tensor.empty(outShape);
  const n = t.shape[ax];
  lanes(t.shape, ax, (base, stride, lane) => {
    let best = 0;
    let bestValue = t.data[base];
    for (let j = 1; j < n && !Number.isNaN(bestValue); j++) {
      const v = t.data[base + j * stride];
      if (Number.isNaN(v) || better(v, bestValue)) {
        best = j;
        bestValue = v;
      }
    }
    out.data[lane] = best;
  });
  if (flat && keepdim)
    return new Tensor(
      out.data,
      x.shape.map(() => 1),
    );
  return out;
}

/** Index of the largest value along axis (over all elements, flattened, when axis is omitted). */
export function argmax(x: Tensor, axis?: number, keepdim = false): Tensor {
  return argExtreme('argmax', x, axis, keepdim, (a, b) => a > b);
}

/** Index of the smallest value along axis (over all elements, flattened, when axis is omitted). */
export function argmin(x: Tensor, axis?: number, keepdim = false): Tensor {
  return argExtreme('argmin', x, axis, keepdim, (a, b) => a < b);
}

export interface TopkOptions {
  /** default −1 */
  axis?: number;
  /** the k largest (default) or the k smallest */
  largest?: boolean;
}

/**
 * The k largest (or smallest) values along an axis, in order, with their indices. Equal
 * values keep their index order; NaN ranks as the largest.
 */
export function topk(x: Tensor, k: number, opts: TopkOptions = {}): { values: Tensor; indices: Tensor } {
  checkTensor('topk', 'x', x);
  if (x.ndim === 0) throw new RangeError('topk: expected a tensor of rank ≥ 1, got a scalar');
  const ax = normalizeAxis('topk', opts.axis ?? -1, x.ndim);
  const n = x.shape[ax];
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(`topk: expected k in [0, ${n}] (axis ${ax} of ${formatShape(x.shape)}), got ${describe(k)}`);
  }
  const largest = opts.largest ?? true;
  const shape = x.shape.slice();
  shape[ax] = k;
  const indices = Tensor.empty(shape);
  const order = new Array<number>(n);
  const key = (v: number) => (Number.isNaN(v) ? Infinity : v);
  lanes(x.shape, ax, (base, stride, lane) => {
    for (let j = 0; j < n; j++) order[j] = j;
    const value = (j: number) => key(x.data[base + j * stride]);
    order.sort((i, j) => {
      const d = largest ? value(j) - value(i) : value(i) - value(j);
      return d !== 0 && !Number.isNaN(d) ? d : i - j;
    });
    // lane counts lanes of x; the output lane with the same position has k elements along ax
    const inner = stride;
    const outBase = Math.floor(lane / inner) * k * inner + (lane % inner);
    for (let j = 0; j < k; j++) indices.data[outBase + j * inner] = order[j];
  });
  return { values: gather(x, ax, indices), indices };
}
