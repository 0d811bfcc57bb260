// Elementwise max/min, broadcasting. Max routes: dy goes to the larger input, nothing to
// the other. Tie rule (as PyTorch's maximum/minimum): on a == b each input gets dy/2.
import type { Tensor } from '../tensor.js';
import { binary } from './binary.js';

export function maximum(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('maximum', a, b);
}

export function minimum(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('minimum', a, b);
}
