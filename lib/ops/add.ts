// a + b, broadcasting. Add distributes: ∂/∂a = ∂/∂b = 1, so both get dy (summed to shape).
import type { Tensor } from '../tensor.js';
import { binary } from './binary.js';

export function add(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('add', a, b);
}
