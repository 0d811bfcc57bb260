// softmaxCrossEntropy is one fused graph node; these check it against the composition it
// replaced (−Σ T·logSoftmax(x), reduced) — values and gradients, for every target form and
// reduction, on every kernel variant — and that a target requiring grad still gets one.
import { beforeEach, describe, expect, it } from 'vitest';
import { randn, tensor } from '../../lib/factories.js';
import * as losses from '../../lib/losses/index.js';
import { manualSeed } from '../../lib/random.js';
import type { Tensor } from '../../lib/tensor.js';
import { useVariant, variants } from '../variants.js';

function composed(x: Tensor, dist: Tensor, reduction: 'mean' | 'sum' | 'none'): Tensor {
  const perRow = dist.mul(x.logSoftmax(-1)).sum(1).neg();
  return reduction === 'mean' ? perRow.mean() : reduction === 'sum' ? perRow.sum() : perRow;
}

function oneHot(labels: number[], c: number, smoothing = 0): Tensor {
  return tensor(
    labels.map((l) => Array.from({ length: c }, (_, j) => (1 - smoothing) * (j === l ? 1 : 0) + smoothing / c)),
  );
}

function expectAllClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `index ${i}`).toBeLessThanOrEqual(tol);
}

describe.each(variants)('fused softmaxCrossEntropy [$label]', (variant) => {
  beforeEach(() => {
    useVariant(variant);
    manualSeed(11);
  });
  const labels = [3, 0, 4, 4, 1, 2];

  it.each(['mean', 'sum', 'none'] as const)(
    'equals the composed form: indices, one-hot, smoothing (%s)',
    (reduction) => {
      const soft = randn([6, 5]).mul(3).softmax(-1);
      const cases: [Tensor | number[], Tensor, number][] = [
        [tensor(labels), oneHot(labels, 5), 0],
        [labels, oneHot(labels, 5), 0],
        [oneHot(labels, 5), oneHot(labels, 5), 0],
        [tensor(labels), oneHot(labels, 5, 0.2), 0.2],
        [soft, soft, 0],
      ];
      for (const [target, dist, labelSmoothing] of cases) {
        const x = randn([6, 5]).mul(4).requiresGrad_();
        const y = randn([6, 5]).mul(4).requiresGrad_();
        y.data.set(x.data);
        const fused = losses.softmaxCrossEntropy(x, target, { reduction, labelSmoothing });
        const want = composed(y, dist, reduction);
        expect(fused.gradFn?.op).toBe('softmaxCrossEntropy');
        expect(fused.shape).toEqual(want.shape);
        expectAllClose(fused.data, want.data);
        const seed = reduction === 'none' ? randn([6]) : tensor(1.5);
        fused.backward(seed);
        want.backward(seed);
        expectAllClose(x.grad!.data, y.grad!.data);
      }
    },
  );

  it('is one node: logits → loss, the only input', () => {
    const x = randn([4, 3]).requiresGrad_();
    const loss = losses.softmaxCrossEntropy(x, [0, 1, 2, 0]);
    expect(loss.gradFn?.inputs).toEqual([x]);
    expect(loss.ndim).toBe(0);
  });

  it('a target that requires grad gets its gradient (−log softmax(x), reduced)', () => {
    const x = randn([3, 4]);
    const t = randn([3, 4]).softmax(-1).requiresGrad_();
    losses.softmaxCrossEntropy(x, t, { reduction: 'sum' }).backward();
    expectAllClose(t.grad!.data, x.logSoftmax(-1).neg().data);
  });

  it('large logits stay finite (the log-sum-exp is shifted by the row max)', () => {
    const x = tensor([
      [1000, -1000, 0],
      [-500, 500, 499],
    ]).requiresGrad_();
    const loss = losses.softmaxCrossEntropy(x, [0, 2], { reduction: 'none' });
    expectAllClose(loss.data, [0, 1 + Math.log1p(Math.exp(-1))], 1e-4);
    const smoothed = losses.softmaxCrossEntropy(x, [0, 2], { labelSmoothing: 0.1 });
    expect(Number.isFinite(smoothed.item())).toBe(true);
    smoothed.backward();
    expect(Array.from(x.grad!.data).every(Number.isFinite)).toBe(true);
  });
});
