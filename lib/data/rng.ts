// The data pipeline's own small seeded generator. Shuffles, splits and generated data sets
// take a `random: () => number` so the library-wide generator can be passed in; when none
// is given they fall back to `seededRandom(seed)` so a run is reproducible by default.

/** Uniform in [0, 1) from a 32-bit seed (mulberry32: one multiply-xorshift round per draw). */
export function seededRandom(seed = 0): () => number {
  if (!Number.isFinite(seed)) throw new RangeError(`seededRandom: expected a finite seed, got ${seed}`);
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator an API call should use: the caller's `random`, else one seeded from `seed` (default 0). */
export function pickRandom(op: string, options: { seed?: number; random?: () => number }): () => number {
  if (options.random !== undefined) {
    if (typeof options.random !== 'function') {
      throw new TypeError(
        `${op}: expected random to be a function returning numbers in [0, 1), got ${typeof options.random}`,
      );
    }
    return options.random;
  }
  const seed = options.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`${op}: expected seed to be a finite number, got ${String(seed)}`);
  }
  return seededRandom(seed);
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

/** 0, 1, …, n − 1 in an order drawn by `random`. */
export function permutation(n: number, random: () => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, random);
  return order;
}

/** A standard normal draw (Box–Muller; 1 − u keeps log away from 0). */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
