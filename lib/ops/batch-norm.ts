// batchNorm, as torch.nn.functional.batch_norm over x [n, c, …] (channel axis 1):
//   training  normalise with the batch's mean and biased variance; running statistics
//             (when given) move by momentum: r ← (1 − m)·r + m·stat, the variance unbiased
//             (·M/(M − 1), M = values per channel), as PyTorch;
//   eval      normalise with the running statistics.
// y = (x − mean)/√(var + eps)·γ + β. The VJP is one fused kernel (lib/backend/ts/batchnorm.ts
// gives the formula); in eval the statistics are constants, so dx = γ·invstd·dy.
import { exclusiveGrad, node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

export interface BatchNormOptions {
  training?: boolean;
  momentum?: number;
  eps?: number;
}

export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  opts: BatchNormOptions = {},
): Tensor {
  const op = 'batchNorm';
  checkTensor(op, 'x', x);
  if (x.ndim < 2) {
    throw new RangeError(`${op}: expected x [batch, channels, …] (at least 2-d), got ${formatShape(x.shape)}`);
  }
  const n = x.shape[0];
  const c = x.shape[1];
  const spatial = x.size / Math.max(n * c, 1);
  const perChannel = (name: string, t: Tensor | null) => {
    if (t === null || t === undefined) return null;
    checkTensor(op, name, t);
    if (t.ndim !== 1 || t.shape[0] !== c) {
      throw new RangeError(
        `${op}: expected ${name} of shape [${c}] (the channels of x ${formatShape(x.shape)}), got ${formatShape(t.shape)}`,
      );
    }
    return t;
  };
  const rm = perChannel('runningMean', runningMean);
  const rv = perChannel('runningVar', runningVar);
  const gamma = perChannel('weight', weight);
  const beta = perChannel('bias', bias);
  if ((rm === null) !== (rv === null))
    throw new RangeError(`${op}: expected both runningMean and runningVar, or neither`);
  const training = opts.training ?? true;
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
    throw new RangeError(`${op}: expected momentum in [0, 1], got ${describe(momentum)}`);
  }
  if (typeof eps !== 'number' || !(eps > 0)) throw new RangeError(`${op}: expected eps > 0, got ${describe(eps)}`);
  if (!training && rm === null) throw new RangeError(`${op}: eval mode needs runningMean and runningVar`);
  const count = n * spatial;
  const mean = new Float32Array(c);
  const invstd = new Float32Array(c);
  if (training) {
    if (count <= 1) {
      throw new RangeError(
        `${op}: expected more than 1 value per channel when training, got x ${formatShape(x.shape)}`,
      );
    }
    const variance = new Float32Array(c);
    backend().batchNormStats(n, c, spatial, x.data, mean, variance);
    for (let ch = 0; ch < c; ch++) invstd[ch] = 1 / Math.sqrt(variance[ch] + eps);
    if (rm !== null && rv !== null) {
      const unbiased = count / (count - 1);
      for (let ch = 0; ch < c; ch++) {
        rm.data[ch] = (1 - momentum) * rm.data[ch] + momentum * mean[ch];
        rv.data[ch] = (1 - momentum) * rv.data[ch] + momentum * variance[ch] * unbiased;
      }
    }
  } else {
    mean.set(rm!.data);
    for (let ch = 0; ch < c; ch++) invstd[ch] = 1 / Math.sqrt(rv!.data[ch] + eps);
  }
  const y = Tensor.empty(x.shape);
  backend().batchNormApply(n, c, spatial, x.data, mean, invstd, gamma?.data ?? null, beta?.data ?? null, y.data);
  const inputs = [x];
  if (gamma) inputs.push(gamma);
  if (beta) inputs.push(beta);
  return node(
    op,
    inputs,
    y,
    (dy) => {
      const distinct = new Set(inputs).size === inputs.length;
      const grad = (t: Tensor | null) =>
        t?.requiresGrad ? (distinct ? exclusiveGrad(Tensor.empty(t.shape)) : Tensor.empty(t.shape)) : null;
      const dx = grad(x);
      const dGamma = grad(gamma);
      const dBeta = grad(beta);
      backend().batchNormBackward(
        n,
        c,
        spatial,
        x.data,
        mean,
        invstd,
        gamma?.data ?? null,
        dy.data,
        training,
        dx?.data ?? null,
        dGamma?.data ?? null,
        dBeta?.data ?? null,
      );
      const out: (Tensor | null)[] = [dx];
      if (gamma) out.push(dGamma);
      if (beta) out.push(dBeta);
      return out;
    },
    { mean, invstd },
  );
}
