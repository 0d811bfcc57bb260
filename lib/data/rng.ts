// The data pipeline's random sources, all drawn from lib/random.ts's xoshiro128** generator:
// a `seed` option gets its own stream (createGenerator(seed)), so the same seed gives the same
// shuffle, split or noise whatever else has drawn; no seed draws from the global stream that
// manualSeed(n) seeds. A caller may still pass any `random: () => number` of its own.
import { createGenerator, defaultGenerator, type Generator } from '../random.js';

/** Uniform in [0, 1) from its own generator seeded with `seed` (default 0). */
export function seededRandom(seed = 0): () => number {
  if (!Number.isFinite(seed)) throw new RangeError(`seededRandom: expected a finite seed, got ${seed}`);
  const generator = createGenerator(seed);
  return () => generator.random();
}

/**
 * The generator an API call should use: the caller's `random`; else a new generator seeded
 * from `seed`; else the global one (reproducible after manualSeed(n)).
 */
export function pickGenerator(
  op: string,
  options: { seed?: number; random?: () => number },
): Generator | (() => number) {
  if (options.random !== undefined) {
    if (typeof options.random !== 'function') {
      throw new TypeError(
        `${op}: expected random to be a function returning numbers in [0, 1), got ${typeof options.random}`,
      );
    }
    return options.random;
  }
  if (options.seed === undefined) return defaultGenerator;
  const seed = options.seed;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`${op}: expected seed to be a finite number, got ${String(seed)}`);
  }
  return createGenerator(seed);
}

/** pickGenerator as a plain uniform source. */
export function pickRandom(op: string, options: { seed?: number; random?: () => number }): () => number {
  const source = pickGenerator(op, options);
  if (typeof source === 'function') return source;
  return () => source.random();
}

/** Fisher–Yates: every permutation equally likely when random() is uniform. */
export function shuffleInPlace(values: { length: number; [i: number]: number }, random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
}

/** 0, 1, …, n − 1 in an order drawn from `source` (a generator's unbiased randomInt, or a uniform function). */
export function permutation(n: number, source: Generator | (() => number)): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (typeof source === 'function') shuffleInPlace(order, source);
  else source.shuffleInPlace(order);
  return order;
}

/** A standard normal draw (Box–Muller; 1 − u keeps log away from 0). */
export function gaussian(source: Generator | (() => number)): number {
  if (typeof source !== 'function') return source.randomNormal();
  const u = 1 - source();
  const v = source();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
