// Tensor, factories and the seeded generator.
import { describe, expect, it } from 'vitest';
import {
  arange,
  createGenerator,
  eye,
  full,
  getRngState,
  manualSeed,
  ones,
  onesLike,
  rand,
  randn,
  random,
  randomInt,
  randomNormal,
  setRngState,
  shuffleInPlace,
  tensor,
  zeros,
  zerosLike,
} from '../../lib/index.js';

describe('Tensor and factories', () => {
  it('builds from numbers, nested arrays and Float32Arrays', () => {
    const s = tensor(3.5);
    expect(s.shape).toEqual([]);
    expect(s.ndim).toBe(0);
    expect(s.item()).toBe(3.5);
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.shape).toEqual([2, 3]);
    expect(m.size).toBe(6);
    expect(m.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const src = new Float32Array([1, 2, 3, 4]);
    const f = tensor(src, { shape: [2, 2], requiresGrad: true, name: 'w' });
    expect(f.shape).toEqual([2, 2]);
    expect(f.requiresGrad).toBe(true);
    expect(f.name).toBe('w');
    src[0] = 99; // the tensor owns a copy
    expect(f.data[0]).toBe(1);
  });

  it('prints readably', () => {
    expect(String(tensor(-12))).toBe('tensor(-12)');
    expect(String(tensor([0.5, 1 / 3], { requiresGrad: true }))).toBe('tensor([0.5, 0.3333], requiresGrad=true)');
    expect(String(tensor([[1, 2]]).mul(tensor(2, { requiresGrad: true })))).toBe(
      'tensor([[2, 4]], shape=[1,2], gradFn=<mul>)',
    );
    expect(String(arange(10))).toBe('tensor([0, 1, 2, ..., 7, 8, 9])');
  });

  it('has the usual fills', () => {
    expect(zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(Array.from(ones([3]).data)).toEqual([1, 1, 1]);
    expect(Array.from(full([2], 7).data)).toEqual([7, 7]);
    expect(eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(Array.from(arange(1, 2, 0.25).data)).toEqual([1, 1.25, 1.5, 1.75]);
    expect(Array.from(arange(3, 0, -1).data)).toEqual([3, 2, 1]);
    const t = tensor([[1, 2]]);
    expect(zerosLike(t).shape).toEqual([1, 2]);
    expect(onesLike(t).data[1]).toBe(1);
    expect(zeros([0, 3]).size).toBe(0);
  });

  it('rejects bad values and shapes, naming the factory', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(
      /tensor: expected a rectangular nested array of shape \[2,2\], but value\[1\] is an Array\(1\)/,
    );
    expect(() => tensor([1, 'a' as unknown as number])).toThrow(
      /tensor: expected a number at value\[1\], got the string 'a'/,
    );
    expect(() => tensor('x' as never)).toThrow(/tensor: expected a number, nested arrays/);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/tensor: expected 4 values for shape \[2,2\], got 3/);
    expect(() => zeros([2, Number.NaN])).toThrow(
      /zeros: expected shape to be an array of non-negative integers, got \[2,NaN\]/,
    );
    expect(() => randn([-1])).toThrow(/randn: expected shape/);
    expect(() => arange(0, 1, 0)).toThrow(/arange: expected a non-zero step/);
    expect(() => arange(0, Number.POSITIVE_INFINITY)).toThrow(/arange: expected end to be a finite number/);
    expect(() => tensor([1, 2]).item()).toThrow(/item: expected a tensor with one element, got shape \[2\]/);
  });
});

describe('random (xoshiro128**)', () => {
  it('is reproducible from a seed, and different seeds differ', () => {
    manualSeed(42);
    const a = Array.from(randn([8]).data);
    manualSeed(42);
    const b = Array.from(randn([8]).data);
    manualSeed(43);
    const c = Array.from(randn([8]).data);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('resumes bit for bit from a JSON round trip of its state', () => {
    manualSeed(7);
    randomNormal(); // leaves a spare normal in the state
    const state = JSON.parse(JSON.stringify(getRngState()));
    const want = [random(), randomNormal(), randomNormal(), randomInt(1000)];
    manualSeed(123);
    setRngState(state);
    expect([random(), randomNormal(), randomNormal(), randomInt(1000)]).toEqual(want);
    expect(() => setRngState({ s: [1, 2, 3], spareNormal: null } as never)).toThrow(/setRngState: expected/);
  });

  it('draws from the right distributions', () => {
    manualSeed(1);
    const u = rand([20000]).data;
    const n = randn([20000]).data;
    let uMean = 0;
    let nMean = 0;
    let nVar = 0;
    for (let i = 0; i < u.length; i++) {
      expect(u[i] >= 0 && u[i] < 1).toBe(true);
      uMean += u[i] / u.length;
      nMean += n[i] / n.length;
    }
    for (let i = 0; i < n.length; i++) nVar += (n[i] - nMean) ** 2 / n.length;
    expect(uMean).toBeCloseTo(0.5, 1);
    expect(nMean).toBeCloseTo(0, 1);
    expect(nVar).toBeCloseTo(1, 1);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 5000; i++) counts[randomInt(5)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
    expect(() => randomInt(0)).toThrow(/randomInt: expected an integer n in \[1, 2\^32\], got 0/);
  });

  it('shuffles into a permutation, reproducibly', () => {
    manualSeed(5);
    const a = shuffleInPlace(Array.from({ length: 50 }, (_, i) => i));
    manualSeed(5);
    const b = shuffleInPlace(new Int32Array(50).map((_, i) => i));
    expect(Array.from(b)).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('createGenerator(s) is an independent stream of the same algorithm as manualSeed(s)', () => {
    manualSeed(11);
    const want = [random(), randomNormal(), randomNormal(), randomInt(97), random()];
    manualSeed(3);
    const globalBefore = getRngState();
    const g = createGenerator(11);
    expect([g.random(), g.randomNormal(), g.randomNormal(), g.randomInt(97), g.random()]).toEqual(want);
    expect(getRngState()).toEqual(globalBefore); // the global stream neither read nor advanced
    // its state round-trips like the global one, spare normal included
    g.randomNormal();
    const state = JSON.parse(JSON.stringify(g.getState()));
    const next = [g.randomNormal(), g.random(), Array.from(g.shuffleInPlace(new Int32Array(8).map((_, i) => i)))];
    const h = createGenerator(999);
    h.setState(state);
    expect([h.randomNormal(), h.random(), Array.from(h.shuffleInPlace(new Int32Array(8).map((_, i) => i)))]).toEqual(
      next,
    );
    expect(() => h.setState({ s: [0, 0, 0, -1], spareNormal: null })).toThrow(/Generator.setState: expected/);
    expect(() => createGenerator(Number.NaN)).toThrow('createGenerator: expected a finite number, got NaN');
  });
});
