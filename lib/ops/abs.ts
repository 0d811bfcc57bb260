// |x|: dx = dy·sign(x), and 0 at x = 0 (PyTorch's choice of subgradient).
import type { Tensor } from '../tensor.js';
import { unary } from './unary.js';

export function abs(x: Tensor): Tensor {
  return unary('abs', x);
}
