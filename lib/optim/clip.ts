// Gradient clipping: torch.nn.utils.clip_grad_norm_ and clip_grad_value_. Parameters without
// a gradient are skipped, as in PyTorch.
import { show } from './check.js';
import type { Parameter } from './types.js';

export interface ClipGradNormOptions {
  /** The p of the p-norm: any p > 0, or Infinity for the largest |g|. */
  normType?: number;
  /** Throw instead of scaling when the total norm is NaN or infinite. */
  errorIfNonfinite?: boolean;
}

/**
 * Scales all gradients together so that their global normType-norm (over every parameter, as
 * if concatenated) is at most maxNorm: g ← g · min(1, maxNorm / (‖g‖ + 1e-6)). Returns the
 * norm before clipping. PyTorch's 1e-6 keeps the coefficient finite for a zero gradient.
 */
export function clipGradNorm(params: Iterable<Parameter>, maxNorm: number, options: ClipGradNormOptions = {}): number {
  const { normType = 2, errorIfNonfinite = false } = options;
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) {
    throw new Error(`clipGradNorm: expected maxNorm >= 0, got ${show(maxNorm)}`);
  }
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new Error(`clipGradNorm: expected normType > 0 (or Infinity), got ${show(normType)}`);
  }
  const grads = gradsOf(params);
  const total = globalNorm(grads, normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(
      `clipGradNorm: expected a finite total norm of the gradients, got ${total} (order ${normType}); pass errorIfNonfinite: false to scale by it anyway`,
    );
  }
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  if (coef !== 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= coef;
  return total;
}

/** ‖g‖_p over all gradients at once, accumulated in float64. */
function globalNorm(grads: Float32Array[], p: number): number {
  let acc = 0;
  if (p === Infinity) {
    for (const g of grads) {
      for (let i = 0; i < g.length; i++) {
        const a = Math.abs(g[i]);
        if (a > acc || Number.isNaN(a)) acc = a; // NaN must win, as in torch.max
        if (Number.isNaN(acc)) return NaN;
      }
    }
    return acc;
  }
  for (const g of grads) {
    if (p === 2) for (let i = 0; i < g.length; i++) acc += g[i] * g[i];
    else if (p === 1) for (let i = 0; i < g.length; i++) acc += Math.abs(g[i]);
    else for (let i = 0; i < g.length; i++) acc += Math.abs(g[i]) ** p;
  }
  return p === 1 ? acc : acc ** (1 / p);
}

/** Clamps every gradient element into [−clipValue, clipValue] in place (NaN stays NaN). */
export function clipGradValue(params: Iterable<Parameter>, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0) || !Number.isFinite(clipValue)) {
    throw new Error(`clipGradValue: expected clipValue >= 0, got ${show(clipValue)}`);
  }
  for (const g of gradsOf(params)) {
    for (let i = 0; i < g.length; i++) {
      const v = g[i];
      if (v > clipValue) g[i] = clipValue;
      else if (v < -clipValue) g[i] = -clipValue;
    }
  }
}

function gradsOf(params: Iterable<Parameter>): Float32Array[] {
  const out: Float32Array[] = [];
  for (const p of params) if (p.grad != null) out.push(p.grad.data);
  return out;
}
