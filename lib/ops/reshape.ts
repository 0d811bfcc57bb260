// reshape: the same row-major values under a new shape (one axis may be −1: inferred).
// The VJP reshapes dy back.
import { node } from '../autograd.js';
import { formatShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

export function reshape(x: Tensor, shape: number[]): Tensor {
  checkTensor('reshape', 'x', x);
  const target = resolveShape(x, shape);
  const y = new Tensor(x.data.slice(), target);
  return node('reshape', [x], y, (dy) => [new Tensor(dy.data, x.shape.slice())]);
}

function resolveShape(x: Tensor, shape: number[]): number[] {
  const bad = (): never => {
    throw new RangeError(
      `reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)}`,
    );
  };
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= -1)) {
    throw new TypeError(
      `reshape: expected shape to be an array of non-negative integers (one may be -1), got ${JSON.stringify(shape)}`,
    );
  }
  const free = shape.indexOf(-1);
  if (free !== shape.lastIndexOf(-1)) bad();
  const out = shape.slice();
  if (free >= 0) {
    const known = sizeOf(shape.filter((d) => d !== -1));
    if (known === 0 || x.size % known !== 0) bad();
    out[free] = x.size / known;
  }
  if (sizeOf(out) !== x.size) bad();
  return out;
}
