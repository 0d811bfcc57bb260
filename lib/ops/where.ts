// where(condition, a, b): a where condition ≠ 0, else b, broadcasting all three (torch.where).
// It routes like the max gate: dy goes to a where the condition held and to b elsewhere; the
// branch not taken gets 0, so an Inf or NaN there never reaches the result or the gradient.
import { node } from '../autograd.js';
import { broadcastShapes, broadcastStrides, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { asTensor, sumToShape } from './operand.js';

export function where(condition: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const c = asTensor('where', 'condition', condition);
  const x = asTensor('where', 'a', a);
  const w = asTensor('where', 'b', b);
  const shape = broadcastShapes('where', broadcastShapes('where', c.shape, x.shape), w.shape);
  const size = sizeOf(shape);
  const take = new Uint8Array(size);
  const cs = broadcastStrides(c.shape, shape);
  const xs = broadcastStrides(x.shape, shape);
  const ws = broadcastStrides(w.shape, shape);
  const y = Tensor.empty(shape);
  const counter = new Array<number>(shape.length).fill(0);
  for (let e = 0; e < size; e++) {
    let ci = 0;
    let xi = 0;
    let wi = 0;
    for (let d = 0; d < shape.length; d++) {
      ci += counter[d] * cs[d];
      xi += counter[d] * xs[d];
      wi += counter[d] * ws[d];
    }
    take[e] = c.data[ci] !== 0 ? 1 : 0;
    y.data[e] = take[e] ? x.data[xi] : w.data[wi];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++counter[d] < shape[d]) break;
      counter[d] = 0;
    }
  }
  return node('where', [x, w], y, (dy) => {
    const da = x.requiresGrad ? new Float32Array(size) : null;
    const db = w.requiresGrad ? new Float32Array(size) : null;
    for (let e = 0; e < size; e++) {
      if (take[e]) {
        if (da) da[e] = dy.data[e];
      } else if (db) db[e] = dy.data[e];
    }
    return [da && sumToShape(da, shape, x.shape), db && sumToShape(db, shape, w.shape)];
  });
}
