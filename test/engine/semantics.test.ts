// Op semantics beyond gradients: tie rules, broadcasting, error messages, native/TS agreement.
import { beforeEach, describe, expect, it } from 'vitest';
import { useBackend } from '../../lib/backend/load.js';
import {
  type ActivationName,
  add,
  concat,
  dense,
  manualSeed,
  matmul,
  maximum,
  minimum,
  randn,
  reshape,
  setIsa,
  type Tensor,
  tensor,
} from '../../lib/index.js';
import { nativeVariants, useVariant, variants } from '../variants.js';

describe.each(variants)('op semantics [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  it('maximum/minimum split the gradient evenly on a tie (as PyTorch)', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([1, 5, 0], { requiresGrad: true });
    maximum(a, b).sum().backward();
    expect(Array.from(a.grad!.data)).toEqual([0.5, 0, 1]);
    expect(Array.from(b.grad!.data)).toEqual([0.5, 1, 0]);
    a.zeroGrad();
    b.zeroGrad();
    minimum(a, b).sum().backward();
    expect(Array.from(a.grad!.data)).toEqual([0.5, 1, 0]);
    expect(Array.from(b.grad!.data)).toEqual([0.5, 0, 1]);
  });

  it('max/min reductions split the gradient among tied winners', () => {
    const x = tensor(
      [
        [3, 1, 3],
        [2, 2, 0],
      ],
      { requiresGrad: true },
    );
    x.max(1).sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [0.5, 0, 0.5],
      [0.5, 0.5, 0],
    ]);
  });

  it('broadcasts numpy-style and sums gradients back to each input shape', () => {
    const a = tensor([[1], [2]], { requiresGrad: true }); // [2,1]
    const b = tensor([10, 20, 30], { requiresGrad: true }); // [3]
    const y = add(a, b);
    expect(y.toArray()).toEqual([
      [11, 21, 31],
      [12, 22, 32],
    ]);
    y.sum().backward();
    expect(a.grad!.toArray()).toEqual([[3], [3]]);
    expect(Array.from(b.grad!.data)).toEqual([2, 2, 2]);
  });

  it('computes forward values right (spot checks)', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.transpose().toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(x.sum(0).toArray()).toEqual([5, 7, 9]);
    expect(x.mean(1, true).toArray()).toEqual([[2], [5]]);
    expect(x.max().item()).toBe(6);
    expect(x.min(0).toArray()).toEqual([1, 2, 3]);
    expect(x.slice(1, 0, 3, 2).toArray()).toEqual([
      [1, 3],
      [4, 6],
    ]);
    expect(x.indexSelect(0, [1, 1]).toArray()).toEqual([
      [4, 5, 6],
      [4, 5, 6],
    ]);
    expect(concat([x, x], 1).shape).toEqual([2, 6]);
    expect(x.matmul(x.transpose()).toArray()).toEqual([
      [14, 32],
      [32, 77],
    ]);
    expect(x.pow(2).toArray()).toEqual([
      [1, 4, 9],
      [16, 25, 36],
    ]);
    expect(x.clamp(2, 5).toArray()).toEqual([
      [2, 2, 3],
      [4, 5, 5],
    ]);
    const s = x.softmax(0).sum(0);
    for (const v of s.data) expect(v).toBeCloseTo(1, 6);
    expect(x.logSoftmax().exp().sum(1).data[0]).toBeCloseTo(1, 6);
  });

  it('gives errors that name the op, what it expected and what came', () => {
    const a = randn([2, 3]);
    expect(() => matmul(a, randn([4, 5]))).toThrow('matmul: inner dimensions differ: a is [2,3], b is [4,5]');
    expect(() => matmul(randn([2, 2, 3]), randn([3, 3, 4]))).toThrow(/matmul: batch dimensions do not broadcast/);
    expect(() => matmul(randn([3]), a)).toThrow(/matmul: inner dimensions differ: a is \[3\], b is \[2,3\]/);
    expect(() => matmul(tensor(1), a)).toThrow(/matmul: expected tensors with at least 1 dimension/);
    expect(() => add(a, randn([4]))).toThrow('add: shapes [2,3] and [4] do not broadcast (axis -1: 3 vs 4)');
    expect(() => a.mul('2' as never)).toThrow("mul: expected b to be a Tensor or a number, got the string '2'");
    expect(() => reshape(a, [4, -1])).toThrow('reshape: cannot reshape [2,3] (6 elements) to [4,-1]');
    expect(() => a.sum(2)).toThrow('sum: expected axis to be an integer in [-2, 1], got number 2');
    expect(() => a.permute([0, 0])).toThrow(/permute: expected a permutation of the 2 axes of \[2,3\], got \[0,0\]/);
    expect(() => a.indexSelect(1, [3])).toThrow(/indexSelect: expected indices in \[0, 3\) for axis 1/);
    expect(() => a.clamp(1, 0)).toThrow('clamp: expected min ≤ max, got min 1 and max 0');
    expect(() => a.pow(Number.NaN)).toThrow('pow: expected exponent to be a number, got NaN');
    expect(() => a.leakyRelu(Number.POSITIVE_INFINITY)).toThrow(/leakyRelu: expected alpha to be a finite number/);
    expect(() => concat([a, randn([3, 3])], 1)).toThrow(/concat: expected shapes that agree except on axis 1/);
    expect(() => dense(a, randn([4, 2]), null)).toThrow(/dense: expected weight \[out, 3\] to match x \[2,3\]/);
    expect(() => dense(a, randn([4, 3]), randn([3]))).toThrow('dense: expected bias of shape [4], got [3]');
    expect(() => dense(a, randn([4, 3]), null, 'swish' as never)).toThrow(/dense: expected activation to be one of/);
    expect(() => a.max(0).reshape([0])).toThrow(/reshape: cannot reshape/);
    expect(() => randn([0, 2]).max()).toThrow('max: expected a non-empty tensor, got shape [0,2]');
  });

  it('dense equals matmul + bias + activation, forward and backward', () => {
    for (const act of ['identity', 'relu', 'sigmoid', 'tanh', 'gelu', 'elu'] as ActivationName[]) {
      manualSeed(3);
      const x = randn([5, 4], { requiresGrad: true });
      const w = randn([3, 4], { requiresGrad: true });
      const b = randn([3], { requiresGrad: true });
      const fused = dense(x, w, b, act);
      fused.mul(fused).sum().backward();
      const grads = [x, w, b].map((t) => Array.from(t.grad!.data));
      [x, w, b].forEach((t) => {
        t.zeroGrad();
      });
      const composed = x.matmul(w.transpose()).add(b).activation(act);
      composed.mul(composed).sum().backward();
      expectClose(Array.from(fused.data), Array.from(composed.data), 1e-5);
      [x, w, b].forEach((t, i) => {
        expectClose(grads[i], Array.from(t.grad!.data), 1e-4);
      });
    }
  });
});

