// groupNorm, as torch.nn.functional.group_norm: x [n, c, …] split into `groups` groups of
// c/groups channels; each (sample, group) is normalised by its own mean and biased variance,
// then scaled and shifted per channel: y = (x − μ)/√(σ² + eps)·γ_c + β_c. Written with ops,
// so its VJP is theirs (the chain rule through mean, sub, mul, sqrt, div).
import { describe, formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

export function groupNorm(
  x: Tensor,
  groups: number,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  const op = 'groupNorm';
  checkTensor(op, 'x', x);
  if (x.ndim < 2) {
    throw new RangeError(`${op}: expected x [batch, channels, …] (at least 2-d), got ${formatShape(x.shape)}`);
  }
  const [n, c] = x.shape;
  if (!Number.isSafeInteger(groups) || groups < 1 || c % groups !== 0) {
    throw new RangeError(
      `${op}: expected groups to be a positive integer dividing the ${c} channels of x ${formatShape(x.shape)}, got ${describe(groups)}`,
    );
  }
  if (typeof eps !== 'number' || !(eps > 0)) throw new RangeError(`${op}: expected eps > 0, got ${describe(eps)}`);
  for (const [name, t] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (t === null || t === undefined) continue;
    checkTensor(op, name, t);
    if (t.ndim !== 1 || t.shape[0] !== c) {
      throw new RangeError(`${op}: expected ${name} of shape [${c}], got ${formatShape(t.shape)}`);
    }
  }
  const grouped = x.reshape([n, groups, x.size / Math.max(n * groups, 1)]);
  const mu = grouped.mean(2, true);
  const centered = grouped.sub(mu);
  const variance = centered.mul(centered).mean(2, true);
  let y = centered.div(variance.add(eps).sqrt()).reshape(x.shape);
  const perChannel = [1, c, ...new Array<number>(x.ndim - 2).fill(1)];
  if (weight) y = y.mul(weight.reshape(perChannel));
  if (bias) y = y.add(bias.reshape(perChannel));
  return y;
}
