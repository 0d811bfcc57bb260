// Shared helpers for the training tests: a spy optimizer and a float64 hand gradient.
import type { Module } from '../../lib/nn/module.js';
import { type OptimizerLike, sgd } from '../../lib/optim/index.js';

export interface StepRecord {
  weights: Float32Array[];
  grads: Float32Array[];
}

/** Wraps SGD: records the weights and gradients it sees at every step, then steps. */
export function spyOptimizer(model: Module, lr = 0.1): OptimizerLike & { steps: StepRecord[] } {
  const real = sgd(model.parameters(), { lr });
  const steps: StepRecord[] = [];
  return {
    name: real.name,
    paramGroups: real.paramGroups,
    steps,
    step() {
      const params = real.parameters();
      steps.push({ weights: params.map((p) => p.data.slice()), grads: params.map((p) => p.grad!.data.slice()) });
      return real.step();
    },
    zeroGrad: (s?: boolean) => real.zeroGrad(s),
    parameters: () => real.parameters(),
    stateDict: () => real.stateDict(),
    loadStateDict: (d) => real.loadStateDict(d),
  };
}

/**
 * ∂/∂(w, b) of mean_i (x_i·w + b − y_i)² over the given rows, in float64:
 * dw = (2/m) Σ r_i x_i, db = (2/m) Σ r_i with r_i = x_i·w + b − y_i.
 */
export function mseLinearGrad(x: number[][], y: number[], w: ArrayLike<number>, b: number, rows: number[]) {
  const dw = new Array(w.length).fill(0);
  let db = 0;
  for (const i of rows) {
    let r = b - y[i];
    for (let j = 0; j < w.length; j++) r += x[i][j] * w[j];
    for (let j = 0; j < w.length; j++) dw[j] += (2 / rows.length) * r * x[i][j];
    db += (2 / rows.length) * r;
  }
  return { dw, db };
}