function expectClose(got: number[], want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++)
    expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i])));
}

// Under CHAINRULE_BACKEND=ts (the fallback run) there is no native variant to compare.
if (nativeVariants.length > 0) {
  describe('dense: native and TS kernels agree', () => {
    it.each(nativeVariants.map((v) => [v.label, v] as const))(
      '%s vs ts, odd shapes, every activation',
      (_l, variant) => {
        const acts: ActivationName[] = ['identity', 'relu', 'sigmoid', 'tanh', 'leakyRelu', 'elu', 'gelu', 'softplus'];
        for (const [m, n, k] of [
          [1, 1, 1],
          [7, 13, 5],
          [33, 17, 31],
        ]) {
          for (const act of acts) {
            manualSeed(m * 100 + n);
            const inputs = [randn([m, k]), randn([n, k]), randn([n])].map((t) => t.requiresGrad_());
            const run = (): number[][] => {
              inputs.forEach((t) => {
                t.zeroGrad();
              });
              const y = dense(inputs[0], inputs[1], inputs[2], act);
              y.backward(y.detach()); // dy = y: exercises dZ = dY ⊙ act′ with varied dY
              return [y, ...inputs.map((t) => t.grad as Tensor)].map((t) => Array.from(t.data));
            };
            useBackend('ts');
            const want = run();
            useBackend('native');
            setIsa(variant.isa!);
            const got = run();
            want.forEach((w, i) => {
              expectClose(got[i], w, 1e-4);
            });
          }
        }
      },
    );
  });
}
