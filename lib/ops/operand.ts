// Shared by the ops: turning a number into a constant tensor, checking argument types,
// and summing a broadcast gradient back to an input's shape.
import { backend } from '../backend/load.js';
import { broadcastStrides, describe, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';

/** A Tensor as is; a number as a constant 0-d tensor; anything else is an error naming the op. */
export function asTensor(op: string, name: string, v: unknown): Tensor {
  if (v instanceof Tensor) return v;
  if (typeof v === 'number') return new Tensor(new Float32Array([v]), []);
  throw new TypeError(`${op}: expected ${name} to be a Tensor or a number, got ${describe(v)}`);
}

export function checkTensor(op: string, name: string, v: unknown): Tensor {
  if (v instanceof Tensor) return v;
  throw new TypeError(`${op}: expected ${name} to be a Tensor, got ${describe(v)}`);
}

export function checkFiniteNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TypeError(`${op}: expected ${name} to be a finite number, got ${describe(v)}`);
  }
  return v;
}

/** A gradient computed over the broadcast shape, summed back over the axes `shape` was broadcast along. */
export function sumToShape(grad: Float32Array, fromShape: number[], shape: number[]): Tensor {
  if (sameShape(fromShape, shape)) return new Tensor(grad, shape.slice());
  const out = Tensor.empty(shape);
  backend().stridedAccumulate(Int32Array.from(fromShape), grad, out.data, 0, broadcastStrides(shape, fromShape));
  return out;
}
