// The addon's new entry points called directly: the softmax family (whose TS versions live
// in lib/backend/ts/softmax.ts once the engine lands; a float64 reference here), and every
// argument error naming the op, what it expected and what came.
import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../lib/backend/load.js';
import { nativeVariants, randomArray, seededRandom, useVariant } from './variants.js';

type Fn = (...args: unknown[]) => unknown;
const requireHere = createRequire(__filename);
const addon: Record<string, Fn> | null =
  nativeVariants.length > 0
    ? (requireHere((requireHere('node-gyp-build') as { resolve(dir: string): string }).resolve(packageRoot)) as Record<
        string,
        Fn
      >)
    : null;

function refSoftmax(rows: number, cols: number, x: Float32Array, log: boolean): Float64Array {
  const y = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) max = Math.max(max, x[r * cols + j]);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(x[r * cols + j] - max);
    for (let j = 0; j < cols; j++) {
      const z = x[r * cols + j] - max;
      y[r * cols + j] = log ? z - Math.log(sum) : Math.exp(z) / sum;
    }
  }
  return y;
}

function maxError(got: Float32Array, want: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
  return worst;
}

describe.each(nativeVariants)('addon softmax family [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  it.each([
    [1, 1],
    [3, 17],
    [31, 33],
    [2, 257],
  ])('rows=%i cols=%i: forward and backward match float64', (rows, cols) => {
    const a = addon!;
    const rand = seededRandom(rows * 31 + cols);
    const x = randomArray(rand, rows * cols, 8);
    const dy = randomArray(rand, rows * cols);
    const y = new Float32Array(rows * cols);
    const ls = new Float32Array(rows * cols);
    a.softmaxForward(rows, cols, x, y);
    a.logSoftmaxForward(rows, cols, x, ls);
    const wantY = refSoftmax(rows, cols, x, false);
    expect(maxError(y, wantY)).toBeLessThan(1e-6);
    expect(maxError(ls, refSoftmax(rows, cols, x, true))).toBeLessThan(1e-5);
    const dx = new Float32Array(rows * cols);
    const dxLog = new Float32Array(rows * cols);
    a.softmaxBackward(rows, cols, y, dy, dx);
    a.logSoftmaxBackward(rows, cols, ls, dy, dxLog);
    const wantDx = new Float64Array(rows * cols);
    const wantDxLog = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        dot += dy[r * cols + j] * wantY[r * cols + j];
        sum += dy[r * cols + j];
      }
      for (let j = 0; j < cols; j++) {
        wantDx[r * cols + j] = wantY[r * cols + j] * (dy[r * cols + j] - dot);
        wantDxLog[r * cols + j] = dy[r * cols + j] - wantY[r * cols + j] * sum;
      }
    }
    expect(maxError(dx, wantDx)).toBeLessThan(1e-5);
    expect(maxError(dxLog, wantDxLog)).toBeLessThan(1e-5);
  });
});

// Defined only where the addon loads (the TS-only fallback run has nothing to call).
if (addon !== null) {
  describe('addon argument errors', () => {
    const f = (n: number) => new Float32Array(n);
    const cases: [string, unknown[], RegExp][] = [
      ['softmaxForward', [2, 3, f(6)], /^softmaxForward: expected 4 arguments, got 3$/],
      [
        'softmaxForward',
        [2, 3, f(5), f(6)],
        /^softmaxForward: expected x to be a Float32Array of length rows\*cols = 6, got Float32Array\(5\)$/,
      ],
      ['softmaxForward', [2, 3, new Float64Array(6), f(6)], /got Float64Array\(6\)$/],
      [
        'softmaxForward',
        [-1, 3, f(6), f(6)],
        /^softmaxForward: expected rows to be an integer in \[0, 2\^31\], got number -1$/,
      ],
      [
        'softmaxBackward',
        [2, 3, f(6), f(6), 'dx'],
        /^softmaxBackward: expected dx to be a Float32Array .* got a string$/,
      ],
      ['logSoftmaxBackward', [1, 4, f(4), f(4), null], /^logSoftmaxBackward: expected dx/],
      [
        'softmaxCrossEntropyForward',
        [2, 3, f(6), new Float32Array([0, 3]), f(6), f(2)],
        /expected targets\[1\] to be a class index in \[0, 3\), got 3$/,
      ],
      [
        'softmaxCrossEntropyBackward',
        [2, 3, f(6), f(2), f(3), f(6)],
        /expected dLoss to be a Float32Array of length rows = 2, got Float32Array\(3\)$/,
      ],
      [
        'sgdUpdate',
        [f(3), f(3), null, 0.1, 0.9, 0, 0, false, false],
        /^sgdUpdate: expected velocity .* when momentum != 0, got null$/,
      ],
      [
        'sgdUpdate',
        [f(3), f(2), null, 0.1, 0, 0, 0, false, false],
        /^sgdUpdate: expected grad to be a Float32Array of length param.length = 3, got Float32Array\(2\)$/,
      ],
      [
        'sgdUpdate',
        [f(3), f(3), null, Number.NaN, 0, 0, 0, false, false],
        /^sgdUpdate: expected lr to be a finite number, got NaN$/,
      ],
      [
        'adamUpdate',
        [f(3), f(3), f(3), f(3), 1e-3, 0.9, 0.999, 1e-8, 0, false, 0],
        /^adamUpdate: expected step to be an integer >= 1/,
      ],
      [
        'adamUpdate',
        [f(3), f(3), f(3), f(3), 1e-3, 0.9, 0.999, 1e-8, 0, 'yes', 1],
        /^adamUpdate: expected decoupled to be a boolean, got a string$/,
      ],
      ['setNumThreads', [0], /^setNumThreads: expected n to be an integer in \[1, 256\], got number 0$/],
      // Ops sized by their first array say what they wanted, not "of length x.length = 0".
      [
        'sgdUpdate',
        [new Float64Array(3), f(3), null, 0.1, 0, 0, 0, false, false],
        /^sgdUpdate: expected param to be a Float32Array, got Float64Array\(3\)$/,
      ],
      [
        'adamUpdate',
        [[1, 2], f(2), f(2), f(2), 1e-3, 0.9, 0.999, 1e-8, 0, false, 1],
        /^adamUpdate: expected param to be a Float32Array, got an Array\(2\)$/,
      ],
      ['activationForward', [0, 0, 'x', f(2)], /^activationForward: expected x to be a Float32Array, got a string$/],
      [
        'activationBackward',
        [1, 0, null, f(1), [1], f(1)],
        /^activationBackward: expected dy to be a Float32Array, got an Array\(1\)$/,
      ],
    ];
    it.each(cases)('%s rejects bad arguments with a named error', (op, args, message) => {
      expect(() => addon![op](...args)).toThrow(message);
    });

    it('rejects outputs that overlap inputs', () => {
      const buf = f(12);
      expect(() => addon!.softmaxCrossEntropyForward(2, 3, buf.subarray(0, 6), f(2), buf.subarray(3, 9), f(2))).toThrow(
        /^softmaxCrossEntropyForward: expected probs not to overlap logits, got overlapping memory$/,
      );
      const p = f(4);
      expect(() => addon!.adamUpdate(p, p, f(4), f(4), 1e-3, 0.9, 0.999, 1e-8, 0, false, 1)).toThrow(
        /^adamUpdate: expected param not to overlap grad/,
      );
    });

    it('reports its thread count', () => {
      addon!.setNumThreads(2);
      expect(addon!.getNumThreads()).toBe(2);
      expect((addon!.info() as { threads: number }).threads).toBe(2);
    });
  });
}
