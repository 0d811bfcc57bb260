// Argument checks shared by the convolution and pooling ops: int-or-tuple sizes (PyTorch's
// _pair/_single), the spatial part of a shape, and error text naming the op and the shapes.
import { describe, formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

export type Size2 = number | [number, number];
export type Padding2 = Size2 | 'same' | 'valid';

/** An int or an array of `dims` ints, each ≥ min, as an array of `dims` ints. */
export function tuple(op: string, name: string, v: unknown, dims: number, min: number): number[] {
  const list = typeof v === 'number' ? new Array<number>(dims).fill(v) : v;
  if (!Array.isArray(list) || list.length !== dims || !list.every((d) => Number.isSafeInteger(d) && d >= min)) {
    const what = dims === 1 ? 'an integer' : `an integer or [${new Array(dims).fill('int').join(', ')}]`;
    throw new RangeError(`${op}: expected ${name} to be ${what} ≥ ${min}, got ${describe(v)}${showArray(v)}`);
  }
  return list.slice();
}

function showArray(v: unknown): string {
  return Array.isArray(v) ? ` [${v.map(String).join(',')}]` : '';
}

/** x with `dims` spatial axes, batched [n, c, …] or unbatched [c, …]; returns [n, c, spatial…, batched]. */
export function spatialInput(
  op: string,
  x: Tensor,
  dims: number,
): { n: number; c: number; spatial: number[]; batched: boolean } {
  const names = dims === 1 ? 'length' : 'height, width';
  if (x.ndim !== dims + 2 && x.ndim !== dims + 1) {
    throw new RangeError(
      `${op}: expected x [batch, channels, ${names}] (${dims + 2}-d) or unbatched [channels, ${names}] (${dims + 1}-d), got ${formatShape(x.shape)}`,
    );
  }
  const batched = x.ndim === dims + 2;
  const s = batched ? x.shape : [1, ...x.shape];
  return { n: s[0], c: s[1], spatial: s.slice(2), batched };
}

export function formatSize(sizes: number[]): string {
  return sizes.join('×');
}
