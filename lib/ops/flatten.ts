// flatten(x, startDim, endDim): axes startDim … endDim merged into one (torch.flatten); a
// reshape, so its VJP reshapes dy back.
import { formatShape, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';
import { reshape } from './reshape.js';

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensor('flatten', 'x', x);
  if (x.ndim === 0) return reshape(x, [1]);
  const start = normalizeAxis('flatten', startDim, x.ndim);
  const end = normalizeAxis('flatten', endDim, x.ndim);
  if (start > end) {
    throw new RangeError(
      `flatten: expected startDim ≤ endDim, got ${startDim} and ${endDim} for x ${formatShape(x.shape)}`,
    );
  }
  let merged = 1;
  for (let i = start; i <= end; i++) merged *= x.shape[i];
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}
