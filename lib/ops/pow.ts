// xᵖ. A number exponent is a unary op (dx = dy·p·xᵖ⁻¹); a tensor exponent is a broadcasting
// binary op that also differentiates the exponent: ∂aᵇ/∂b = aᵇ·ln a.
import type { Tensor } from '../tensor.js';
import { binary } from './binary.js';
import { checkTensor } from './operand.js';
import { unary } from './unary.js';

export function pow(x: Tensor, exponent: Tensor | number): Tensor {
  checkTensor('pow', 'x', x);
  if (typeof exponent === 'number') {
    if (Number.isNaN(exponent)) throw new TypeError('pow: expected exponent to be a number, got NaN');
    return unary('pow', x, exponent, 0);
  }
  return binary('pow', x, exponent);
}
