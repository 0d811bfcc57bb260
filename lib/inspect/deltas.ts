// The notes' δ view of backprop (003), computed by hand in float64 for a Sequential of Dense
// layers h_t = a(z_t), z_t = h_{t−1}·W_tᵀ + b_t (PyTorch's layout, W_t is [out, in]):
//   δ_L = ∂L/∂h_L ⊙ a′(z_L)
//   δ_t = (δ_{t+1}·W_{t+1}) ⊙ a′(z_t)          (the notes' δ_t = δ_{t+1}·w_{t+1}ᵀ·h_t(1 − h_t))
//   ∂L/∂W_t = δ_tᵀ·h_{t−1},   ∂L/∂b_t = Σ_rows δ_t
// Only ∂L/∂h_L comes from autograd (so any loss works); everything else is the recursion.
import { noGrad } from '../autograd.js';
import type { Module } from '../nn/module.js';
import { Tensor } from '../tensor.js';
import { asTensor, type DataLike, type LossSpec, lossFunction } from './flow.js';
import { walkDense } from './model-walk.js';

export interface LayerDelta {
  index: number;
  path: string;
  activation: string;
  /** z_t = h_{t−1}·W_tᵀ + b_t, [batch, out]. */
  preActivation: Tensor;
  /** h_t = a(z_t), [batch, out]. */
  output: Tensor;
  /** a′(z_t), [batch, out]. */
  derivative: Tensor;
  /** δ_t = ∂L/∂z_t, [batch, out]. */
  delta: Tensor;
  /** δ_tᵀ·h_{t−1}, [out, in]. */
  weightGrad: Tensor;
  /** Σ_rows δ_t, [out]; null for a layer without bias. */
  biasGrad: Tensor | null;
}

export interface DeltasReport {
  loss: number;
  layers: LayerDelta[];
}

const SQRT1_2PI = 1 / Math.sqrt(2 * Math.PI);

function erf(x: number): number {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), enough for a teaching view
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** a′(z) in float64. */
function derivative(op: string, activation: string, alpha: number, z: number): number {
  switch (activation) {
    case 'identity':
      return 1;
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s); // σ′ = σ(1 − σ)
    }
    case 'tanh': {
      const t = Math.tanh(z);
      return (1 + t) * (1 - t); // tanh′ = (1 + tanh)(1 − tanh), note 004
    }
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'leakyRelu':
      return z > 0 ? 1 : alpha;
    case 'elu':
      return z > 0 ? 1 : alpha * Math.exp(z);
    case 'softplus':
      return 1 / (1 + Math.exp(-z));
    case 'gelu':
      return 0.5 * (1 + erf(z / Math.SQRT2)) + z * SQRT1_2PI * Math.exp(-0.5 * z * z); // Φ(z) + z·φ(z)
    default:
      throw new RangeError(
        `${op}: the δ recursion needs an elementwise activation; ${activation} couples units (use explainBackward)`,
      );
  }
}

export interface DeltasOptions {
  /** Loss name or function (pred, target) → scalar; default 'mse'. */
  loss?: LossSpec;
}

export function deltas(model: Module, x: DataLike, y: DataLike, opts: DeltasOptions = {}): DeltasReport {
  const op = 'deltas';
  const input = asTensor(op, 'x', x);
  const target = asTensor(op, 'y', y);
  const lossFn = lossFunction(op, opts.loss);
  const { output, steps } = noGrad(() => walkDense(op, model, input));
  for (const s of steps) derivative(op, s.activation, s.alpha, 0); // unsupported activations fail first
  // ∂L/∂h_L from autograd on the loss alone
  const h = new Tensor(output.data.slice(), output.shape.slice());
  h.requiresGrad = true;
  const loss = lossFn(h, target);
  loss.backward();
  const rows = output.size / output.shape[output.ndim - 1];
  // forward by hand: z_t and a′(z_t)
  const zs: Float64Array[] = [];
  const ds: Float64Array[] = [];
  for (const s of steps) {
    const { weight, bias } = s.layer;
    const [out, inn] = weight.shape;
    const hin = s.input.data;
    const z = new Float64Array(rows * out);
    const d = new Float64Array(rows * out);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < out; j++) {
        let acc = bias ? bias.data[j] : 0;
        for (let i = 0; i < inn; i++) acc += hin[r * inn + i] * weight.data[j * inn + i];
        z[r * out + j] = acc;
        d[r * out + j] = derivative(op, s.activation, s.alpha, acc);
      }
    }
    zs.push(z);
    ds.push(d);
  }
  // backward by the recursion
  const layers: LayerDelta[] = new Array(steps.length);
  let upstream = Float64Array.from(h.grad!.data); // ∂L/∂h_t, starting at the output
  for (let t = steps.length - 1; t >= 0; t--) {
    const s = steps[t];
    const { weight, bias } = s.layer;
    const [out, inn] = weight.shape;
    const delta = new Float64Array(rows * out);
    for (let k = 0; k < delta.length; k++) delta[k] = upstream[k] * ds[t][k]; // δ_t = ∂L/∂h_t ⊙ a′(z_t)
    const dW = new Float64Array(out * inn);
    const db = new Float64Array(out);
    const hin = s.input.data;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < out; j++) {
        const dj = delta[r * out + j];
        db[j] += dj;
        for (let i = 0; i < inn; i++) dW[j * inn + i] += dj * hin[r * inn + i]; // δ_tᵀ·h_{t−1}
      }
    }
    const next = new Float64Array(rows * inn); // ∂L/∂h_{t−1} = δ_t·W_t
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < inn; i++) {
        let acc = 0;
        for (let j = 0; j < out; j++) acc += delta[r * out + j] * weight.data[j * inn + i];
        next[r * inn + i] = acc;
      }
    }
    upstream = next;
    const shape = [rows, out];
    layers[t] = {
      index: s.index,
      path: s.path,
      activation: s.activation,
      preActivation: new Tensor(Float32Array.from(zs[t]), shape.slice()),
      output: new Tensor(s.output.data.slice(), shape.slice()),
      derivative: new Tensor(Float32Array.from(ds[t]), shape.slice()),
      delta: new Tensor(Float32Array.from(delta), shape.slice()),
      weightGrad: new Tensor(Float32Array.from(dW), [out, inn]),
      biasGrad: bias ? new Tensor(Float32Array.from(db), [out]) : null,
    };
  }
  return { loss: loss.item(), layers };
}
