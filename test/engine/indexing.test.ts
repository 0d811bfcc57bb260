// gather / scatterAdd / where / argmax / argmin / topk / squeeze / unsqueeze / view / clone /
// get: gradchecked on every kernel variant, ties and edge cases pinned, compared with
// PyTorch when it is installed, and their bad-input errors.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  argmax,
  argmin,
  clone,
  gather,
  gradcheck,
  manualSeed,
  randn,
  scatterAdd,
  squeeze,
  type Tensor,
  tensor,
  topk,
  unsqueeze,
  where,
} from '../../lib/index.js';
import { hasTorch, runTorch } from '../torch.js';
import { useVariant, variants } from '../variants.js';

const index = (values: number[][]) => tensor(values);

describe.each(variants)('indexing ops [$label]', (variant) => {
  beforeEach(() => {
    useVariant(variant);
    manualSeed(11);
  });

  const cases: [string, (...xs: Tensor[]) => Tensor, () => Tensor[]][] = [
    [
      'gather axis 1, repeated indices',
      (x) =>
        gather(
          x,
          1,
          index([
            [0, 0, 2],
            [1, 2, 1],
          ]),
        ),
      () => [randn([2, 3])],
    ],
    [
      'gather axis 0, index smaller than x',
      (x) =>
        gather(
          x,
          0,
          index([
            [2, 0],
            [2, 2],
          ]),
        ),
      () => [randn([3, 4])],
    ],
    [
      'scatterAdd axis 0 (x and src)',
      (x, s) =>
        scatterAdd(
          x,
          0,
          index([
            [0, 1, 0],
            [0, 0, 2],
          ]),
          s,
        ),
      () => [randn([3, 3]), randn([2, 3])],
    ],
    ['where, broadcast condition', (a, b) => where(tensor([1, 0, 1, 0]), a, b), () => [randn([3, 4]), randn([3, 1])]],
    ['topk values, k = 2 of 5', (x) => topk(x, 2).values, () => [randn([3, 5])]],
    ['topk smallest along axis 0', (x) => topk(x, 2, { axis: 0, largest: false }).values, () => [randn([4, 3])]],
    ['squeeze / unsqueeze', (x) => unsqueeze(squeeze(x, 1), 0).mul(tensor([[[1, 2, 3]]])), () => [randn([2, 1, 3])]],
    ['view', (x) => x.view([3, 2]).mul(tensor([1, 2])), () => [randn([2, 3])]],
    ['clone', (x) => clone(x).mul(x), () => [randn([4])]],
  ];
  it.each(cases)('gradcheck: %s', (_name, fn, inputs) => {
    const result = gradcheck(fn, inputs());
    expect(result.ok, result.message).toBe(true);
  });

  it('gather picks x[i][index[i][j]]; scatterAdd adds where indices repeat', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(
      gather(
        x,
        1,
        index([
          [2, 0],
          [1, 1],
        ]),
      ).toArray(),
    ).toEqual([
      [3, 1],
      [5, 5],
    ]);
    expect(gather(x, 1, index([[-1], [-3]])).toArray()).toEqual([[3], [4]]);
    const y = scatterAdd(tensor([0, 0, 0]), 0, tensor([1, 1, 2]), tensor([5, 6, 7]));
    expect(y.toArray()).toEqual([0, 11, 7]);
  });

  it('where takes neither the value nor the gradient of the branch not taken', () => {
    const a = tensor([1, Infinity, 3], { requiresGrad: true });
    const b = tensor([Number.NaN, 20, 30], { requiresGrad: true });
    const y = where(tensor([1, 0, 1]), a, b);
    expect(y.toArray()).toEqual([1, 20, 3]);
    y.sum().backward();
    expect(a.grad!.toArray()).toEqual([1, 0, 1]);
    expect(b.grad!.toArray()).toEqual([0, 1, 0]);
    expect(where(tensor([0, 1]), 7, tensor([1, 2])).toArray()).toEqual([1, 7]);
  });

  it('argmax / argmin: the first of equal extremes, NaN as the extreme, flattened without an axis', () => {
    const x = tensor([
      [1, 3, 3],
      [2, 2, 0],
    ]);
    expect(argmax(x, 1).toArray()).toEqual([1, 0]);
    expect(argmin(x, 1).toArray()).toEqual([0, 2]);
    expect(argmax(x, 0, true).toArray()).toEqual([[1, 0, 0]]);
    expect(argmax(x).item()).toBe(1);
    expect(x.argmin().item()).toBe(5);
    expect(argmax(tensor([1, Number.NaN, 5]), 0).item()).toBe(1);
    expect(argmax(x, undefined, true).shape).toEqual([1, 1]);
  });

  it('topk: ordered values with indices; equal values keep index order', () => {
    const { values, indices } = topk(tensor([1, 4, 4, 2, 4]), 3);
    expect(values.toArray()).toEqual([4, 4, 4]);
    expect(indices.toArray()).toEqual([1, 2, 4]);
    expect(topk(tensor([3, 1, 2]), 2, { largest: false }).indices.toArray()).toEqual([1, 2]);
    expect(topk(tensor([3, 1, 2]), 0).values.shape).toEqual([0]);
  });

  it('numel, get and the shape helpers', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.numel()).toBe(6);
    expect(x.get(1, 2)).toBe(6);
    expect(x.get(-1, -3)).toBe(4);
    expect(squeeze(tensor([[[5]]])).shape).toEqual([]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 3, 1]);
    const c = clone(x);
    c.data[0] = 100;
    expect(x.data[0]).toBe(1);
  });
});

