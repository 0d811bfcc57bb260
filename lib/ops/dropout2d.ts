// dropout2d: while training, each whole channel x[b, c, …] is zeroed with probability p and
// the kept ones are scaled by 1/(1 − p) (torch.nn.functional.dropout2d); identity otherwise.
// The mask is one value per (sample, channel), broadcast over the plane by mul, so the VJP
// is mul's: dx = dy·mask.
import { random } from '../random.js';
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { mul } from './mul.js';
import { checkTensor } from './operand.js';

export function dropout2d(x: Tensor, p = 0.5, training = true): Tensor {
  checkTensor('dropout2d', 'x', x);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(`dropout2d: expected p in [0, 1], got ${describe(p)}`);
  }
  if (x.ndim < 3) {
    throw new RangeError(`dropout2d: expected x [batch, channels, …] (at least 3-d), got ${formatShape(x.shape)}`);
  }
  if (!training || p === 0) return x;
  const [n, c] = x.shape;
  const mask = Tensor.empty([n, c, ...new Array<number>(x.ndim - 2).fill(1)]);
  const scale = p === 1 ? 0 : 1 / (1 - p);
  for (let i = 0; i < mask.size; i++) mask.data[i] = random() < p ? 0 : scale;
  return mul(x, mask);
}
