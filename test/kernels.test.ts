// The kernels issue's suite: the packed/threaded GEMM on odd sizes, the fused dense layer,
// softmax cross-entropy and the optimizer updates — on every variant, against float64
// references written here from the formulas, and native against TS.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Activation, type ActivationCode } from '../lib/backend/backend.js';
import { backend, getNumThreads, setNumThreads } from '../lib/backend/load.js';
import { tsBackend } from '../lib/backend/ts/index.js';
import { maxRelativeError, randomArray, referenceGemm, seededRandom } from './reference.js';
import { nativeVariants, useVariant, variants } from './variants.js';

const oddSizes = [1, 3, 17, 31, 33, 65, 127, 257];
const initialThreads = getNumThreads();
afterAll(() => setNumThreads(Math.max(1, initialThreads)));

describe.each(variants)('packed gemm [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  // Every odd size as m, n and k against fixed partners, so each edge-tile path runs.
  const shapes: [number, number, number][] = [];
  for (const s of oddSizes) shapes.push([s, 33, 65], [65, s, 33], [31, 17, s]);
  shapes.push([257, 127, 300], [12, 32, 192], [13, 33, 193], [200, 70, 450]);

  it.each(shapes)('m=%i n=%i k=%i: every transpose, alpha, beta', (m, n, k) => {
    const rand = seededRandom(m * 7919 + n * 31 + k);
    for (const [transA, transB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      for (const [alpha, beta] of [
        [1, 0],
        [-0.5, 1],
        [2, 0.25],
      ]) {
        const a = randomArray(rand, m * k);
        const b = randomArray(rand, k * n);
        const c = randomArray(rand, m * n);
        const want = referenceGemm(transA, transB, m, n, k, alpha, a, b, beta, c);
        if (beta === 0) c.fill(Number.NaN);
        backend().gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
        expect(maxRelativeError(c, want)).toBeLessThan(2e-5 * Math.sqrt(k + 1));
      }
    }
  });
});

describe.each(nativeVariants)('threads [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  it('2 threads give the same bits as 1 (each thread owns whole tiles)', () => {
    const rand = seededRandom(5);
    for (const [m, n, k] of [
      [257, 127, 65],
      [127, 257, 300],
      [65, 1000, 33],
      [300, 31, 200],
    ]) {
      for (const [transA, transB] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        const a = randomArray(rand, m * k);
        const b = randomArray(rand, k * n);
        const c1 = randomArray(rand, m * n);
        const c2 = c1.slice();
        setNumThreads(1);
        backend().gemm(transA, transB, m, n, k, 1.5, a, b, 0.5, c1);
        setNumThreads(2);
        expect(getNumThreads()).toBe(2);
        backend().gemm(transA, transB, m, n, k, 1.5, a, b, 0.5, c2);
        expect(c2).toEqual(c1);
      }
    }
  });

  it('setNumThreads rejects what is not an integer in [1, 256]', () => {
    for (const bad of [0, -1, 1.5, 257, Number.NaN]) {
      expect(() => setNumThreads(bad)).toThrow(/setNumThreads: expected n to be an integer in \[1, 256\]/);
    }
  });
});

const activations = Object.entries(Activation) as [string, ActivationCode][];

