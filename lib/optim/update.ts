// The fused per-parameter updates of SGD and Adam/AdamW, one call per parameter tensor:
// (param, grad, state buffers, hyperparameters). Where the backend's in-place kernels
// (backend().sgdUpdate / adamUpdate — native: one float32 pass, ~10× the TS loop on the MLP
// benchmark's 0.27 M weights) have exactly these semantics, the update runs there: everything
// but `maximize` (no sign flip in the kernels) and Adam's `amsgrad` (no running max). Those two
// run the float64 loops below, with state rounded to float32 as it is stored (Math.fround), so
// the next read sees what a float32 kernel would keep. Both paths follow torch.optim's rules;
// they differ only in float32 vs float64 rounding of the intermediates (≤ ~1e-7 relative).
import { backend } from '../backend/load.js';

export interface SgdHyper {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  maximize: boolean;
}

/**
 * torch.optim.SGD: g = ±∇ + λθ; b = μb + (1−τ)g (b = g on the buffer's first use);
 * d = g + μb (Nesterov) or b; θ ← θ − γd. momentumBuffer is null when momentum = 0.
 */
export function sgdUpdate(
  param: Float32Array,
  grad: Float32Array,
  momentumBuffer: Float32Array | null,
  freshBuffer: boolean,
  hp: SgdHyper,
): void {
  if (!hp.maximize) {
    backend().sgdUpdate(
      param,
      grad,
      momentumBuffer,
      hp.lr,
      momentumBuffer === null ? 0 : hp.momentum,
      hp.dampening,
      hp.weightDecay,
      hp.nesterov,
      freshBuffer,
    );
    return;
  }
  const lr = hp.lr;
  const momentum = hp.momentum;
  const weightDecay = hp.weightDecay;
  const sign = hp.maximize ? -1 : 1;
  const n = param.length;
  if (momentumBuffer === null) {
    for (let i = 0; i < n; i++) {
      const p = param[i];
      param[i] = p - lr * (sign * grad[i] + weightDecay * p);
    }
    return;
  }
  const keep = freshBuffer ? 0 : momentum; // first use: b = g exactly (not (1 − τ)g)
  const take = freshBuffer ? 1 : 1 - hp.dampening;
  const nesterov = hp.nesterov;
  for (let i = 0; i < n; i++) {
    const p = param[i];
    const g = sign * grad[i] + weightDecay * p;
    const b = Math.fround(keep * momentumBuffer[i] + take * g);
    momentumBuffer[i] = b;
    param[i] = p - lr * (nesterov ? g + momentum * b : b);
  }
}

export interface AdamHyper {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/**
 * torch.optim.Adam / AdamW at step t (1-based): g = ±∇ (+ λθ for Adam; AdamW first decays
 * θ ← θ(1 − γλ)); m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; v̂max = max(v̂max, v) with amsgrad;
 * θ ← θ − (γ/(1−β₁ᵗ))·m / (√v / √(1−β₂ᵗ) + ε) — PyTorch's grouping of the bias corrections.
 */
export function adamUpdate(
  param: Float32Array,
  grad: Float32Array,
  expAvg: Float32Array,
  expAvgSq: Float32Array,
  maxExpAvgSq: Float32Array | null,
  step: number,
  hp: AdamHyper,
  decoupledWeightDecay: boolean,
): void {
  if (maxExpAvgSq === null && !hp.maximize) {
    const [beta1, beta2] = hp.betas;
    backend().adamUpdate(
      param,
      grad,
      expAvg,
      expAvgSq,
      hp.lr,
      beta1,
      beta2,
      hp.eps,
      hp.weightDecay,
      decoupledWeightDecay,
      step,
    );
    return;
  }
  const lr = hp.lr;
  const beta1 = hp.betas[0];
  const beta2 = hp.betas[1];
  const eps = hp.eps;
  const sign = hp.maximize ? -1 : 1;
  const stepSize = lr / (1 - beta1 ** step);
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const decay = decoupledWeightDecay ? 1 - lr * hp.weightDecay : 1;
  const l2 = decoupledWeightDecay ? 0 : hp.weightDecay;
  const n = param.length;
  for (let i = 0; i < n; i++) {
    const p = Math.fround(param[i] * decay);
    const g = sign * grad[i] + l2 * p;
    const m = Math.fround(beta1 * expAvg[i] + (1 - beta1) * g);
    const v = Math.fround(beta2 * expAvgSq[i] + (1 - beta2) * g * g);
    expAvg[i] = m;
    expAvgSq[i] = v;
    let vMax = v;
    if (maxExpAvgSq !== null) {
      if (maxExpAvgSq[i] > vMax) vMax = maxExpAvgSq[i];
      maxExpAvgSq[i] = vMax;
    }
    param[i] = p - (stepSize * m) / (Math.sqrt(vMax) / biasCorrection2Sqrt + eps);
  }
}
