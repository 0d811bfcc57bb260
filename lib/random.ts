// The library's one random generator: xoshiro128** (Blackman & Vigna), 128-bit state,
// seeded through splitmix32. Every random draw in chainrule comes from here, so
// manualSeed(n) makes a run reproducible on either backend, and getRngState()/setRngState()
// let a checkpoint resume the stream bit for bit.

export interface RngState {
  /** The four 32-bit words of xoshiro128**'s state. */
  s: [number, number, number, number];
  /** Box–Muller draws normals in pairs; the unused second one waits here. */
  spareNormal: number | null;
}

let s0 = 0;
let s1 = 0;
let s2 = 0;
let s3 = 0;
let spareNormal: number | null = null;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The next 32-bit output, as an unsigned integer. */
export function nextUint32(): number {
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  return result;
}

/** Seeds the generator; any finite number works (it is reduced to 32 bits, the sign kept as a bit). */
export function manualSeed(seed: number): void {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`manualSeed: expected a finite number, got ${String(seed)}`);
  }
  // splitmix32 spreads even small seeds (0, 1, 2) over the whole state
  let x = (Math.trunc(seed) ^ (seed < 0 ? 0x80000000 : 0)) >>> 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    words.push((z ^ (z >>> 16)) >>> 0);
  }
  [s0, s1, s2, s3] = words;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  spareNormal = null;
}

/** Uniform in [0, 1) with 24 random bits, so it stays < 1 when stored as float32. */
export function random(): number {
  return (nextUint32() >>> 8) * 2 ** -24;
}

/** Standard normal N(0, 1) by Box–Muller, from two uniforms with 53 bits each. */
export function randomNormal(): number {
  if (spareNormal !== null) {
    const z = spareNormal;
    spareNormal = null;
    return z;
  }
  const u1 = 1 - random53(); // in (0, 1]: log(u1) is finite
  const u2 = random53();
  const radius = Math.sqrt(-2 * Math.log(u1));
  const angle = 2 * Math.PI * u2;
  spareNormal = radius * Math.sin(angle);
  return radius * Math.cos(angle);
}

function random53(): number {
  const hi = nextUint32() >>> 5; // 27 bits
  const lo = nextUint32() >>> 6; // 26 bits
  return (hi * 67108864 + lo) / 9007199254740992; // 2^26, 2^53
}

/** Uniform integer in [0, n), unbiased (rejection on the 32-bit output). */
export function randomInt(n: number): number {
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) {
    throw new RangeError(`randomInt: expected an integer n in [1, 2^32], got ${String(n)}`);
  }
  const limit = 2 ** 32 - (2 ** 32 % n); // accept below the largest multiple of n
  for (;;) {
    const v = nextUint32();
    if (v < limit) return v % n;
  }
}

/** Fisher–Yates shuffle, in place; returns the same array. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(array: T): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}

/** A plain, JSON-able copy of the generator's state. */
export function getRngState(): RngState {
  return { s: [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0], spareNormal };
}

export function setRngState(state: RngState): void {
  const ok =
    state !== null &&
    typeof state === 'object' &&
    Array.isArray(state.s) &&
    state.s.length === 4 &&
    state.s.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) &&
    (state.spareNormal === null || typeof state.spareNormal === 'number');
  if (!ok) {
    throw new TypeError(
      `setRngState: expected { s: four uint32 words, spareNormal: number | null }, got ${JSON.stringify(state)}`,
    );
  }
  [s0, s1, s2, s3] = state.s.map((w) => w | 0); // the words live as int32
  spareNormal = state.spareNormal;
}

manualSeed(0);