describe.each(variants)('fused dense [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  it.each(activations)('%s: forward (bias, pre-activation) and backward match composed TS kernels', (_, act) => {
    const rand = seededRandom(act + 11);
    for (const [m, n, k] of [
      [1, 3, 1],
      [17, 33, 31],
      [65, 17, 127],
      [128, 65, 257],
    ]) {
      const alpha = act === Activation.elu ? 1.0 : 0.01;
      const x = randomArray(rand, m * k);
      const w = randomArray(rand, n * k, 0.3);
      const b = randomArray(rand, n);
      // Reference: z = x·Wᵀ + b in float64, then the TS activation.
      const z = new Float32Array(m * n);
      const zWant = referenceGemm(false, true, m, n, k, 1, x, w, 0, z);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) zWant[i * n + j] += b[j];
      const outWant = new Float32Array(m * n);
      tsBackend.activationForward(act, alpha, Float32Array.from(zWant), outWant);

      const out = new Float32Array(m * n).fill(Number.NaN);
      const pre = new Float32Array(m * n).fill(Number.NaN);
      backend().denseForward(m, n, k, x, w, b, act, alpha, out, pre);
      expect(maxRelativeError(pre, zWant)).toBeLessThan(1e-4);
      expect(maxRelativeError(out, outWant)).toBeLessThan(1e-4);
      const outNoPre = new Float32Array(m * n);
      backend().denseForward(m, n, k, x, w, null, act, alpha, outNoPre, null);

      const dy = randomArray(rand, m * n);
      const dZ = new Float32Array(m * n);
      const dX = new Float32Array(m * k);
      const dW = new Float32Array(n * k).fill(1);
      const db = new Float32Array(n).fill(1);
      backend().denseBackward(m, n, k, x, w, pre, out, dy, act, alpha, dZ, dX, dW, db, true);
      const dZWant = new Float32Array(m * n);
      tsBackend.activationBackward(act, alpha, pre, out, dy, dZWant);
      expect(maxRelativeError(dZ, dZWant)).toBeLessThan(1e-5);
      const dWWant = referenceGemm(true, false, n, k, m, 1, dZWant, x, 1, new Float32Array(n * k).fill(1));
      const dXWant = referenceGemm(false, false, m, k, n, 1, dZWant, w, 0, dX);
      const dbWant = new Float64Array(n).fill(1);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) dbWant[j] += dZWant[i * n + j];
      expect(maxRelativeError(dW, dWWant)).toBeLessThan(1e-4);
      expect(maxRelativeError(dX, dXWant)).toBeLessThan(1e-4);
      expect(maxRelativeError(db, dbWant)).toBeLessThan(1e-4);
    }
  });
});

function refSoftmaxCrossEntropy(rows: number, cols: number, logits: Float32Array, targets: Float32Array) {
  const probs = new Float64Array(rows * cols);
  const losses = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) max = Math.max(max, logits[r * cols + j]);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(logits[r * cols + j] - max);
    for (let j = 0; j < cols; j++) probs[r * cols + j] = Math.exp(logits[r * cols + j] - max) / sum;
    losses[r] = -Math.log(probs[r * cols + targets[r]]);
  }
  return { probs, losses };
}

describe.each(variants)('softmax cross-entropy [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  it.each([
    [1, 1],
    [3, 10],
    [17, 3],
    [33, 257],
  ])('rows=%i cols=%i: forward and backward match the float64 formula', (rows, cols) => {
    const rand = seededRandom(rows * 100 + cols);
    const logits = randomArray(rand, rows * cols, 5);
    const targets = new Float32Array(rows);
    for (let r = 0; r < rows; r++) targets[r] = Math.floor(rand() * cols);
    const probs = new Float32Array(rows * cols);
    const losses = new Float32Array(rows);
    backend().softmaxCrossEntropyForward(rows, cols, logits, targets, probs, losses);
    const want = refSoftmaxCrossEntropy(rows, cols, logits, targets);
    expect(maxRelativeError(probs, want.probs)).toBeLessThan(1e-6);
    expect(maxRelativeError(losses, want.losses)).toBeLessThan(1e-5);
    const dLoss = randomArray(rand, rows);
    const dLogits = new Float32Array(rows * cols);
    backend().softmaxCrossEntropyBackward(rows, cols, probs, targets, dLoss, dLogits);
    const dWant = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++)
        dWant[r * cols + j] = dLoss[r] * (want.probs[r * cols + j] - (j === targets[r] ? 1 : 0));
    }
    expect(maxRelativeError(dLogits, dWant)).toBeLessThan(1e-6);
  });

  it('stays finite for logits of ±1000 (the loss of a confident wrong answer is its margin)', () => {
    const logits = new Float32Array([1000, -1000, 0, -1000, 1000, 0]);
    const targets = new Float32Array([1, 1]);
    const probs = new Float32Array(6);
    const losses = new Float32Array(2);
    backend().softmaxCrossEntropyForward(2, 3, logits, targets, probs, losses);
    expect(Array.from(losses)).toEqual([2000, 0]);
    expect(probs[0]).toBe(1);
  });

  it('names a target that is no class index', () => {
    const probs = new Float32Array(6);
    for (const bad of [3, -1, 1.5, Number.NaN]) {
      expect(() =>
        backend().softmaxCrossEntropyForward(
          2,
          3,
          new Float32Array(6),
          new Float32Array([0, bad]),
          probs,
          new Float32Array(2),
        ),
      ).toThrow(/softmaxCrossEntropyForward: expected targets\[1\] to be a class index in \[0, 3\), got/);
    }
  });
});

