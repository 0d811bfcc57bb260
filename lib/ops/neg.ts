// −x: dx = −dy.
import type { Tensor } from '../tensor.js';
import { unary } from './unary.js';

export function neg(x: Tensor): Tensor {
  return unary('neg', x);
}
