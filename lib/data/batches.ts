// Minibatches: from matrices in memory (optionally shuffled by a seeded generator), or from
// any (async) iterable of samples, so data bigger than memory trains batch by batch.
import type { Tensor } from '../tensor.js';
import { checkOptions } from '../options.js';
import { checkFinite, checkSameRows, describeValue, isMatrix, type Matrix, matrix, takeRows } from './matrix.js';
import { permutation, pickGenerator } from './rng.js';

export interface BatchOptions {
  batchSize: number;
  /** Draw a new sample order for this pass (default false). */
  shuffle?: boolean;
  /** Drop the last, short batch (default false). */
  dropLast?: boolean;
  /** Seed for the order when `random` is not given: the same seed gives the same order; without one the order comes from the global generator (manualSeed). */
  seed?: number;
  /** Uniform [0, 1) source; pass one long-lived generator to get a new order every epoch. */
  random?: () => number;
}

export interface Batch {
  x: Tensor;
  y: Tensor;
  /** Which rows of x / y this batch holds. */
  indices: Uint32Array;
}

/** Throws unless batchSize is a positive integer (0, negatives, fractions and NaN are errors). */
export function checkBatchSize(op: string, batchSize: unknown): number {
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(`${op}: expected batchSize to be a positive integer, got ${describeValue(batchSize)}`);
  }
  return batchSize;
}

function checkMatrix(op: string, m: unknown, what: string): Matrix {
  if (!isMatrix(m))
    throw new TypeError(
      `${op}: expected ${what} to be a Tensor or matrix { data: Float32Array, shape: [rows, cols] }, got ${describeValue(m)}`,
    );
  checkFinite(m, op, what);
  return m;
}

/**
 * Yields `{ x, y, indices }` minibatches. Arguments are checked when called (not on the
 * first next()), so a bad batchSize or a NaN feature stops a run before it starts.
 */
export function batches(x: Matrix, y: Matrix, options: BatchOptions): Generator<Batch> {
  checkOptions('batches', options, ['batchSize', 'shuffle', 'dropLast', 'seed', 'random']);
  const op = 'batches';
  checkMatrix(op, x, 'x');
  checkMatrix(op, y, 'y');
  checkSameRows(x, y, op);
  const n = x.shape[0];
  if (n === 0) throw new RangeError(`${op}: empty dataset (0 rows)`);
  const batchSize = checkBatchSize(op, options?.batchSize);
  const dropLast = options.dropLast ?? false;
  if (dropLast && batchSize > n) {
    throw new RangeError(`${op}: dropLast with batchSize ${batchSize} > ${n} samples would yield no batches`);
  }
  let order: Uint32Array;
  if (options.shuffle) order = permutation(n, pickGenerator(op, options));
  else {
    order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
  }
  const end = dropLast ? n - (n % batchSize) : n;
  return (function* () {
    for (let start = 0; start < end; start += batchSize) {
      const indices = order.slice(start, Math.min(start + batchSize, end));
      yield { x: takeRows(x, indices), y: takeRows(y, indices), indices };
    }
  })();
}

/** How many batches `batches` yields for n samples. */
export function batchCount(n: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

export interface Sample {
  x: ArrayLike<number> | number;
  y: ArrayLike<number> | number;
  /** Where the sample came from (csvStream sets the CSV line), quoted in errors. */
  line?: number;
}

export interface StreamBatchOptions {
  batchSize: number;
  dropLast?: boolean;
}

/** Copies one sample's x or y into `out` at `offset`, checking width and finiteness. */
function put(
  op: string,
  where: string,
  name: string,
  v: ArrayLike<number> | number,
  width: number,
  out: Float32Array,
  offset: number,
) {
  const values = typeof v === 'number' ? [v] : v;
  if (typeof values !== 'object' || values === null || typeof values.length !== 'number') {
    throw new TypeError(
      `${op}: ${where}: expected ${name} to be a number or an array of numbers, got ${describeValue(v)}`,
    );
  }
  if (values.length !== width)
    throw new RangeError(`${op}: ${where}: ${name} has ${values.length} values, expected ${width}`);
  for (let j = 0; j < width; j++) {
    const value = values[j];
    if (typeof value !== 'number' || value - value !== 0) {
      throw new RangeError(`${op}: ${where}: ${name}[${j}] is ${describeValue(value)}, expected a finite number`);
    }
    out[offset + j] = value;
  }
}

const widthOf = (v: ArrayLike<number> | number) => (typeof v === 'number' ? 1 : (v?.length ?? 0));

/**
 * Groups a stream of samples (an async iterable such as csvStream, or a plain iterable)
 * into `{ x, y }` minibatches, holding one batch in memory at a time. Every sample must
 * have the first sample's widths; errors name the sample (and its CSV line when known).
 */
export function batchesFromAsync(
  source: AsyncIterable<Sample> | Iterable<Sample>,
  options: StreamBatchOptions,
): AsyncGenerator<{ x: Tensor; y: Tensor }> {
  const op = 'batchesFromAsync';
  const batchSize = checkBatchSize(op, options?.batchSize);
  if (source === null || typeof source !== 'object' || !(Symbol.asyncIterator in source || Symbol.iterator in source)) {
    throw new TypeError(
      `${op}: expected an async iterable or iterable of { x, y } samples, got ${describeValue(source)}`,
    );
  }
  return streamBatches(op, source, batchSize, options.dropLast ?? false);
}

async function* streamBatches(
  op: string,
  source: AsyncIterable<Sample> | Iterable<Sample>,
  batchSize: number,
  dropLast: boolean,
): AsyncGenerator<{ x: Tensor; y: Tensor }> {
  let xWidth = -1;
  let yWidth = -1;
  let xs = new Float32Array(0);
  let ys = new Float32Array(0);
  let filled = 0;
  let seen = 0;
  let yielded = 0;
  for await (const sample of source) {
    const where = `sample ${seen}${sample?.line === undefined ? '' : ` (line ${sample.line})`}`;
    if (typeof sample !== 'object' || sample === null) {
      throw new TypeError(`${op}: ${where}: expected an object { x, y }, got ${describeValue(sample)}`);
    }
    if (xWidth < 0) {
      xWidth = widthOf(sample.x);
      yWidth = widthOf(sample.y);
      if (xWidth === 0) throw new RangeError(`${op}: ${where}: x has no values`);
      xs = new Float32Array(batchSize * xWidth);
      ys = new Float32Array(batchSize * yWidth);
    }
    put(op, where, 'x', sample.x, xWidth, xs, filled * xWidth);
    put(op, where, 'y', sample.y, yWidth, ys, filled * yWidth);
    seen++;
    if (++filled === batchSize) {
      yield {
        x: matrix(xs.slice(), batchSize, xWidth),
        y: matrix(ys.slice(), batchSize, yWidth),
      };
      yielded++;
      filled = 0;
    }
  }
  if (seen === 0) throw new RangeError(`${op}: empty dataset (the source yielded no samples)`);
  if (filled > 0 && !dropLast) {
    yield {
      x: matrix(xs.slice(0, filled * xWidth), filled, xWidth),
      y: matrix(ys.slice(0, filled * yWidth), filled, yWidth),
    };
    yielded++;
  }
  if (yielded === 0) {
    throw new RangeError(`${op}: dropLast with batchSize ${batchSize} > ${seen} samples yielded no batches`);
  }
}
