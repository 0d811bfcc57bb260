// Optimizer updates in place, one pass over the parameters, as torch.optim documents them.

/**
 * SGD (torch.optim.SGD): g = grad + λθ; with momentum μ: b = g on the first step, else
 * b = μ·b + (1 − τ)·g; g = nesterov ? g + μ·b : b; θ −= γ·g.
 */
export function sgdUpdate(
  param: Float32Array,
  grad: Float32Array,
  velocity: Float32Array | null,
  lr: number,
  momentum: number,
  dampening: number,
  weightDecay: number,
  nesterov: boolean,
  firstStep: boolean,
): void {
  const n = param.length;
  if (momentum === 0) {
    for (let i = 0; i < n; i++) param[i] -= lr * (grad[i] + weightDecay * param[i]);
    return;
  }
  if (velocity === null) {
    throw new TypeError(
      `sgdUpdate: expected velocity to be a Float32Array of length param.length = ${n} when momentum != 0, got null`,
    );
  }
  const keep = 1 - dampening;
  for (let i = 0; i < n; i++) {
    const g = grad[i] + weightDecay * param[i];
    const b = firstStep ? g : momentum * velocity[i] + keep * g;
    velocity[i] = b;
    param[i] -= lr * (nesterov ? g + momentum * b : b);
  }
}

/**
 * Adam / AdamW (torch.optim.Adam, AdamW): Adam adds λθ to g, AdamW first scales θ by
 * (1 − γλ); m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
 * θ −= γ/(1 − β1^t) · m / (√v/√(1 − β2^t) + ε). step t counts from 1.
 */
export function adamUpdate(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  weightDecay: number,
  decoupled: boolean,
  step: number,
): void {
  if (!Number.isInteger(step) || step < 1) {
    throw new RangeError(`adamUpdate: expected step to be an integer >= 1, got ${step}`);
  }
  const stepSize = lr / (1 - beta1 ** step);
  const sqrtBiasCorrection2 = Math.sqrt(1 - beta2 ** step);
  const decay = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  const n = param.length;
  for (let i = 0; i < n; i++) {
    const g = grad[i] + l2 * param[i];
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    param[i] = param[i] * decay - (stepSize * mi) / (Math.sqrt(vi) / sqrtBiasCorrection2 + eps);
  }
}
