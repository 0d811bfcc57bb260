// Batch normalisation over NC(spatial) data, per channel c (M = n·spatial values each):
//   stats     mean_c = Σx/M,  var_c = Σ(x − mean)²/M  (biased, as the normalisation uses)
//   apply     y = (x − mean)·invstd·γ + β
//   backward  dβ = Σ dy,  dγ = Σ dy·x̂,  with x̂ = (x − mean)·invstd and, in training
//             (mean and var depend on x),  dx = γ·invstd·(dy − dβ/M − x̂·dγ/M);
//             in eval (running statistics are constants),  dx = γ·invstd·dy.
import { checkFloats, checkSize } from '../check.js';

function checkSizes(op: string, n: number, c: number, spatial: number): number {
  checkSize(op, 'n', n);
  checkSize(op, 'c', c);
  checkSize(op, 'spatial', spatial);
  const total = n * c * spatial;
  if (!(total <= 2 ** 31)) throw new RangeError(`${op}: n*c*spatial = ${total} exceeds 2^31`);
  return total;
}

/** Per-channel mean and biased variance (two passes, in float64). */
export function batchNormStats(
  n: number,
  c: number,
  spatial: number,
  x: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
): void {
  const total = checkSizes('batchNormStats', n, c, spatial);
  checkFloats('batchNormStats', 'x', x, total, 'n*c*spatial');
  checkFloats('batchNormStats', 'mean', mean, c, 'c');
  checkFloats('batchNormStats', 'variance', variance, c, 'c');
  const count = n * spatial;
  for (let ch = 0; ch < c; ch++) {
    let s = 0;
    for (let img = 0; img < n; img++) {
      const o = (img * c + ch) * spatial;
      for (let i = o; i < o + spatial; i++) s += x[i];
    }
    const m = count > 0 ? s / count : 0;
    let q = 0;
    for (let img = 0; img < n; img++) {
      const o = (img * c + ch) * spatial;
      for (let i = o; i < o + spatial; i++) q += (x[i] - m) * (x[i] - m);
    }
    mean[ch] = m;
    variance[ch] = count > 0 ? q / count : 0;
  }
}

/** y = (x − mean)·invstd·γ + β; gamma and beta may be null (1 and 0). */
export function batchNormApply(
  n: number,
  c: number,
  spatial: number,
  x: Float32Array,
  mean: Float32Array,
  invstd: Float32Array,
  gamma: Float32Array | null,
  beta: Float32Array | null,
  y: Float32Array,
): void {
  const total = checkSizes('batchNormApply', n, c, spatial);
  checkFloats('batchNormApply', 'x', x, total, 'n*c*spatial');
  checkFloats('batchNormApply', 'mean', mean, c, 'c');
  checkFloats('batchNormApply', 'invstd', invstd, c, 'c');
  if (gamma !== null) checkFloats('batchNormApply', 'gamma', gamma, c, 'c');
  if (beta !== null) checkFloats('batchNormApply', 'beta', beta, c, 'c');
  checkFloats('batchNormApply', 'y', y, total, 'n*c*spatial');
  for (let img = 0; img < n; img++) {
    for (let ch = 0; ch < c; ch++) {
      const scale = invstd[ch] * (gamma === null ? 1 : gamma[ch]);
      const shift = (beta === null ? 0 : beta[ch]) - mean[ch] * scale;
      const o = (img * c + ch) * spatial;
      for (let i = o; i < o + spatial; i++) y[i] = x[i] * scale + shift;
    }
  }
}

/** dx, dGamma, dBeta (each may be null; all overwritten); training: statistics came from x. */
export function batchNormBackward(
  n: number,
  c: number,
  spatial: number,
  x: Float32Array,
  mean: Float32Array,
  invstd: Float32Array,
  gamma: Float32Array | null,
  dy: Float32Array,
  training: boolean,
  dx: Float32Array | null,
  dGamma: Float32Array | null,
  dBeta: Float32Array | null,
): void {
  const op = 'batchNormBackward';
  const total = checkSizes(op, n, c, spatial);
  checkFloats(op, 'x', x, total, 'n*c*spatial');
  checkFloats(op, 'mean', mean, c, 'c');
  checkFloats(op, 'invstd', invstd, c, 'c');
  if (gamma !== null) checkFloats(op, 'gamma', gamma, c, 'c');
  checkFloats(op, 'dy', dy, total, 'n*c*spatial');
  if (dx !== null) checkFloats(op, 'dx', dx, total, 'n*c*spatial');
  if (dGamma !== null) checkFloats(op, 'dGamma', dGamma, c, 'c');
  if (dBeta !== null) checkFloats(op, 'dBeta', dBeta, c, 'c');
  const count = n * spatial;
  for (let ch = 0; ch < c; ch++) {
    const m = mean[ch];
    const is = invstd[ch];
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let img = 0; img < n; img++) {
      const o = (img * c + ch) * spatial;
      for (let i = o; i < o + spatial; i++) {
        sumDy += dy[i];
        sumDyXhat += dy[i] * (x[i] - m) * is;
      }
    }
    if (dBeta !== null) dBeta[ch] = sumDy;
    if (dGamma !== null) dGamma[ch] = sumDyXhat;
    if (dx === null) continue;
    const scale = is * (gamma === null ? 1 : gamma[ch]);
    const meanDy = count > 0 ? sumDy / count : 0;
    const meanDyXhat = count > 0 ? sumDyXhat / count : 0;
    for (let img = 0; img < n; img++) {
      const o = (img * c + ch) * spatial;
      for (let i = o; i < o + spatial; i++) {
        dx[i] = training ? scale * (dy[i] - meanDy - (x[i] - m) * is * meanDyXhat) : scale * dy[i];
      }
    }
  }
}
