// a / b, broadcasting: [dy/b, −dy·a/b²].
import type { Tensor } from '../tensor.js';
import { binary } from './binary.js';

export function div(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('div', a, b);
}
