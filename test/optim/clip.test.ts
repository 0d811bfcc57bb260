// clipGradNorm / clipGradValue: torch.nn.utils.clip_grad_norm_ / clip_grad_value_.
import { describe, expect, it } from 'vitest';
import { optim } from '../../lib/index.js';
import { param, setGrad } from './helpers.js';

function withGrads(...grads: (number[] | null)[]): optim.Parameter[] {
  return grads.map((g) => {
    const p = param(g ?? [0]);
    if (g) setGrad(p, g);
    return p;
  });
}

const gradsOf = (ps: optim.Parameter[]) => ps.map((p) => (p.grad ? Array.from(p.grad.data) : null));

describe('clipGradNorm', () => {
  it('returns the global 2-norm over all parameters and scales by maxNorm/(norm + 1e-6)', () => {
    const ps = withGrads([3, 0], null, [4]);
    expect(optim.clipGradNorm(ps, 1)).toBe(5);
    const coef = 1 / (5 + 1e-6);
    const got = gradsOf(ps);
    expect(got[1]).toBeNull();
    expect(got[0]![0]).toBeCloseTo(3 * coef, 7);
    expect(got[0]![1]).toBe(0);
    expect(got[2]![0]).toBeCloseTo(4 * coef, 7);
    expect(Math.hypot(got[0]![0], got[2]![0])).toBeLessThanOrEqual(1);
  });

  it('leaves gradients alone when the norm is within maxNorm (coefficient clamped to 1)', () => {
    const ps = withGrads([3, 0], [4]);
    expect(optim.clipGradNorm(ps, 10)).toBe(5);
    expect(gradsOf(ps)).toEqual([[3, 0], [4]]);
  });

  it.each([
    [1, 3 + 4 + 2],
    [3, Math.cbrt(27 + 64 + 8)],
    [Infinity, 4],
  ])('normType %s', (normType, norm) => {
    const ps = withGrads([3, -2], [-4]);
    expect(optim.clipGradNorm(ps, 0.5, { normType })).toBeCloseTo(norm, 5);
    const coef = 0.5 / (norm + 1e-6);
    expect(gradsOf(ps)[1]![0]).toBeCloseTo(-4 * coef, 6);
  });

  it('a non-finite norm: an error when asked, else scaling by it as PyTorch does', () => {
    const ps = withGrads([1, NaN], [2]);
    expect(() => optim.clipGradNorm(ps, 1, { errorIfNonfinite: true })).toThrow(
      'clipGradNorm: expected a finite total norm of the gradients, got NaN (order 2); pass errorIfNonfinite: false to scale by it anyway',
    );
    expect(gradsOf(ps)).toEqual([[1, NaN], [2]]); // untouched by the failed call
    expect(optim.clipGradNorm(ps, 1)).toBeNaN();
    expect(gradsOf(ps)[1]![0]).toBeNaN();
    const inf = withGrads([Infinity, 1]);
    expect(() => optim.clipGradNorm(inf, 1, { normType: Infinity, errorIfNonfinite: true })).toThrow('got Infinity');
  });

  it('no gradients: norm 0', () => {
    expect(optim.clipGradNorm(withGrads(null), 1)).toBe(0);
  });
});

describe('clipGradValue', () => {
  it('clamps each element into [−c, c] in place; NaN stays NaN', () => {
    const ps = withGrads([-3, -0.5, 0.25, 7, NaN], null);
    optim.clipGradValue(ps, 0.5);
    expect(gradsOf(ps)).toEqual([[-0.5, -0.5, 0.25, 0.5, NaN], null]);
  });
});
