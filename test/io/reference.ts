// Test helpers for lib/io: a seeded random dense model and an independent float64 forward
// pass (its own erf, by series and continued fraction) to compare exports against.
import { seededRandom } from '../reference.js';
import type { LayerDescription, ModelDescription, NamedTensors } from '../../lib/io/index.js';

/** erf to ~1e-15: Maclaurin series for |x| < 3, else 1 − erfc by its continued fraction. */
export function erf64(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    // erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
      if (Math.abs(term) < 1e-17) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

function activate64(act: string, alpha: number | undefined, y: Float64Array, rows: number, cols: number): void {
  const a = alpha ?? (act === 'leakyRelu' ? 0.01 : 1);
  for (let i = 0; i < y.length; i++) {
    const x = y[i];
    if (act === 'relu') y[i] = Math.max(x, 0);
    else if (act === 'sigmoid') y[i] = 1 / (1 + Math.exp(-x));
    else if (act === 'tanh') y[i] = Math.tanh(x);
    else if (act === 'leakyRelu') y[i] = x > 0 ? x : a * x;
    else if (act === 'elu') y[i] = x > 0 ? x : a * Math.expm1(x);
    else if (act === 'gelu') y[i] = 0.5 * x * (1 + erf64(x / Math.SQRT2));
    else if (act === 'softplus') y[i] = Math.log(1 + Math.exp(x));
  }
  if (act !== 'softmax') return;
  for (let r = 0; r < rows; r++) {
    const row = y.subarray(r * cols, (r + 1) * cols);
    const max = Math.max(...row);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(row[c] - max);
    for (let c = 0; c < cols; c++) row[c] = Math.exp(row[c] - max) / sum;
  }
}

/** y = act(x·Wᵀ + b) layer by layer, in float64; dropout is the identity (inference). */
export function referenceForward(
  description: ModelDescription,
  tensors: NamedTensors,
  input: Float32Array,
  batch: number,
): Float64Array {
  let x = Float64Array.from(input);
  let width = input.length / batch;
  description.layers.forEach((layer, i) => {
    if (layer.type === 'dropout') return;
    if (layer.type === 'dense') {
      const w = tensors[`${i}.weight`].data;
      const b = layer.bias ? tensors[`${i}.bias`].data : null;
      const y = new Float64Array(batch * layer.outFeatures);
      for (let r = 0; r < batch; r++)
        for (let j = 0; j < layer.outFeatures; j++) {
          let s = b ? b[j] : 0;
          for (let k = 0; k < layer.inFeatures; k++) s += x[r * width + k] * w[j * layer.inFeatures + k];
          y[r * layer.outFeatures + j] = s;
        }
      x = y;
      width = layer.outFeatures;
    }
    activate64(layer.activation, layer.alpha, x, batch, width);
  });
  return x;
}

export function randomTensor(shape: number[], rand: () => number, scale = 1): { shape: number[]; data: Float32Array } {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (rand() * 2 - 1) * scale;
  return { shape, data };
}

/** A description with these layers and seeded weights scaled ~1/√in (activations stay O(1)). */
export function randomModel(
  layers: LayerDescription[],
  seed = 1,
): { description: ModelDescription; tensors: NamedTensors } {
  const rand = seededRandom(seed);
  const description: ModelDescription = { format: 'chainrule', formatVersion: 1, kind: 'sequential', layers };
  const tensors: NamedTensors = {};
  layers.forEach((layer, i) => {
    if (layer.type !== 'dense') return;
    const scale = 1.5 / Math.sqrt(layer.inFeatures);
    tensors[`${i}.weight`] = randomTensor([layer.outFeatures, layer.inFeatures], rand, scale);
    if (layer.bias) tensors[`${i}.bias`] = randomTensor([layer.outFeatures], rand, 0.5);
  });
  return { description, tensors };
}

export function dense(
  inFeatures: number,
  outFeatures: number,
  activation = 'identity',
  extra: object = {},
): LayerDescription {
  return { type: 'dense', inFeatures, outFeatures, bias: true, activation, ...extra };
}

/** Largest |a − b| over two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return Number.isNaN(m) ? Number.POSITIVE_INFINITY : m;
}

export { seededRandom };
