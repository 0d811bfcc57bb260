// a − b, broadcasting: [dy, −dy].
import type { Tensor } from '../tensor.js';
import { binary } from './binary.js';

export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('sub', a, b);
}
