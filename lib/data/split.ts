// A seeded train / validation split: the same seed gives the same split on every run.
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor.js';
import { checkFinite, checkSameRows, describeValue, isMatrix, type Matrix, takeRows } from './matrix.js';
import { permutation, pickGenerator } from './rng.js';

export interface SplitOptions {
  /** Share of samples held out, in (0, 1). */
  validationFraction: number;
  /** Shuffle before splitting (default true); false keeps the last rows for validation, as Keras does. */
  shuffle?: boolean;
  seed?: number;
  random?: () => number;
}

export interface Split {
  train: { x: Tensor; y: Tensor };
  validation: { x: Tensor; y: Tensor };
}

export function trainValidationSplit(x: Matrix, y: Matrix, options: SplitOptions): Split {
  const op = 'trainValidationSplit';
  checkOptions(op, options, ['validationFraction', 'shuffle', 'seed', 'random']);
  for (const [name, m] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (!isMatrix(m)) throw new TypeError(`${op}: expected ${name} to be a Matrix, got ${describeValue(m)}`);
    checkFinite(m, op, name);
  }
  checkSameRows(x, y, op);
  const fraction = options?.validationFraction;
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new RangeError(`${op}: expected validationFraction in (0, 1), got ${describeValue(fraction)}`);
  }
  const n = x.shape[0];
  const nValidation = Math.round(n * fraction);
  if (nValidation === 0 || nValidation === n) {
    const empty = nValidation === 0 ? 'validation' : 'training';
    throw new RangeError(`${op}: validationFraction ${fraction} of ${n} samples leaves no ${empty} sample`);
  }
  let order: Uint32Array;
  if (options.shuffle === false) {
    order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
  } else order = permutation(n, pickGenerator(op, options));
  const trainRows = order.subarray(0, n - nValidation);
  const validationRows = order.subarray(n - nValidation);
  return {
    train: { x: takeRows(x, trainRows), y: takeRows(y, trainRows) },
    validation: { x: takeRows(x, validationRows), y: takeRows(y, validationRows) },
  };
}
