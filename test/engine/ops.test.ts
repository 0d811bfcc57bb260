// Every op gradchecked (central differences in float64 vs backward) on random shapes,
// broadcast cases included, on every kernel variant.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type ActivationName,
  concat,
  dense,
  div,
  gradcheck,
  indexSelect,
  manualSeed,
  matmul,
  maximum,
  minimum,
  pow,
  rand,
  randn,
  sub,
  type Tensor,
  tensor,
} from '../../lib/index.js';
import { useVariant, variants } from '../variants.js';

/** Values on a 0.2 grid offset by `offset`: two tensors with offsets 0.05 and 0.15 never come within 0.1. */
function grid(shape: number[], offset: number): Tensor {
  const t = rand(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.round(t.data[i] * 10 - 5) * 0.2 + offset;
  return t;
}

/** Normal values pushed at least 0.1 away from 0 (kinks of relu, abs, …). */
function awayFromZero(shape: number[]): Tensor {
  const t = randn(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.sign(t.data[i] || 1) * (0.1 + Math.abs(t.data[i]));
  return t;
}

/** Uniform in [lo, hi). */
function uniform(shape: number[], lo: number, hi: number): Tensor {
  const t = rand(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = lo + (hi - lo) * t.data[i];
  return t;
}

/** Distinct values 0.1 apart, shuffled: max/min have a clear winner. */
function distinct(shape: number[]): Tensor {
  const t = rand(shape);
  const order = Array.from(t.data, (v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
  order.forEach(([, i], rank) => {
    t.data[i] = 0.1 * rank - 0.05 * t.size;
  });
  return t;
}

type Case = [string, (...inputs: Tensor[]) => Tensor, () => Tensor[]];

const activations: ActivationName[] = ['identity', 'relu', 'sigmoid', 'tanh', 'leakyRelu', 'elu', 'gelu', 'softplus'];

const cases: Case[] = [
  ['add, same shape [3,4]', (a, b) => a.add(b), () => [randn([3, 4]), randn([3, 4])]],
  ['add, broadcast [3,4] + [4]', (a, b) => a.add(b), () => [randn([3, 4]), randn([4])]],
  ['add, broadcast [2,1,3] + [4,1]', (a, b) => a.add(b), () => [randn([2, 1, 3]), randn([4, 1])]],
  ['add, 0-d + [2,3] and a number', (a, b) => a.add(b).add(1.5), () => [randn([]), randn([2, 3])]],
  ['sub, broadcast [3,1] − [1,4]', (a, b) => a.sub(b), () => [randn([3, 1]), randn([1, 4])]],
  ['sub, number − tensor', (a) => sub(2, a), () => [randn([5])]],
  ['mul, broadcast [2,3,4] · [3,1]', (a, b) => a.mul(b), () => [randn([2, 3, 4]), randn([3, 1])]],
  ['mul by a number', (a) => a.mul(-3), () => [randn([7])]],
  ['div, broadcast [3,4] / [4]', (a, b) => a.div(b), () => [randn([3, 4]), uniform([4], 0.5, 2)]],
  ['div, number / tensor', (a) => div(2, a), () => [uniform([2, 3], 0.5, 2)]],
  ['neg', (a) => a.neg(), () => [randn([2, 5])]],
  ['exp', (a) => a.exp(), () => [randn([3, 3])]],
  ['log', (a) => a.log(), () => [uniform([3, 4], 0.3, 3)]],
  ['sqrt', (a) => a.sqrt(), () => [uniform([3, 4], 0.3, 3)]],
  ['abs', (a) => a.abs(), () => [awayFromZero([4, 3])]],
  ['pow, number exponent 3', (a) => a.pow(3), () => [randn([2, 4])]],
  ['pow, number exponent −0.5', (a) => a.pow(-0.5), () => [uniform([5], 0.5, 2)]],
  ['pow, tensor exponent, broadcast', (a, b) => pow(a, b), () => [uniform([3, 4], 0.5, 2), randn([4])]],
  ['maximum, broadcast [3,4] vs [4]', (a, b) => maximum(a, b), () => [grid([3, 4], 0.05), grid([4], 0.15)]],
  ['minimum, broadcast [2,1] vs [2,3]', (a, b) => minimum(a, b), () => [grid([2, 1], 0.05), grid([2, 3], 0.15)]],
  ['clamp(−0.5, 0.5)', (a) => a.clamp(-0.5, 0.5), () => [grid([4, 4], 0.05)]],
  ['clamp(min only)', (a) => a.clamp(0.1, null), () => [grid([6], 0.05)]],
  ['matmul [3,4]·[4,5]', (a, b) => a.matmul(b), () => [randn([3, 4]), randn([4, 5])]],
  ['matmul batched [2,3,4]·[2,4,5]', (a, b) => matmul(a, b), () => [randn([2, 3, 4]), randn([2, 4, 5])]],
  ['matmul batched [2,3,4]·[4,5]', (a, b) => matmul(a, b), () => [randn([2, 3, 4]), randn([4, 5])]],
  ['matmul batched [3,4]·[2,4,5]', (a, b) => matmul(a, b), () => [randn([3, 4]), randn([2, 4, 5])]],
  ['transpose [3,5]', (a) => a.transpose(), () => [randn([3, 5])]],
  ['transpose(0, 2) [2,3,4]', (a) => a.transpose(0, 2), () => [randn([2, 3, 4])]],
  ['permute [2,0,1]', (a) => a.permute([2, 0, 1]).mul(a.permute([2, 0, 1])), () => [randn([2, 3, 4])]],
  ['reshape [2,6] → [3,-1]', (a) => a.reshape([3, -1]).mul(tensor([1, 2, 3, 4])), () => [randn([2, 6])]],
  ['concat axis 1', (a, b) => concat([a, b], 1), () => [randn([2, 3]), randn([2, 2])]],
  ['concat axis 0, three inputs', (a, b, c) => concat([a, b, c]), () => [randn([1, 3]), randn([2, 3]), randn([1, 3])]],
  ['slice axis 1 [1:4:2]', (a) => a.slice(1, 1, 4, 2), () => [randn([3, 5])]],
  ['slice axis 0, negative start', (a) => a.slice(0, -2), () => [randn([4, 2])]],
  ['indexSelect, repeated indices', (a) => indexSelect(a, 0, [2, 0, 2]), () => [randn([3, 4])]],
  ['indexSelect axis 1', (a) => a.indexSelect(1, [1, 1, 0]), () => [randn([2, 3, 2])]],
  ['sum, all', (a) => a.sum(), () => [randn([3, 4])]],
  ['sum axis 1', (a) => a.sum(1), () => [randn([3, 4])]],
  ['sum axes [0,2] keepdim', (a) => a.sum([0, 2], true), () => [randn([2, 3, 4])]],
  ['mean axis −1', (a) => a.mean(-1), () => [randn([3, 5])]],
  ['mean, all keepdim', (a) => a.mean(undefined, true), () => [randn([2, 3])]],
  ['max axis 0', (a) => a.max(0), () => [distinct([4, 3])]],
  ['max, all', (a) => a.max(), () => [distinct([3, 4])]],
  ['min axis [1] keepdim', (a) => a.min([1], true), () => [distinct([2, 5])]],
  ['sigmoid', (a) => a.sigmoid(), () => [randn([3, 4])]],
  ['tanh', (a) => a.tanh(), () => [randn([3, 4])]],
  ['relu', (a) => a.relu(), () => [awayFromZero([3, 4])]],
  ['leakyRelu(0.1)', (a) => a.leakyRelu(0.1), () => [awayFromZero([3, 4])]],
  ['elu', (a) => a.elu(), () => [awayFromZero([3, 4])]],
  ['gelu', (a) => a.gelu(), () => [randn([3, 4])]],
  ['softplus', (a) => a.softplus(), () => [randn([3, 4])]],
  ['softmax axis −1', (a) => a.softmax(), () => [randn([3, 5])]],
  ['softmax axis 0 of [3,4,2]', (a) => a.softmax(0), () => [randn([3, 4, 2])]],
  ['logSoftmax axis 1 of [2,3,4]', (a) => a.logSoftmax(1), () => [randn([2, 3, 4])]],
  ['logSoftmax axis −1', (a) => a.logSoftmax(-1), () => [randn([4, 6])]],
  [
    'a composite: softmax(x·Wᵀ + b) · log',
    (x, w, b) => x.matmul(w.transpose()).add(b).softmax().log().sum(1),
    () => [randn([3, 4]), randn([5, 4]), randn([5])],
  ],
  ...activations.map((act): Case => [
    `dense, ${act}`,
    (x, w, b) => dense(x, w, b, act),
    () => [
      act === 'relu' || act === 'leakyRelu' || act === 'elu' ? awayFromZero([4, 3]) : randn([4, 3]),
      randn([5, 3]),
      randn([5]),
    ],
  ]),
  ['dense without bias', (x, w) => dense(x, w, null, 'tanh'), () => [randn([2, 3]), randn([4, 3])]],
];

describe.each(variants)('ops gradcheck [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  it.each(cases.map((c, i) => [c[0], i] as const))('%s', (_name, i) => {
    const [, fn, makeInputs] = cases[i];
    manualSeed(1000 + i);
    const inputs = makeInputs();
    const result = gradcheck(fn, inputs);
    expect(result.ok, result.message).toBe(true);
  });
});
