// The broadcasting binary op: forward through backend().binaryForward; the VJP takes the
// local gradients from backend().binaryBackward over the broadcast shape, then sums each
// back to its input's shape (an input broadcast along an axis was used once per element).

import { node } from '../autograd.js';
import { BinaryOp, type BinaryOpName } from '../backend/backend.js';
import { backend } from '../backend/load.js';
import { broadcastShapes, broadcastStrides } from '../shape.js';
import { Tensor } from '../tensor.js';
import { asTensor, sumToShape } from './operand.js';

export function binary(op: BinaryOpName, a: Tensor | number, b: Tensor | number): Tensor {
  const x = asTensor(op, 'a', a);
  const w = asTensor(op, 'b', b);
  const shape = broadcastShapes(op, x.shape, w.shape);
  const shapeI = Int32Array.from(shape);
  const xStrides = broadcastStrides(x.shape, shape);
  const wStrides = broadcastStrides(w.shape, shape);
  const y = Tensor.empty(shape);
  const code = BinaryOp[op];
  backend().binaryForward(code, shapeI, x.data, xStrides, w.data, wStrides, y.data);
  return node(op, [x, w], y, (dy) => {
    const da = x.requiresGrad ? new Float32Array(y.size) : null;
    const db = w.requiresGrad ? new Float32Array(y.size) : null;
    backend().binaryBackward(code, shapeI, x.data, xStrides, w.data, wStrides, y.data, dy.data, da, db);
    return [da && sumToShape(da, shape, x.shape), db && sumToShape(db, shape, w.shape)];
  });
}
