// clamp(x, min, max): dy passes where min ≤ x ≤ max (inclusive, as PyTorch), 0 outside.

import { describe } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { unary } from './unary.js';

export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const lo = min ?? Number.NEGATIVE_INFINITY;
  const hi = max ?? Number.POSITIVE_INFINITY;
  if (typeof lo !== 'number' || Number.isNaN(lo) || typeof hi !== 'number' || Number.isNaN(hi)) {
    throw new TypeError(
      `clamp: expected min and max to be numbers (or null), got ${describe(min)} and ${describe(max)}`,
    );
  }
  if (lo > hi) throw new RangeError(`clamp: expected min ≤ max, got min ${lo} and max ${hi}`);
  return unary('clamp', x, lo, hi);
}
