// Elementwise activations and their derivatives over Float32Array — no allocation,
// closures or array methods in the loops.
import { Activation, type ActivationCode } from '../backend.js';

/** σ(x) without overflow: e^x/(1+e^x) for x < 0, so |x| ≥ 1000 gives 0 or 1, never NaN. */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** erf(x), Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7, below float32's resolution near 1). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-ax * ax));
}

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

export function activationForward(act: ActivationCode, alpha: number, x: Float32Array, y: Float32Array): void {
  const n = x.length;
  switch (act) {
    case Activation.identity:
      if (x !== y) y.set(x);
      return;
    case Activation.relu:
      for (let i = 0; i < n; i++) y[i] = x[i] < 0 ? 0 : x[i]; // NaN passes through, as PyTorch
      return;
    case Activation.sigmoid:
      for (let i = 0; i < n; i++) y[i] = sigmoidScalar(x[i]);
      return;
    case Activation.tanh:
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
      return;
    case Activation.leakyRelu:
      for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
      return;
    case Activation.elu:
      for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * Math.expm1(x[i]);
      return;
    case Activation.gelu: // exact form, x·Φ(x), as PyTorch's default
      for (let i = 0; i < n; i++) y[i] = 0.5 * x[i] * (1 + erf(x[i] * INV_SQRT2));
      return;
    case Activation.softplus: // max(x, 0) + log1p(e^−|x|)
      for (let i = 0; i < n; i++) y[i] = (x[i] > 0 ? x[i] : 0) + Math.log1p(Math.exp(-Math.abs(x[i])));
      return;
    default:
      throw new RangeError(`activationForward: expected an activation code in [0, 8), got ${act}`);
  }
}

export function activationBackward(
  act: ActivationCode,
  alpha: number,
  x: Float32Array | null,
  y: Float32Array | null,
  dy: Float32Array,
  dx: Float32Array,
): void {
  const n = dy.length;
  if (act === Activation.identity) {
    if (dy !== dx) dx.set(dy);
    return;
  }
  if (act === Activation.relu || act === Activation.sigmoid || act === Activation.tanh) {
    if (y === null) throw new TypeError('activationBackward: expected y (the output) for this activation, got null');
    if (act === Activation.relu) {
      for (let i = 0; i < n; i++) dx[i] = y[i] > 0 ? dy[i] : 0; // relu'(0) = 0, as PyTorch
    } else if (act === Activation.sigmoid) {
      for (let i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1 - y[i]); // σ' = σ(1−σ), from the output
    } else {
      for (let i = 0; i < n; i++) dx[i] = dy[i] * (1 + y[i]) * (1 - y[i]); // tanh' = (1+tanh)(1−tanh)
    }
    return;
  }
  if (x === null) throw new TypeError('activationBackward: expected x (the input) for this activation, got null');
  switch (act) {
    case Activation.leakyRelu:
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : alpha * dy[i];
      return;
    case Activation.elu:
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : dy[i] * alpha * Math.exp(x[i]);
      return;
    case Activation.gelu: // Φ(x) + x·φ(x)
      for (let i = 0; i < n; i++) {
        const xi = x[i];
        dx[i] = dy[i] * (0.5 * (1 + erf(xi * INV_SQRT2)) + xi * INV_SQRT_2PI * Math.exp(-0.5 * xi * xi));
      }
      return;
    case Activation.softplus: // softplus' = σ(x)
      for (let i = 0; i < n; i++) dx[i] = dy[i] * sigmoidScalar(x[i]);
      return;
    default:
      throw new RangeError(`activationBackward: expected an activation code in [0, 8), got ${act}`);
  }
}
