// The library's one random generator: xoshiro128** (Blackman & Vigna), 128-bit state,
// seeded through splitmix32. Every random draw in chainrule comes from here, so
// manualSeed(n) makes a run reproducible on either backend, and getRngState()/setRngState()
// let a checkpoint resume the stream bit for bit. `createGenerator(seed)` gives an
// independent stream of the same algorithm (the data pipeline's `seed` options use one), so
// a seeded shuffle neither consumes nor depends on the global stream.

export interface RngState {
  /** The four 32-bit words of xoshiro128**'s state. */
  s: [number, number, number, number];
  /** Box–Muller draws normals in pairs; the unused second one waits here. */
  spareNormal: number | null;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function checkSeed(op: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`${op}: expected a finite number, got ${String(seed)}`);
  }
  return seed;
}

function checkState(op: string, state: RngState): void {
  const ok =
    state !== null &&
    typeof state === 'object' &&
    Array.isArray(state.s) &&
    state.s.length === 4 &&
    state.s.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) &&
    (state.spareNormal === null || typeof state.spareNormal === 'number');
  if (!ok) {
    throw new TypeError(
      `${op}: expected { s: four uint32 words, spareNormal: number | null }, got ${JSON.stringify(state)}`,
    );
  }
}

/** One xoshiro128** stream. The words live as int32 in four fields (no array on the hot path). */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Reseeds; any finite number works (it is reduced to 32 bits, the sign kept as a bit). */
  seed(seed: number, op = 'Generator.seed'): void {
    checkSeed(op, seed);
    // splitmix32 spreads even small seeds (0, 1, 2) over the whole state
    let x = (Math.trunc(seed) ^ (seed < 0 ? 0x80000000 : 0)) >>> 0;
    const words = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      words[i] = (z ^ (z >>> 16)) | 0; // held as int32, like every later state
    }
    [this.s0, this.s1, this.s2, this.s3] = words;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
    this.spareNormal = null;
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 24 random bits, so it stays < 1 when stored as float32. */
  random(): number {
    return (this.nextUint32() >>> 8) * 2 ** -24;
  }

  /** Standard normal N(0, 1) by Box–Muller, from two uniforms with 53 bits each. */
  randomNormal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    const u1 = 1 - this.random53(); // in (0, 1]: log(u1) is finite
    const u2 = this.random53();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  private random53(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992; // 2^26, 2^53
  }

  /** Uniform integer in [0, n), unbiased (rejection on the 32-bit output). */
  randomInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) {
      throw new RangeError(`randomInt: expected an integer n in [1, 2^32], got ${String(n)}`);
    }
    const limit = 2 ** 32 - (2 ** 32 % n); // accept below the largest multiple of n
    for (;;) {
      const v = this.nextUint32();
      if (v < limit) return v % n;
    }
  }

  /** Fisher–Yates shuffle, in place; returns the same array. */
  shuffleInPlace<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.randomInt(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A plain, JSON-able copy of the state. */
  getState(): RngState {
    return { s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.spareNormal };
  }

  setState(state: RngState, op = 'Generator.setState'): void {
    checkState(op, state);
    [this.s0, this.s1, this.s2, this.s3] = state.s.map((w) => w | 0); // the words live as int32
    this.spareNormal = state.spareNormal;
  }
}

/** An independent generator seeded with `seed`; the global stream is left untouched. */
export function createGenerator(seed: number): Generator {
  checkSeed('createGenerator', seed);
  return new Generator(seed);
}

/** The global stream behind manualSeed and every draw that is not given its own generator. */
export const defaultGenerator = new Generator(0);

/** The next 32-bit output of the global stream, as an unsigned integer. */
export function nextUint32(): number {
  return defaultGenerator.nextUint32();
}

/** Seeds the global generator; any finite number works (reduced to 32 bits, the sign kept as a bit). */
export function manualSeed(seed: number): void {
  defaultGenerator.seed(seed, 'manualSeed');
}

/** Uniform in [0, 1) with 24 random bits, so it stays < 1 when stored as float32. */
export function random(): number {
  return defaultGenerator.random();
}

/** Standard normal N(0, 1) by Box–Muller, from two uniforms with 53 bits each. */
export function randomNormal(): number {
  return defaultGenerator.randomNormal();
}

/** Uniform integer in [0, n), unbiased (rejection on the 32-bit output). */
export function randomInt(n: number): number {
  return defaultGenerator.randomInt(n);
}

/** Fisher–Yates shuffle of the global stream, in place; returns the same array. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(array: T): T {
  return defaultGenerator.shuffleInPlace(array);
}

/** A plain, JSON-able copy of the global generator's state. */
export function getRngState(): RngState {
  return defaultGenerator.getState();
}

export function setRngState(state: RngState): void {
  defaultGenerator.setState(state, 'setRngState');
}
