// a · b elementwise, broadcasting. Mul switches: ∂(ab)/∂a = b, ∂(ab)/∂b = a → [dy·b, dy·a].
import type { Tensor } from '../tensor.js';
import { binary } from './binary.js';

export function mul(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('mul', a, b);
}
