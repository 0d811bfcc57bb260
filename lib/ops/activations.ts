// Activation functions, through backend().activationForward/activationBackward. Each
// derivative is taken from what is cheapest to keep:
//   sigmoid σ' = σ(1 − σ) ≤ 0.25, from the output (why deep sigmoid nets vanish, notes 000–004)
//   tanh    tanh' = (1 + tanh)(1 − tanh), from the output (notes 004)
//   relu    1 where y > 0, else 0 (relu'(0) = 0, as PyTorch)
//   leakyRelu 1 or alpha;  elu 1 or alpha·eˣ;  gelu Φ(x) + x·φ(x);  softplus σ(x) — from the input
// sigmoid is stable for any x: e^x/(1 + e^x) for x < 0, so ±1000 give 0 and 1, never NaN.

import { node } from '../autograd.js';
import { Activation, type ActivationName, activationNeedsOnlyOutput } from '../backend/backend.js';
import { backend } from '../backend/load.js';
import { describe } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkFiniteNumber, checkTensor } from './operand.js';

/** Default alpha: leakyRelu's slope 0.01, elu's scale 1 (others ignore it). */
export function defaultAlpha(name: ActivationName): number {
  return name === 'leakyRelu' ? 0.01 : name === 'elu' ? 1 : 0;
}

export function activation(x: Tensor, name: ActivationName, alpha?: number): Tensor {
  checkTensor(name, 'x', x);
  if (typeof name !== 'string' || !Object.hasOwn(Activation, name)) {
    throw new RangeError(`activation: expected one of ${Object.keys(Activation).join(', ')}, got ${describe(name)}`);
  }
  const a = alpha === undefined ? defaultAlpha(name) : checkFiniteNumber(name, 'alpha', alpha);
  const code = Activation[name];
  const y = Tensor.empty(x.shape);
  backend().activationForward(code, a, x.data, y.data);
  const fromOutput = activationNeedsOnlyOutput(code);
  return node(
    name,
    [x],
    y,
    (dy) => {
      const dx = Tensor.empty(x.shape);
      backend().activationBackward(code, a, fromOutput ? null : x.data, y.data, dy.data, dx.data);
      return [dx];
    },
    alpha === undefined ? {} : { alpha: a },
  );
}

export const sigmoid = (x: Tensor): Tensor => activation(x, 'sigmoid');
export const tanh = (x: Tensor): Tensor => activation(x, 'tanh');
export const relu = (x: Tensor): Tensor => activation(x, 'relu');
export const leakyRelu = (x: Tensor, alpha = 0.01): Tensor => activation(x, 'leakyRelu', alpha);
export const elu = (x: Tensor, alpha = 1): Tensor => activation(x, 'elu', alpha);
export const gelu = (x: Tensor): Tensor => activation(x, 'gelu');
export const softplus = (x: Tensor): Tensor => activation(x, 'softplus');
