// A leaf may keep the backward pass's own gradient tensor as its .grad (no copy) — only when
// nothing else can see that tensor. These pin the cases where it must not: shared weights
// (sum over paths), hooks, traces, the caller's seed, one tensor passed as two inputs.
import { beforeEach, describe, expect, it } from 'vitest';
import { randn, tensor } from '../../lib/factories.js';
import { dense } from '../../lib/ops/dense.js';
import { manualSeed } from '../../lib/random.js';
import type { Tensor } from '../../lib/tensor.js';

function copy(t: Tensor | null): number[] {
  return Array.from(t!.data);
}

function close(a: number[], b: number[], tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]), `index ${i}`).toBeLessThanOrEqual(tol));
}

describe('gradient ownership', () => {
  beforeEach(() => manualSeed(3));

  it('shared weights: both paths sum, and a second backward accumulates', () => {
    const w = randn([4, 4]).requiresGrad_();
    const x = randn([3, 4]);
    const loss = () => dense(dense(x, w, null, 'tanh'), w, null).sum();
    loss().backward();
    const once = copy(w.grad);
    // the same gradient from two independent copies of w, one per path
    const w1 = tensor(Array.from(w.data)).reshape([4, 4]).requiresGrad_();
    const w2 = tensor(Array.from(w.data)).reshape([4, 4]).requiresGrad_();
    dense(dense(x, w1, null, 'tanh'), w2, null)
      .sum()
      .backward();
    close(
      once,
      copy(w1.grad).map((v, i) => v + w2.grad!.data[i]),
    );
    loss().backward();
    close(
      copy(w.grad),
      once.map((v) => 2 * v),
    );
  });

  it('a gradient a hook kept is not changed by later accumulation', () => {
    const w = randn([2, 3]).requiresGrad_();
    const x = randn([5, 3]);
    const seen: Tensor[] = [];
    w.registerHook((g) => {
      seen.push(g);
    });
    dense(x, w, null).sum().backward();
    const first = copy(seen[0]);
    dense(x, w, null).sum().backward();
    expect(copy(seen[0])).toEqual(first);
    close(
      copy(w.grad),
      first.map((v) => 2 * v),
    );
  });

  it('gradients shown to a trace are not changed by later accumulation', () => {
    const w = randn([2, 3]).requiresGrad_();
    const x = randn([5, 3]);
    const traced: Tensor[] = [];
    const y = dense(x, w, null);
    y.sum().backward(undefined, {
      trace: (_node, _out, _up, down) => {
        for (const d of down) if (d) traced.push(d);
      },
    });
    const snapshot = traced.map(copy);
    dense(x, w, null).sum().backward();
    expect(traced.map(copy)).toEqual(snapshot);
  });

  it("the caller's seed is copied, never kept as .grad", () => {
    const w = randn([2, 3]).requiresGrad_();
    const x = randn([4, 3]);
    const y = dense(x, w, null);
    const seed = randn([4, 2]);
    const before = copy(seed);
    y.backward(seed);
    w.grad!.data.fill(7);
    expect(copy(seed)).toEqual(before);
  });

  it('one tensor as x and weight gets the sum of both gradients', () => {
    const a = randn([3, 3]).requiresGrad_();
    dense(a, a, null).sum().backward();
    // y = a·aᵀ: d(Σy)/da = (1·a) + (1ᵀ·a) — rows of ones times a, both ways
    const b = tensor(Array.from(a.data)).reshape([3, 3]).requiresGrad_();
    b.matmul(b.transpose()).sum().backward();
    close(copy(a.grad), copy(b.grad));
  });

  it('zeroGrad → null, then the next backward starts from zero', () => {
    const w = randn([2, 3]).requiresGrad_();
    const x = randn([4, 3]);
    dense(x, w, null).sum().backward();
    const once = copy(w.grad);
    w.zeroGrad();
    expect(w.grad).toBeNull();
    dense(x, w, null).sum().backward();
    close(copy(w.grad), once);
  });
});
