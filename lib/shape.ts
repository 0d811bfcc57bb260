// Shape arithmetic shared by the factories and ops: validation, broadcasting, strides, axes.
import { describeValue } from './backend/check.js';

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * A value as error messages show it. Built on the kernels' describeValue (the addon's wording:
 * `number 5`, `an Array(3)`, `Float32Array(4)`, `a function`), adding the string's text, the
 * object's class and booleans' value, which the front end's messages want.
 */
export function describe(v: unknown): string {
  if (typeof v === 'string') return `the string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
    return `an object (${(v as object).constructor?.name ?? 'Object'})`;
  }
  return describeValue(v);
}

/** Validates a shape: an array of non-negative integers (NaN, negatives and fractions rejected). */
export function checkShape(op: string, shape: unknown, name = 'shape'): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    const shown = Array.isArray(shape) ? `[${shape.map(String).join(',')}]` : describe(shape);
    throw new TypeError(`${op}: expected ${name} to be an array of non-negative integers, got ${shown}`);
  }
  return shape.slice();
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

/** numpy broadcasting: align from the right; each axis pair must match or one of them be 1. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const nd = Math.max(a.length, b.length);
  const out = new Array<number>(nd);
  for (let i = 0; i < nd; i++) {
    const da = i < nd - a.length ? 1 : a[i - (nd - a.length)];
    const db = i < nd - b.length ? 1 : b[i - (nd - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (axis ${i - nd}: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read an array of `inShape` as if it had `outShape` (0 on broadcast axes). */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const strides = new Int32Array(outShape.length);
  const own = contiguousStrides(inShape);
  const lead = outShape.length - inShape.length;
  for (let i = 0; i < inShape.length; i++) strides[lead + i] = inShape[i] === 1 ? 0 : own[i];
  return strides;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A possibly negative axis → its index in [0, ndim). */
export function normalizeAxis(op: string, axis: unknown, ndim: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -ndim || axis >= Math.max(ndim, 1)) {
    throw new RangeError(
      `${op}: expected axis to be an integer in [${-ndim}, ${Math.max(ndim, 1) - 1}], got ${describe(axis)}`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Which axes an (axis | axes | undefined = all) argument reduces, as a mask. */
export function reducedAxes(op: string, axis: number | number[] | undefined, ndim: number): boolean[] {
  const mask = new Array<boolean>(ndim).fill(axis === undefined);
  if (axis === undefined) return mask;
  for (const a of Array.isArray(axis) ? axis : [axis]) {
    const d = normalizeAxis(op, a, ndim);
    if (mask[d]) throw new RangeError(`${op}: expected distinct axes, got axis ${a} twice in [${String(axis)}]`);
    mask[d] = true;
  }
  return mask;
}
