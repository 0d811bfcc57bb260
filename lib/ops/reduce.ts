// sum / mean / max / min over an axis, a list of axes, or everything (axis undefined),
// keeping reduced axes as size 1 when keepdim. VJPs: sum broadcasts dy back; mean also
// divides by the count; max/min route dy to the winners, k tied winners getting dy/k each
// (as PyTorch's amax/amin).

import { node } from '../autograd.js';
import { ReduceOp, type ReduceOpName } from '../backend/backend.js';
import { backend } from '../backend/load.js';
import { contiguousStrides, formatShape, reducedAxes } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

function reduce(op: ReduceOpName, x: Tensor, axis: number | number[] | undefined, keepdim: boolean): Tensor {
  checkTensor(op, 'x', x);
  const mask = reducedAxes(op, axis, x.ndim);
  const kept = x.shape.map((d, i) => (mask[i] ? 1 : d));
  if ((op === 'max' || op === 'min') && x.size === 0) {
    throw new RangeError(`${op}: expected a non-empty tensor, got shape ${formatShape(x.shape)}`);
  }
  const keptStrides = contiguousStrides(kept);
  const outStrides = Int32Array.from(kept.map((_, i) => (mask[i] ? 0 : keptStrides[i])));
  const shapeI = Int32Array.from(x.shape);
  const y = Tensor.empty(keepdim ? kept : x.shape.filter((_, i) => !mask[i]));
  const code = ReduceOp[op];
  backend().reduceForward(code, shapeI, x.data, outStrides, y.data);
  return node(
    op,
    [x],
    y,
    (dy) => {
      const dx = Tensor.empty(x.shape);
      backend().reduceBackward(code, shapeI, x.data, outStrides, y.data, dy.data, dx.data);
      return [dx];
    },
    { axis, keepdim },
  );
}

export function sum(x: Tensor, axis?: number | number[], keepdim = false): Tensor {
  return reduce('sum', x, axis, keepdim);
}

export function mean(x: Tensor, axis?: number | number[], keepdim = false): Tensor {
  return reduce('mean', x, axis, keepdim);
}

export function max(x: Tensor, axis?: number | number[], keepdim = false): Tensor {
  return reduce('max', x, axis, keepdim);
}

export function min(x: Tensor, axis?: number | number[], keepdim = false): Tensor {
  return reduce('min', x, axis, keepdim);
}
