// squeeze / unsqueeze drop or insert axes of extent 1 (the values do not move: a reshape,
// whose VJP reshapes dy back); clone copies the values into a new tensor (its VJP is dy).
import { node } from '../autograd.js';
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';
import { reshape } from './reshape.js';

/** Drops every axis of extent 1, or only the given one (an error if its extent is not 1). */
export function squeeze(x: Tensor, axis?: number): Tensor {
  checkTensor('squeeze', 'x', x);
  if (axis === undefined)
    return reshape(
      x,
      x.shape.filter((d) => d !== 1),
    );
  if (!Number.isInteger(axis) || axis < -x.ndim || axis >= Math.max(x.ndim, 1)) {
    throw new RangeError(
      `squeeze: expected axis in [${-x.ndim}, ${x.ndim}) for ${formatShape(x.shape)}, got ${describe(axis)}`,
    );
  }
  if (x.ndim === 0) return reshape(x, []);
  const ax = axis < 0 ? axis + x.ndim : axis;
  if (x.shape[ax] !== 1) {
    throw new RangeError(
      `squeeze: expected axis ${ax} of ${formatShape(x.shape)} to have extent 1, got ${x.shape[ax]}`,
    );
  }
  return reshape(
    x,
    x.shape.filter((_, d) => d !== ax),
  );
}

/** Inserts an axis of extent 1 at position axis (−1: last), as torch.unsqueeze. */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  checkTensor('unsqueeze', 'x', x);
  const rank = x.ndim + 1;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new RangeError(
      `unsqueeze: expected axis in [${-rank}, ${rank}) for ${formatShape(x.shape)}, got ${describe(axis)}`,
    );
  }
  const ax = axis < 0 ? axis + rank : axis;
  const shape = x.shape.slice();
  shape.splice(ax, 0, 1);
  return reshape(x, shape);
}

/** A copy of the values that stays in the graph (torch.clone): dy flows back unchanged. */
export function clone(x: Tensor): Tensor {
  checkTensor('clone', 'x', x);
  const y = new Tensor(x.data.slice(), x.shape.slice());
  return node('clone', [x], y, (dy) => [new Tensor(dy.data.slice(), x.shape.slice())]);
}
