// eˣ: dx = dy·eˣ, read from the saved output (no second exp).
import type { Tensor } from '../tensor.js';
import { unary } from './unary.js';

export function exp(x: Tensor): Tensor {
  return unary('exp', x);
}