// torch.optim.SGD, written out per element in float64 from its documented pseudo-code.
function refSgd(
  param: number[],
  grad: number[],
  buf: number[],
  lr: number,
  mu: number,
  tau: number,
  wd: number,
  nesterov: boolean,
  first: boolean,
) {
  return param.map((p, i) => {
    let g = grad[i] + wd * p;
    if (mu !== 0) {
      buf[i] = first ? g : mu * buf[i] + (1 - tau) * g;
      g = nesterov ? g + mu * buf[i] : buf[i];
    }
    return p - lr * g;
  });
}

// torch.optim.Adam / AdamW pseudo-code.
function refAdam(
  param: number[],
  grad: number[],
  m: number[],
  v: number[],
  lr: number,
  b1: number,
  b2: number,
  eps: number,
  wd: number,
  decoupled: boolean,
  t: number,
) {
  return param.map((p0, i) => {
    let p = p0;
    let g = grad[i];
    if (decoupled) p *= 1 - lr * wd;
    else g += wd * p0;
    m[i] = b1 * m[i] + (1 - b1) * g;
    v[i] = b2 * v[i] + (1 - b2) * g * g;
    const mHat = m[i] / (1 - b1 ** t);
    const vHat = v[i] / (1 - b2 ** t);
    return p - (lr * mHat) / (Math.sqrt(vHat) + eps);
  });
}

describe.each(variants)('optimizer updates [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  it.each([
    [0, 0, 0, false],
    [0.9, 0, 0, false],
    [0.9, 0.1, 1e-2, false],
    [0.9, 0, 1e-2, true],
  ])('sgd momentum=%f dampening=%f weightDecay=%f nesterov=%s: three steps as torch', (mu, tau, wd, nesterov) => {
    const rand = seededRandom(17);
    // Every vector tail of the per-ISA loops (4, 8 and 16 lanes, and GCC's narrower epilogues).
    for (const n of [1, 7, 17, 31, 33, 65, 127]) {
      const param = randomArray(rand, n);
      const velocity = mu === 0 ? null : new Float32Array(n);
      let p = Array.from(param);
      const buf = new Array<number>(n).fill(0);
      for (let step = 0; step < 3; step++) {
        const grad = randomArray(rand, n);
        backend().sgdUpdate(param, grad, velocity, 0.1, mu, tau, wd, nesterov, step === 0);
        p = refSgd(p, Array.from(grad), buf, 0.1, mu, tau, wd, nesterov, step === 0);
        expect(maxRelativeError(param, p)).toBeLessThan(1e-6);
      }
    }
  });

  it.each([
    [0, false],
    [1e-2, false],
    [1e-2, true],
  ])('adam weightDecay=%f decoupled=%s: three steps as torch', (wd, decoupled) => {
    const rand = seededRandom(23);
    for (const n of [1, 7, 17, 31, 33, 65, 127]) {
      const param = randomArray(rand, n);
      const m = new Float32Array(n);
      const v = new Float32Array(n);
      let p = Array.from(param);
      const mRef = new Array<number>(n).fill(0);
      const vRef = new Array<number>(n).fill(0);
      for (let step = 1; step <= 3; step++) {
        const grad = randomArray(rand, n);
        backend().adamUpdate(param, grad, m, v, 1e-3, 0.9, 0.999, 1e-8, wd, decoupled, step);
        p = refAdam(p, Array.from(grad), mRef, vRef, 1e-3, 0.9, 0.999, 1e-8, wd, decoupled, step);
        expect(maxRelativeError(param, p)).toBeLessThan(1e-6);
        expect(maxRelativeError(m, mRef)).toBeLessThan(1e-6);
      }
    }
  });

  it('first Adam step moves every weight by lr against the gradient sign', () => {
    const param = new Float32Array([1, 1, 1]);
    backend().adamUpdate(
      param,
      new Float32Array([2, -3, 0.5]),
      new Float32Array(3),
      new Float32Array(3),
      0.1,
      0.9,
      0.999,
      0,
      0,
      false,
      1,
    );
    expect(Array.from(param).map((x) => Math.round(x * 1e5) / 1e5)).toEqual([0.9, 1.1, 0.9]);
  });
});