describe('indexing ops: bad input names the op, what was expected and what came', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  it.each([
    [() => gather(x, 1, tensor([0, 1])), /gather: expected index of rank 2 like x \[2,3\], got \[2\]/],
    [() => gather(x, 1, tensor([[3]])), /gather: expected index values in \[-3, 3\) for axis 1, got 3 at element 0/],
    [() => gather(x, 1, tensor([[0.5]])), /got 0.5 at element 0/],
    [() => gather(x, 1, tensor([[0], [1], [0]])), /gather: expected index.shape\[0\] ≤ 2/],
    [() => gather(x, 2, tensor([[0]])), /gather/],
    [() => scatterAdd(x, 0, tensor([[0, 1]]), tensor([1])), /scatterAdd: expected src at least as large as index/],
    [() => where(tensor([1, 0, 1]), x, tensor([1, 2])), /where/],
    [() => argmax(tensor([]), 0), /argmax: expected a non-empty tensor, got \[0\]/],
    [() => topk(x, 4), /topk: expected k in \[0, 3\] \(axis 1 of \[2,3\]\), got number 4/],
    [() => squeeze(x, 0), /squeeze: expected axis 0 of \[2,3\] to have extent 1, got 2/],
    [() => unsqueeze(x, 3), /unsqueeze: expected axis in \[-3, 3\) for \[2,3\], got number 3/],
    [() => x.get(0), /get: expected 2 indices for shape \[2,3\], got 1/],
    [() => x.get(0, 3), /get: expected index 1 in \[-3, 3\) for shape \[2,3\], got 3/],
  ])('%#', (fn, message) => expect(fn).toThrow(message));
});

describe.runIf(hasTorch())('indexing ops against PyTorch', () => {
  it('gather, scatter_add, where, topk, argmax on random odd shapes', () => {
    manualSeed(5);
    const x = randn([5, 7]);
    const idx = tensor(Array.from({ length: 5 }, (_, r) => Array.from({ length: 3 }, (_, c) => (r * 3 + c * 5) % 7)));
    const cond = tensor(Array.from({ length: 7 }, (_, i) => i % 2));
    const b = randn([5, 1]);
    const src = randn([5, 3]);
    const ours = {
      gather: gather(x, 1, idx).toArray(),
      scatter: scatterAdd(x, 1, idx, src).toArray(),
      where: where(cond, x, b).toArray(),
      topv: topk(x, 3).values.toArray(),
      topi: topk(x, 3).indices.toArray(),
      argmax: argmax(x, 0).toArray(),
      argmin: argmin(x, 1).toArray(),
    };
    const torch = runTorch<typeof ours>(
      [
        'x = torch.tensor(data["x"], dtype=torch.float32); i = torch.tensor(data["i"]).long()',
        'c = torch.tensor(data["c"]) != 0; b = torch.tensor(data["b"], dtype=torch.float32)',
        's = torch.tensor(data["s"], dtype=torch.float32); v, ti = torch.topk(x, 3)',
        'result = {"gather": torch.gather(x, 1, i).tolist(), "scatter": x.scatter_add(1, i, s).tolist(),',
        '  "where": torch.where(c, x, b).tolist(), "topv": v.tolist(), "topi": ti.tolist(),',
        '  "argmax": x.argmax(0).tolist(), "argmin": x.argmin(1).tolist()}',
      ].join('\n'),
      { x: x.toArray(), i: idx.toArray(), c: cond.toArray(), b: b.toArray(), s: src.toArray() },
    );
    for (const key of ['gather', 'where', 'topv', 'topi', 'argmax', 'argmin'] as const) {
      expect(ours[key], key).toEqual(torch[key]);
    }
    const flat = (v: unknown) => (v as number[][]).flat();
    flat(ours.scatter).forEach((v, i) => expect(v).toBeCloseTo(flat(torch.scatter)[i], 5));
  });
});
