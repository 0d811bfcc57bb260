// The elementwise unary op: forward through backend().unaryForward, VJP through
// backend().unaryBackward, which reads the saved input x and/or output y.

import { node } from '../autograd.js';
import { UnaryOp, type UnaryOpName } from '../backend/backend.js';
import { backend } from '../backend/load.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

export function unary(op: UnaryOpName, x: Tensor, alpha = 0, beta = 0, nodeName: string = op): Tensor {
  checkTensor(nodeName, 'x', x);
  const y = Tensor.empty(x.shape);
  const code = UnaryOp[op];
  backend().unaryForward(code, alpha, beta, x.data, y.data);
  return node(
    nodeName,
    [x],
    y,
    (dy) => {
      const dx = Tensor.empty(x.shape);
      backend().unaryBackward(code, alpha, beta, x.data, y.data, dy.data, dx.data);
      return [dx];
    },
    alpha !== 0 || beta !== 0 ? { alpha, beta } : {},
  );
}
