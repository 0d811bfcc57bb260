import { beforeEach, describe, expect, it } from 'vitest';
import { randn, tensor } from '../../lib/factories.js';
import { gradcheck } from '../../lib/inspect/gradcheck.js';
import * as losses from '../../lib/losses/index.js';
import { manualSeed, random } from '../../lib/random.js';
import { Tensor } from '../../lib/tensor.js';
import { useVariant, variants } from '../variants.js';

function probs(shape: number[]): Tensor {
  const t = Tensor.empty(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = 0.05 + 0.9 * random();
  return t;
}

describe.each(variants)('losses gradcheck [$label]', (variant) => {
  beforeEach(() => {
    useVariant(variant);
    manualSeed(7);
  });
  const reductions = ['mean', 'sum', 'none'] as const;

  it.each(reductions)('mse, halfSquaredError, l1, huber (%s)', (reduction) => {
    const t = randn([4, 3]);
    const weights = randn([4, 3]); // a fixed projection of the unreduced loss
    for (const fn of [losses.mse, losses.halfSquaredError, losses.l1, losses.huber]) {
      const r = gradcheck(
        (p) =>
          fn(p, t, { reduction })
            .mul(reduction === 'none' ? weights : 1)
            .sum(),
        [randn([4, 3]).mul(2)],
      );
      expect(r.ok, `${fn.name}: ${r.message}`).toBe(true);
    }
  });

  it.each(reductions)('binaryCrossEntropy and withLogits (%s)', (reduction) => {
    const t = probs([5, 2]);
    const r1 = gradcheck((p) => losses.binaryCrossEntropy(p, t, { reduction }).sum(), [probs([5, 2])]);
    expect(r1.ok, r1.message).toBe(true);
    const r2 = gradcheck((x) => losses.binaryCrossEntropyWithLogits(x, t, { reduction }).sum(), [randn([5, 2]).mul(3)]);
    expect(r2.ok, r2.message).toBe(true);
  });

  it.each(reductions)('softmaxCrossEntropy with indices, one-hot and label smoothing; nll (%s)', (reduction) => {
    const labels = tensor([0, 2, 1, 2]);
    for (const labelSmoothing of [0, 0.1]) {
      const r = gradcheck(
        (x) => losses.softmaxCrossEntropy(x, labels, { reduction, labelSmoothing }).sum(),
        [randn([4, 3]).mul(2)],
      );
      expect(r.ok, r.message).toBe(true);
    }
    const soft = randn([4, 3]).softmax(-1);
    expect(gradcheck((x) => losses.softmaxCrossEntropy(x, soft, { reduction }).sum(), [randn([4, 3])]).ok).toBe(true);
    expect(gradcheck((x) => losses.nll(x.logSoftmax(-1), labels, { reduction }).sum(), [randn([4, 3])]).ok).toBe(true);
  });
});

describe('loss values', () => {
  it('mse, ½(y−t)² (the notes’ Cost), l1, huber by hand', () => {
    const y = tensor([
      [1, 2],
      [3, 5],
    ]);
    const t = tensor([
      [0, 2],
      [1, 1],
    ]);
    expect(losses.mse(y, t).item()).toBeCloseTo((1 + 0 + 4 + 16) / 4, 6);
    expect(losses.mse(y, t, { reduction: 'sum' }).item()).toBeCloseTo(21, 6);
    expect(losses.halfSquaredError(y, t, { reduction: 'sum' }).item()).toBeCloseTo(10.5, 6);
    expect(losses.l1(y, t).item()).toBeCloseTo(7 / 4, 6);
    // huber δ=1: d = 1, 0, 2, 4 → 0.5, 0, 1.5, 3.5
    expect(Array.from(losses.huber(y, t, { reduction: 'none' }).data)).toEqual([0.5, 0, 1.5, 3.5]);
    // [N] targets match [N, 1] predictions
    expect(losses.mse(tensor([[1], [2]]), tensor([0, 0])).item()).toBeCloseTo(2.5, 6);
  });

  it('halfSquaredError’s gradient is plainly (y − t)', () => {
    const y = tensor([0.3, 0.9], { requiresGrad: true });
    losses.halfSquaredError(y, tensor([1, 0]), { reduction: 'sum' }).backward();
    expect(Array.from(y.grad!.data).map((v) => +v.toFixed(6))).toEqual([-0.7, 0.9]);
  });

  it('softmaxCrossEntropy equals −log softmax at the label; indices = one-hot; smoothing as PyTorch', () => {
    const x = tensor([
      [2, 1, 0.1],
      [0.5, 2.5, -1],
    ]);
    const lse = (r: number[]) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0));
    const want = [lse([2, 1, 0.1]) - 2, lse([0.5, 2.5, -1]) - -1];
    const got = losses.softmaxCrossEntropy(x, tensor([0, 2]), { reduction: 'none' });
    expect(got.data[0]).toBeCloseTo(want[0], 5);
    expect(got.data[1]).toBeCloseTo(want[1], 5);
    const oneHot = losses.softmaxCrossEntropy(
      x,
      tensor([
        [1, 0, 0],
        [0, 0, 1],
      ]),
    );
    expect(oneHot.item()).toBeCloseTo((want[0] + want[1]) / 2, 5);
    // label smoothing ε: (1−ε)·CE + ε·mean_c(−log p_c)
    const eps = 0.2;
    const row0 = [2, 1, 0.1].map((v) => lse([2, 1, 0.1]) - v);
    const smoothed = (1 - eps) * row0[0] + (eps / 3) * row0.reduce((a, b) => a + b, 0);
    const s = losses.softmaxCrossEntropy(x, tensor([0, 2]), { labelSmoothing: eps, reduction: 'none' });
    expect(s.data[0]).toBeCloseTo(smoothed, 5);
    // [N, 1] integer targets work too
    expect(losses.softmaxCrossEntropy(x, tensor([[0], [2]])).item()).toBeCloseTo(oneHot.item(), 6);
  });

  it('binaryCrossEntropyWithLogits is stable at |x| = 1000; BCE clamps its logs at −100', () => {
    const x = tensor([1000, -1000, 0]);
    const l = losses.binaryCrossEntropyWithLogits(x, tensor([0, 1, 1]), { reduction: 'none' });
    expect(Array.from(l.data)).toEqual([1000, 1000, Math.fround(Math.log(2))]);
    const p = tensor([0, 1]);
    expect(Array.from(losses.binaryCrossEntropy(p, tensor([1, 0]), { reduction: 'none' }).data)).toEqual([100, 100]);
  });
});

