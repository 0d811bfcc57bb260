// The sequence ops, on every kernel variant: gradchecks (central differences in float64 over
// the float32 data) on odd shapes and broadcasts, hand-checked values, and the bad inputs.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  embedding,
  gradcheck,
  layerNorm,
  losses,
  manualSeed,
  matmul,
  randn,
  rmsNorm,
  scaledDotProductAttention,
  tensor,
  zeros,
} from '../../lib/index.js';
import { useVariant, variants } from '../variants.js';

const matmulShapes: [number[], number[]][] = [
  [[3], [3]],
  [[3], [3, 5]],
  [[4, 3], [3]],
  [[2, 4, 3], [3]],
  [[3], [2, 3, 5]],
  [
    [1, 3, 4],
    [2, 4, 5],
  ],
  [
    [2, 3, 4],
    [4, 5],
  ],
  [
    [3, 4],
    [2, 4, 5],
  ],
  [
    [2, 1, 3, 4],
    [3, 4, 2],
  ],
  [
    [2, 3, 1, 4],
    [1, 4, 3],
  ],
  [
    [0, 3, 4],
    [4, 2],
  ],
];

describe.each(variants)('sequence ops [$label]', (variant) => {
  beforeEach(() => {
    useVariant(variant);
    manualSeed(7);
  });

  it.each(matmulShapes)('matmul %j · %j gradchecks', (a, b) => {
    const r = gradcheck(matmul, [randn(a), randn(b)]);
    expect(r.ok, r.message).toBe(true);
  });

  it('matmul shapes follow torch.matmul', () => {
    const shape = (a: number[], b: number[]) => matmul(randn(a), randn(b)).shape;
    expect(shape([3], [3])).toEqual([]);
    expect(shape([3], [3, 5])).toEqual([5]);
    expect(shape([4, 3], [3])).toEqual([4]);
    expect(shape([1, 3, 4], [2, 4, 5])).toEqual([2, 3, 5]);
    expect(shape([2, 1, 3, 4], [3, 4, 2])).toEqual([2, 3, 3, 2]);
    expect(matmul(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
  });

  it('matmul names the shapes that do not fit', () => {
    expect(() => matmul(randn([2, 3]), randn([4, 5]))).toThrow(
      /matmul: inner dimensions differ: a is \[2,3\], b is \[4,5\] \(a.s last axis 3 vs/,
    );
    expect(() => matmul(randn([2, 3, 4]), randn([3, 4, 5]))).toThrow(/matmul: batch dimensions do not broadcast/);
    expect(() => matmul(tensor(2), randn([2]))).toThrow(/at least 1 dimension/);
  });

  it('embedding gathers rows; backward scatter-adds and skips paddingIdx', () => {
    const w = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]).requiresGrad_();
    const y = embedding(w, [[2, 0, 2]], { paddingIdx: 0 });
    expect(y.shape).toEqual([1, 3, 2]);
    expect(Array.from(y.data)).toEqual([5, 6, 1, 2, 5, 6]);
    y.backward(
      tensor([
        [
          [1, 1],
          [10, 10],
          [100, 100],
        ],
      ]),
    );
    expect(Array.from(w.grad!.data)).toEqual([0, 0, 0, 0, 101, 101]);
  });

  it('embedding gradchecks on ids with repeats', () => {
    const ids = tensor([
      [1, 3, 1, 0],
      [4, 4, 2, 1],
    ]);
    const r = gradcheck((w) => embedding(w, ids), [randn([5, 7])]);
    expect(r.ok, r.message).toBe(true);
  });

  it('embedding rejects ids outside the table, naming the shapes', () => {
    const w = randn([5, 3]);
    expect(() => embedding(w, [1, 5])).toThrow(/embedding: token id 5 at index 1 of ids \[2\] is outside \[0, 5\)/);
    expect(() => embedding(w, [0.5])).toThrow(/token id 0.5/);
    expect(() => embedding(w, [-1])).toThrow(/token id -1/);
    expect(() => embedding(randn([5]), [0])).toThrow(/expected weight \[vocab, dim\], got \[5\]/);
    expect(() => embedding(w, [0], { paddingIdx: 5 })).toThrow(/paddingIdx/);
  });

  it.each([
    [[7], [7]],
    [[3, 5], [5]],
    [
      [2, 3, 4],
      [3, 4],
    ],
    [[4, 1], [1]],
  ])('layerNorm %j over %j gradchecks (x, weight, bias)', (shape, normalized) => {
    const r = gradcheck(
      (x, w, b) => layerNorm(x, normalized, w, b),
      [randn(shape), randn(normalized), randn(normalized)],
    );
    expect(r.ok, r.message).toBe(true);
    const bare = gradcheck((x) => layerNorm(x, normalized), [randn(shape)]);
    expect(bare.ok, bare.message).toBe(true);
  });

  it.each([
    [[7], [7]],
    [[3, 5], [5]],
    [
      [2, 3, 4],
      [3, 4],
    ],
  ])('rmsNorm %j over %j gradchecks (x, weight)', (shape, normalized) => {
    const r = gradcheck((x, w) => rmsNorm(x, normalized, w), [randn(shape), randn(normalized)]);
    expect(r.ok, r.message).toBe(true);
  });

  it('layerNorm: each row to mean 0, variance 1; a constant row to 0 (eps)', () => {
    const y = layerNorm(
      tensor([
        [1, 2, 3, 4],
        [5, 5, 5, 5],
      ]),
      4,
    );
    const row = Array.from(y.data.subarray(0, 4));
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
    expect(row.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 3);
    expect(Array.from(y.data.subarray(4))).toEqual([0, 0, 0, 0]);
    expect(() => layerNorm(randn([2, 3]), [4])).toThrow(
      /layerNorm: expected input with trailing shape \[4\], got \[2,3\]/,
    );
    expect(() => layerNorm(randn([2, 3]), 3, randn([4]))).toThrow(/expected weight of shape \[3\]/);
  });

  it.each([
    [[2, 5, 3], [2, 5, 3], [2, 5, 4], {}],
    [[2, 2, 4, 3], [2, 2, 6, 3], [2, 2, 6, 2], { causal: true }],
    [[3, 5, 4], [3, 5, 4], [3, 5, 4], { causal: true }],
    [[1, 3, 2], [1, 4, 2], [1, 4, 3], { scale: 0.3 }],
  ])('scaledDotProductAttention q %j k %j v %j %j gradchecks', (q, k, v, opts) => {
    const r = gradcheck((a, b, c) => scaledDotProductAttention(a, b, c, opts), [randn(q), randn(k), randn(v)]);
    expect(r.ok, r.message).toBe(true);
  });

  it('scaledDotProductAttention with an additive mask gradchecks (mask included)', () => {
    const r = gradcheck(
      (a, b, c, m) => scaledDotProductAttention(a, b, c, { mask: m }),
      [randn([2, 3, 4]), randn([2, 5, 4]), randn([2, 5, 2]), randn([3, 5])],
    );
    expect(r.ok, r.message).toBe(true);
  });

  it('causal attention: query 0 sees only key 0, so its output is v[0]', () => {
    const q = randn([1, 4, 3]);
    const k = randn([1, 4, 3]);
    const v = randn([1, 4, 2]);
    const o = scaledDotProductAttention(q, k, v, { causal: true });
    expect(o.data[0]).toBeCloseTo(v.data[0], 6);
    expect(o.data[1]).toBeCloseTo(v.data[1], 6);
  });

  it('attention dropout: zero on average, and the same output for the same seed', () => {
    const q = randn([2, 6, 4]);
    const k = randn([2, 6, 4]);
    const v = randn([2, 6, 4]);
    manualSeed(3);
    const a = scaledDotProductAttention(q, k, v, { dropout: 0.5 });
    manualSeed(3);
    const b = scaledDotProductAttention(q, k, v, { dropout: 0.5 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const plain = scaledDotProductAttention(q, k, v);
    expect(Array.from(a.data)).not.toEqual(Array.from(plain.data));
  });

  it('scaledDotProductAttention names the shapes it cannot use', () => {
    const q = randn([2, 3, 4]);
    const k = randn([2, 5, 4]);
    const v = randn([2, 5, 2]);
    expect(() => scaledDotProductAttention(q, k, v, { mask: randn([4, 5]) })).toThrow(
      /scaledDotProductAttention: expected mask broadcastable to the scores \[2,3,5\] \(\[\.\.\., L, S\]\), got \[4,5\]/,
    );
    expect(() => scaledDotProductAttention(q, randn([2, 5, 3]), v)).toThrow(/q \[2,3,4\], k \[2,5,3\], v \[2,5,2\]/);
    expect(() => scaledDotProductAttention(q, k, v, { causal: true, mask: zeros([3, 5]) })).toThrow(
      /either mask or causal/,
    );
    expect(() => scaledDotProductAttention(q, k, v, { dropout: 1 })).toThrow(/dropout in \[0, 1\)/);
  });

  it('cross-entropy over [B, T, V] with ignoreIndex: ignored positions add nothing', () => {
    const logits = randn([2, 3, 5]).requiresGrad_();
    const target = tensor([
      [1, -100, 4],
      [0, 2, -100],
    ]);
    const loss = losses.softmaxCrossEntropy(logits, target);
    const kept = losses.softmaxCrossEntropy(logits.reshape([6, 5]).indexSelect(0, [0, 2, 3, 4]), tensor([1, 4, 0, 2]));
    expect(loss.item()).toBeCloseTo(kept.item(), 5);
    loss.backward();
    const g = logits.grad!.data;
    for (const row of [1, 5]) for (let j = 0; j < 5; j++) expect(g[row * 5 + j]).toBe(0);
    const none = losses.softmaxCrossEntropy(logits, target, { reduction: 'none' });
    expect(none.shape).toEqual([2, 3]);
    expect(none.data[1]).toBe(0);
    const r = gradcheck(
      (x) => losses.softmaxCrossEntropy(x, target, { ignoreIndex: -100, labelSmoothing: 0.1 }),
      [randn([2, 3, 5])],
    );
    expect(r.ok, r.message).toBe(true);
    expect(() =>
      losses.softmaxCrossEntropy(
        logits,
        tensor([
          [1, 2, 5],
          [0, 0, 0],
        ]),
      ),
    ).toThrow(/class label 5 at row 2/);
    expect(() => losses.softmaxCrossEntropy(logits, tensor([1, 2]))).toThrow(
      /expected targets as class indices \[2,3\] or distributions \[2,3,5\] for logits \[2,3,5\], got \[2\]/,
    );
  });
});
