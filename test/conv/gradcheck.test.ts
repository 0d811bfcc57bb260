// Every op of the convolution family gradchecked (backward vs central differences in
// float64) on every kernel variant, over odd shapes and stride/padding/dilation/groups mixes.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  adaptiveAvgPool2d,
  avgPool1d,
  avgPool2d,
  batchNorm,
  conv1d,
  conv2d,
  convTranspose2d,
  dropout2d,
  flatten,
  gradcheck,
  groupNorm,
  manualSeed,
  maxPool1d,
  maxPool2d,
  rand,
  randn,
  type Tensor,
  ones,
} from '../../lib/index.js';
import { useVariant, variants } from '../variants.js';

/** Distinct values 0.05 apart, shuffled: every pooling window has a clear winner. */
function distinct(shape: number[]): Tensor {
  const t = rand(shape);
  const order = Array.from(t.data, (v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
  order.forEach(([, i], rank) => {
    t.data[i] = 0.05 * rank - 0.025 * t.size;
  });
  return t;
}

const ok = (r: { ok: boolean; message: string }) => expect(r.ok, r.message).toBe(true);

describe.each(variants)('convolution family gradcheck [$label]', (variant) => {
  beforeEach(() => {
    useVariant(variant);
    manualSeed(3);
  });

  it.each([
    [[2, 3, 5, 6], [4, 3, 3, 3], {}],
    [[1, 4, 7, 5], [6, 2, 3, 2], { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 }],
    [[2, 3, 4, 5], [3, 1, 3, 3], { padding: 'same', groups: 3 }],
    [[1, 2, 6, 6], [2, 2, 2, 2], { padding: 'same' }],
    [[2, 4, 3, 3], [5, 4, 1, 1], {}],
    [[3, 5, 5], [2, 3, 3, 3], { stride: 2 }],
  ] as const)('conv2d x %j w %j %j', (xs, ws, opts) => {
    ok(gradcheck((x, w, b) => conv2d(x, w, b, opts as never), [randn([...xs]), randn([...ws]), randn([ws[0]])]));
  });

  it('conv1d with stride, padding, dilation, groups', () => {
    ok(
      gradcheck(
        (x, w, b) => conv1d(x, w, b, { stride: 2, padding: 2, dilation: 2, groups: 2 }),
        [randn([2, 4, 9]), randn([6, 2, 3]), randn([6])],
      ),
    );
  });

  it('convTranspose2d with stride, padding, outputPadding, groups', () => {
    ok(
      gradcheck(
        (x, w, b) => convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }),
        [randn([2, 4, 3, 4]), randn([4, 3, 3, 2]), randn([6])],
      ),
    );
  });

  it('maxPool2d / maxPool1d (overlapping, padded, dilated, ceilMode)', () => {
    ok(gradcheck((x) => maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }), [distinct([2, 2, 7, 6])]));
    ok(gradcheck((x) => maxPool2d(x, [2, 3], { stride: 1, dilation: [2, 1] }), [distinct([1, 2, 5, 6])]));
    ok(gradcheck((x) => maxPool1d(x, 3, { stride: 2, padding: 1 }), [distinct([2, 3, 9])]));
  });

  it('avgPool2d / avgPool1d / adaptiveAvgPool2d', () => {
    ok(gradcheck((x) => avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }), [randn([2, 2, 7, 6])]));
    ok(gradcheck((x) => avgPool2d(x, [2, 3], { ceilMode: true, divisorOverride: 5 }), [randn([1, 2, 5, 7])]));
    ok(gradcheck((x) => avgPool1d(x, 2), [randn([2, 3, 7])]));
    ok(gradcheck((x) => adaptiveAvgPool2d(x, [3, 2]), [randn([2, 2, 7, 5])]));
    ok(gradcheck((x) => adaptiveAvgPool2d(x, 1), [randn([2, 3, 4, 3])]));
  });

  it('batchNorm in training (through the batch statistics) and eval', () => {
    ok(
      gradcheck(
        (x, w, b) => batchNorm(x, null, null, w, b, { training: true }),
        [randn([3, 2, 3, 2]), randn([2]), randn([2])],
      ),
    );
    ok(gradcheck((x) => batchNorm(x, null, null, null, null, { training: true }), [randn([5, 3])]));
    const rm = randn([3]);
    const rv = ones([3]).add(rand([3]));
    ok(
      gradcheck(
        (x, w, b) => batchNorm(x, rm, rv, w, b, { training: false }),
        [randn([2, 3, 4]), randn([3]), randn([3])],
      ),
    );
  });

  it('groupNorm, flatten, dropout2d', () => {
    ok(gradcheck((x, w, b) => groupNorm(x, 2, w, b), [randn([2, 4, 3, 2]), randn([4]), randn([4])]));
    ok(gradcheck((x) => flatten(x, 1), [randn([2, 3, 2, 2])]));
    ok(
      gradcheck(
        (x) => {
          manualSeed(5); // the same mask on every evaluation
          return dropout2d(x, 0.5, true);
        },
        [randn([2, 4, 3, 3])],
      ),
    );
  });
});
