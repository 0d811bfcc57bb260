// Making tensors: from numbers, nested arrays or Float32Arrays, and the usual constant and
// random fills. Every random draw comes from lib/random.ts (manualSeed).
import { checkOptions } from './options.js';
import { random, randomNormal } from './random.js';
import { checkShape, describe, formatShape, sizeOf } from './shape.js';
import { type NestedArray, Tensor } from './tensor.js';

export interface TensorOptions {
  requiresGrad?: boolean;
  name?: string;
}

function finish(t: Tensor, opts: TensorOptions | undefined, op: string, extra: readonly string[] = []): Tensor {
  checkOptions(op, opts, ['requiresGrad', 'name', ...extra]);
  if (opts?.requiresGrad) t.requiresGrad = true;
  if (opts?.name !== undefined) t.name = opts.name;
  return t;
}

/** The shape of a rectangular nested array of numbers, or an error naming where it is ragged. */
function inferShape(value: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function fill(value: NestedArray, shape: number[], out: Float32Array): void {
  let k = 0;
  const stack: { v: NestedArray; depth: number; path: string }[] = [{ v: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (depth === shape.length) {
      if (typeof v !== 'number') {
        throw new TypeError(`tensor: expected a number at value${path}, got ${describe(v)}`);
      }
      out[k++] = v;
      continue;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new RangeError(
        `tensor: expected a rectangular nested array of shape ${formatShape(shape)}, but value${path} is ` +
          (Array.isArray(v) ? `an Array(${v.length})` : describe(v)),
      );
    }
    for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, path: `${path}[${i}]` });
  }
}

export function tensor(
  value: NestedArray | Float32Array | ArrayLike<number> | Tensor,
  opts?: TensorOptions & { shape?: number[] },
): Tensor {
  let data: Float32Array;
  let shape: number[];
  if (typeof value === 'number') {
    data = new Float32Array([value]);
    shape = [];
  } else if (value instanceof Tensor) {
    // a copy, as torch.tensor(t) (a new leaf that shares nothing with t's graph)
    data = value.data.slice();
    shape = value.shape.slice();
  } else if (Array.isArray(value)) {
    shape = inferShape(value);
    data = new Float32Array(sizeOf(shape));
    fill(value, shape, data);
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    data = Float32Array.from(value as ArrayLike<number>);
    shape = [data.length];
  } else {
    throw new TypeError(
      `tensor: expected a number, nested arrays of numbers or a Float32Array, got ${describe(value)}`,
    );
  }
  if (opts?.shape !== undefined) {
    const wanted = checkShape('tensor', opts.shape);
    if (sizeOf(wanted) !== data.length) {
      throw new RangeError(
        `tensor: expected ${sizeOf(wanted)} values for shape ${formatShape(wanted)}, got ${data.length}`,
      );
    }
    shape = wanted;
  }
  return finish(new Tensor(data, shape), opts, 'tensor', ['shape']);
}

export function zeros(shape: number[], opts?: TensorOptions): Tensor {
  return finish(Tensor.empty(checkShape('zeros', shape)), opts, 'zeros');
}

export function full(shape: number[], value: number, opts?: TensorOptions): Tensor {
  if (typeof value !== 'number') throw new TypeError(`full: expected value to be a number, got ${describe(value)}`);
  const t = Tensor.empty(checkShape('full', shape));
  t.data.fill(value);
  return finish(t, opts, 'full');
}

export function ones(shape: number[], opts?: TensorOptions): Tensor {
  return full(checkShape('ones', shape), 1, opts);
}

export function zerosLike(t: Tensor, opts?: TensorOptions): Tensor {
  return zeros(t.shape, opts);
}

export function onesLike(t: Tensor, opts?: TensorOptions): Tensor {
  return ones(t.shape, opts);
}

/** [start, end) by step, as numpy; arange(n) is 0 … n−1. */
export function arange(start: number, end?: number, step = 1, opts?: TensorOptions): Tensor {
  if (end === undefined) {
    end = start;
    start = 0;
  }
  for (const [name, v] of [
    ['start', start],
    ['end', end],
    ['step', step],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TypeError(`arange: expected ${name} to be a finite number, got ${describe(v)}`);
    }
  }
  if (step === 0) throw new RangeError('arange: expected a non-zero step, got 0');
  const n = Math.max(Math.ceil((end - start) / step), 0);
  const t = Tensor.empty([n]);
  for (let i = 0; i < n; i++) t.data[i] = start + i * step;
  return finish(t, opts, 'arange');
}

export function eye(n: number, opts?: TensorOptions): Tensor {
  checkShape('eye', [n], 'n');
  const t = Tensor.empty([n, n]);
  for (let i = 0; i < n; i++) t.data[i * n + i] = 1;
  return finish(t, opts, 'eye');
}

/** Uniform in [0, 1). */
export function rand(shape: number[], opts?: TensorOptions): Tensor {
  const t = Tensor.empty(checkShape('rand', shape));
  for (let i = 0; i < t.size; i++) t.data[i] = random();
  return finish(t, opts, 'rand');
}

/** Standard normal N(0, 1). */
export function randn(shape: number[], opts?: TensorOptions): Tensor {
  const t = Tensor.empty(checkShape('randn', shape));
  for (let i = 0; i < t.size; i++) t.data[i] = randomNormal();
  return finish(t, opts, 'randn');
}