describe('loss errors', () => {
  it('name the loss, what was expected and what came', () => {
    expect(() => losses.mse(randn([4, 2]), randn([4, 3]))).toThrow(
      'mse: expected target of shape [4,2] (as the prediction), got [4,3]',
    );
    expect(() => losses.softmaxCrossEntropy(randn([2, 3]), tensor([0, 3]))).toThrow(
      'softmaxCrossEntropy: class label 3 at row 1 is outside [0, 3)',
    );
    expect(() => losses.softmaxCrossEntropy(randn([2, 3]), tensor([0.5, 1]))).toThrow(
      'softmaxCrossEntropy: class label 0.5 at row 0 is outside [0, 3)',
    );
    expect(() => losses.softmaxCrossEntropy(randn([2, 3]), randn([2, 4]))).toThrow(
      'softmaxCrossEntropy: expected targets as class indices [2] or [2, 1], or one-hot/probabilities [2, 3], got [2,4]',
    );
    expect(() => losses.binaryCrossEntropy(tensor([0.5]), tensor([2]))).toThrow(
      'binaryCrossEntropy: expected targets in [0, 1], got 2 at index 0',
    );
    expect(() => losses.mse(randn([2]), randn([2]), { reduction: 'avg' as never })).toThrow(
      "mse: expected reduction 'mean', 'sum' or 'none', got 'avg'",
    );
    expect(() => losses.getLoss('crossEntropy')).toThrow(
      "losses: unknown loss 'crossEntropy'; expected one of mse, halfSquaredError, l1, huber, binaryCrossEntropy, binaryCrossEntropyWithLogits, softmaxCrossEntropy, nll",
    );
    expect(() => losses.huber(randn([2]), randn([2]), { delta: 0 })).toThrow('huber: expected delta > 0, got 0');
  });
});
