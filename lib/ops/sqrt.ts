// √x: dx = dy/(2√x), from the saved output.
import type { Tensor } from '../tensor.js';
import { unary } from './unary.js';

export function sqrt(x: Tensor): Tensor {
  return unary('sqrt', x);
}
