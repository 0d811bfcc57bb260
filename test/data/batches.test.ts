import { describe, expect, it } from 'vitest';
import { batchCount, batches, batchesFromAsync, checkBatchSize, type Sample } from '../../lib/data/batches.js';
import { fromArrays, type Matrix } from '../../lib/data/matrix.js';
import { seededRandom } from '../../lib/data/rng.js';
import { getRngState, manualSeed } from '../../lib/random.js';

/** x row i = [i, 10·i], y row i = [i]: every batch can be checked against its indices. */
function data(n: number): { x: Matrix; y: Matrix } {
  return {
    x: fromArrays(Array.from({ length: n }, (_, i) => [i, 10 * i])),
    y: fromArrays(Array.from({ length: n }, (_, i) => i)),
  };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

describe('batches', () => {
  it('yields batches in order with a short last batch', () => {
    const { x, y } = data(10);
    const list = [...batches(x, y, { batchSize: 4 })];
    expect(list.map((b) => Array.from(b.indices))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(list[2].x.shape).toEqual([2, 2]);
    expect(Array.from(list[2].x.data)).toEqual([8, 80, 9, 90]);
    expect(Array.from(list[2].y.data)).toEqual([8, 9]);
    expect(list.length).toBe(batchCount(10, 4));
  });

  it('dropLast drops the short batch', () => {
    const { x, y } = data(10);
    const list = [...batches(x, y, { batchSize: 4, dropLast: true })];
    expect(list.map((b) => b.x.shape[0])).toEqual([4, 4]);
    expect(list.length).toBe(batchCount(10, 4, true));
  });

  it('batchSize = n is full-batch, batchSize = 1 is one sample per step', () => {
    const { x, y } = data(5);
    expect([...batches(x, y, { batchSize: 5 })]).toHaveLength(1);
    expect([...batches(x, y, { batchSize: 100 })]).toHaveLength(1);
    expect([...batches(x, y, { batchSize: 1 })].map((b) => b.y.data[0])).toEqual([0, 1, 2, 3, 4]);
  });

  it('shuffles into a permutation that keeps x and y rows together', () => {
    const { x, y } = data(50);
    const list = [...batches(x, y, { batchSize: 8, shuffle: true, seed: 3 })];
    const seen = list.flatMap((b) => Array.from(b.indices));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(seen).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    for (const b of list) {
      for (let r = 0; r < b.indices.length; r++) {
        expect(b.y.data[r]).toBe(b.indices[r]);
        expect(b.x.data[2 * r + 1]).toBe(10 * b.indices[r]);
      }
    }
  });

  it('the same seed gives the same order, another seed another order', () => {
    const { x, y } = data(30);
    const order = (opts: { seed?: number; random?: () => number }) =>
      [...batches(x, y, { batchSize: 30, shuffle: true, ...opts })][0].indices;
    expect(order({ seed: 1 })).toEqual(order({ seed: 1 }));
    expect(order({ seed: 1 })).not.toEqual(order({ seed: 2 }));
    // no seed: the order comes from the global generator, so manualSeed(n) reproduces it
    manualSeed(4);
    const unseeded = order({});
    manualSeed(4);
    expect(order({})).toEqual(unseeded);
    expect(order({})).not.toEqual(unseeded);
    // a seed is its own stream: it neither reads nor advances the global one
    manualSeed(4);
    const before = getRngState();
    expect(order({ seed: 4 })).toEqual(order({ seed: 4 }));
    expect(getRngState()).toEqual(before);
  });

  it('a long-lived random gives a new order each epoch, reproducibly', () => {
    const { x, y } = data(20);
    const epochs = (seed: number) => {
      const random = seededRandom(seed);
      return [0, 1].map(() => Array.from([...batches(x, y, { batchSize: 20, shuffle: true, random })][0].indices));
    };
    const [a, b] = epochs(9);
    expect(a).not.toEqual(b);
    expect(epochs(9)).toEqual([a, b]);
  });

  it.each([0, -1, 2.5, Number.NaN, '4'])('rejects batchSize %s', (batchSize) => {
    const { x, y } = data(4);
    const text = typeof batchSize === 'string' ? "a string ('4')" : String(batchSize);
    expect(() => batches(x, y, { batchSize: batchSize as number })).toThrow(
      `batches: expected batchSize to be a positive integer, got ${text}`,
    );
  });

  it('checks its arguments when called, before the first batch', () => {
    const { x, y } = data(4);
    expect(() => batches(x, fromArrays([1, 2, 3]), { batchSize: 2 })).toThrow(
      'batches: x has 4 rows but y has 3; expected one target row per sample',
    );
    expect(() => batches(x, y, { batchSize: 5, dropLast: true })).toThrow(
      'batches: dropLast with batchSize 5 > 4 samples would yield no batches',
    );
    const nan = { data: Float32Array.of(0, 1, Number.NaN, 3), shape: [4, 1] as [number, number] };
    expect(() => batches(x, nan, { batchSize: 2 })).toThrow(
      'batches: y row 2, column 0 is NaN, expected a finite number',
    );
    expect(() => batches([[1]] as unknown as Matrix, y, { batchSize: 2 })).toThrow(
      'batches: expected x to be a Tensor or matrix { data: Float32Array, shape: [rows, cols] }, got an Array(1)',
    );
    const empty = { data: new Float32Array(0), shape: [0, 2] as [number, number] };
    expect(() => batches(empty, { data: new Float32Array(0), shape: [0, 1] }, { batchSize: 2 })).toThrow(
      'batches: empty dataset (0 rows)',
    );
    expect(() => batches(x, y, { batchSize: 2, shuffle: true, random: 5 as unknown as () => number })).toThrow(
      'batches: expected random to be a function returning numbers in [0, 1), got number',
    );
  });

  it('checkBatchSize returns a good size', () => {
    expect(checkBatchSize('fit', 32)).toBe(32);
    expect(() => checkBatchSize('fit', undefined)).toThrow(
      'fit: expected batchSize to be a positive integer, got undefined',
    );
  });
});

describe('batchesFromAsync', () => {
  async function* source(n: number): AsyncGenerator<Sample> {
    for (let i = 0; i < n; i++) yield { x: [i, -i, 2 * i], y: i % 2 };
  }

  it('groups an async stream into batches', async () => {
    const list = await collect(batchesFromAsync(source(7), { batchSize: 3 }));
    expect(list.map((b) => b.x.shape)).toEqual([
      [3, 3],
      [3, 3],
      [1, 3],
    ]);
    expect(Array.from(list[1].x.data)).toEqual([3, -3, 6, 4, -4, 8, 5, -5, 10]);
    expect(list[1].y.shape).toEqual([3, 1]);
    expect(Array.from(list[1].y.data)).toEqual([1, 0, 1]);
    // batches are independent copies, not views of a reused buffer
    expect(Array.from(list[0].x.data)).toEqual([0, -0, 0, 1, -1, 2, 2, -2, 4]);
  });

  it('takes plain iterables, typed-array samples and multi-column targets; dropLast', async () => {
    const samples = [0, 1, 2, 3, 4].map((i) => ({ x: Float32Array.of(i), y: [i, i * i] }));
    const list = await collect(batchesFromAsync(samples, { batchSize: 2, dropLast: true }));
    expect(list).toHaveLength(2);
    expect(list[1].y.shape).toEqual([2, 2]);
    expect(Array.from(list[1].y.data)).toEqual([2, 4, 3, 9]);
  });

  it('names the bad sample (and its CSV line)', async () => {
    const ragged = [
      { x: [1, 2], y: 0 },
      { x: [1, 2, 3], y: 0, line: 7 },
    ];
    await expect(collect(batchesFromAsync(ragged, { batchSize: 4 }))).rejects.toThrow(
      'batchesFromAsync: sample 1 (line 7): x has 3 values, expected 2',
    );
    const nan = [
      { x: [1, 2], y: 0 },
      { x: [1, 2], y: Number.NaN },
    ];
    await expect(collect(batchesFromAsync(nan, { batchSize: 4 }))).rejects.toThrow(
      'batchesFromAsync: sample 1: y[0] is NaN, expected a finite number',
    );
    const inf = [{ x: [1, Number.POSITIVE_INFINITY], y: 0 }];
    await expect(collect(batchesFromAsync(inf, { batchSize: 4 }))).rejects.toThrow(
      'batchesFromAsync: sample 0: x[1] is Infinity, expected a finite number',
    );
    await expect(collect(batchesFromAsync([null as unknown as Sample], { batchSize: 1 }))).rejects.toThrow(
      'batchesFromAsync: sample 0: expected an object { x, y }, got null',
    );
    await expect(collect(batchesFromAsync([{ x: 'ab', y: 1 } as unknown as Sample], { batchSize: 1 }))).rejects.toThrow(
      "batchesFromAsync: sample 0: expected x to be a number or an array of numbers, got a string ('ab')",
    );
  });

  it('rejects a first sample without features', async () => {
    await expect(collect(batchesFromAsync([{ x: [], y: 1 }], { batchSize: 1 }))).rejects.toThrow(
      'batchesFromAsync: sample 0: x has no values',
    );
  });

  it('rejects an empty source, and dropLast leaving nothing', async () => {
    await expect(collect(batchesFromAsync(source(0), { batchSize: 2 }))).rejects.toThrow(
      'batchesFromAsync: empty dataset (the source yielded no samples)',
    );
    await expect(collect(batchesFromAsync(source(3), { batchSize: 4, dropLast: true }))).rejects.toThrow(
      'batchesFromAsync: dropLast with batchSize 4 > 3 samples yielded no batches',
    );
  });

  it('checks batchSize and the source when called', () => {
    expect(() => batchesFromAsync(source(3), { batchSize: 0 })).toThrow(
      'batchesFromAsync: expected batchSize to be a positive integer, got 0',
    );
    expect(() => batchesFromAsync(42 as unknown as Sample[], { batchSize: 1 })).toThrow(
      'batchesFromAsync: expected an async iterable or iterable of { x, y } samples, got 42',
    );
  });

  it('holds one batch at a time: the source is pulled lazily', async () => {
    let pulled = 0;
    async function* counting() {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield { x: [i], y: 0 };
      }
    }
    const it = batchesFromAsync(counting(), { batchSize: 10 });
    await it.next();
    expect(pulled).toBe(10);
    await it.return(undefined);
  });
});
