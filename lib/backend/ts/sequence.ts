// Kernels of the sequence models: a strided batched GEMM (attention's Q·Kᵀ and P·V read
// their operands in place), a causal softmax, layer / RMS normalisation with their backward,
// and the embedding gather / scatter-add.
import { checkFloats, checkSize } from '../check.js';
import { gemm } from './gemm.js';

/**
 * For b in [0, batch): C_b = alpha·op(A_b)·op(B_b) + beta·C_b, where X_b starts at b·strideX.
 * A stride of 0 shares one matrix across the batch; strideC = 0 sums every product into one C
 * (beta applies once, before the first).
 */
export function gemmStridedBatched(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  strideA: number,
  b: Float32Array,
  strideB: number,
  beta: number,
  c: Float32Array,
  strideC: number,
  batch: number,
): void {
  const op = 'gemmStridedBatched';
  checkSize(op, 'batch', batch);
  checkStride(op, 'strideA', strideA, m * k, a, batch);
  checkStride(op, 'strideB', strideB, k * n, b, batch);
  checkStride(op, 'strideC', strideC, m * n, c, batch);
  if (strideC !== 0 && strideC < m * n && batch > 1) {
    throw new RangeError(`${op}: expected strideC = 0 or ≥ m*n = ${m * n} (outputs must not overlap), got ${strideC}`);
  }
  for (let i = 0; i < batch; i++) {
    const ai = a.subarray(i * strideA, i * strideA + m * k);
    const bi = b.subarray(i * strideB, i * strideB + k * n);
    const ci = c.subarray(i * strideC, i * strideC + m * n);
    gemm(transA, transB, m, n, k, alpha, ai, bi, strideC === 0 && i > 0 ? 1 : beta, ci);
  }
}

function checkStride(op: string, name: string, stride: number, size: number, x: unknown, batch: number): void {
  checkSize(op, name, stride);
  const need = batch === 0 ? 0 : (batch - 1) * stride + size;
  if (!(x instanceof Float32Array) || x.length < need) {
    const what = x instanceof Float32Array ? `Float32Array(${x.length})` : String(x?.constructor?.name ?? x);
    throw new RangeError(
      `${op}: expected ${name[name.length - 1].toLowerCase()} to hold (batch−1)·${name} + size = ${need} floats, got ${what}`,
    );
  }
}

/**
 * Softmax over rows of `cols`, in blocks of `rowsPerBlock` rows (one attention matrix per
 * block): row i of a block takes part in columns j ≤ i only, torch's is_causal mask
 * tril(ones(L, S)), top-left aligned; the other columns are written 0.
 */
export function causalSoftmaxForward(
  blocks: number,
  rowsPerBlock: number,
  cols: number,
  x: Float32Array,
  y: Float32Array,
): void {
  const op = 'causalSoftmaxForward';
  checkSize(op, 'blocks', blocks);
  checkSize(op, 'rowsPerBlock', rowsPerBlock);
  checkSize(op, 'cols', cols);
  const total = blocks * rowsPerBlock * cols;
  checkFloats(op, 'x', x, total, 'blocks*rowsPerBlock*cols');
  checkFloats(op, 'y', y, total, 'blocks*rowsPerBlock*cols');
  for (let blk = 0; blk < blocks; blk++) {
    for (let i = 0; i < rowsPerBlock; i++) {
      const o = (blk * rowsPerBlock + i) * cols;
      const last = Math.min(i, cols - 1); // columns 0..last take part (top-left aligned, as torch)
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j <= last; j++) if (x[o + j] > max) max = x[o + j];
      let sum = 0;
      for (let j = 0; j <= last; j++) {
        const e = Math.exp(x[o + j] - max);
        y[o + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j <= last; j++) y[o + j] *= inv;
      for (let j = last + 1; j < cols; j++) y[o + j] = 0;
    }
  }
}

/**
 * Per row of `cols`: layer norm x̂ = (x − μ)·rstd, rstd = 1/√(σ² + eps) (biased σ², as torch),
 * or with rms: x̂ = x·rstd, rstd = 1/√(mean x² + eps); then y = x̂·gamma + beta (gamma/beta
 * may be null). mean and rstd (rows each) are kept for the backward.
 */
export function layerNormForward(
  rows: number,
  cols: number,
  rms: boolean,
  x: Float32Array,
  gamma: Float32Array | null,
  beta: Float32Array | null,
  eps: number,
  y: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
): void {
  const op = 'layerNormForward';
  checkNormArgs(op, rows, cols, x, gamma, beta, mean, rstd);
  checkFloats(op, 'y', y, rows * cols, 'rows*cols');
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let mu = 0;
    if (!rms) {
      for (let j = 0; j < cols; j++) mu += x[o + j];
      mu /= cols;
    }
    let variance = 0;
    for (let j = 0; j < cols; j++) {
      const d = x[o + j] - mu;
      variance += d * d;
    }
    variance /= cols;
    const s = 1 / Math.sqrt(variance + eps);
    mean[r] = mu;
    rstd[r] = s;
    for (let j = 0; j < cols; j++) {
      let v = (x[o + j] - mu) * s;
      if (gamma !== null) v *= gamma[j];
      if (beta !== null) v += beta[j];
      y[o + j] = v;
    }
  }
}

/**
 * With g = dy·gamma: dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) (rms: no mean(g) term);
 * dGamma = Σ_rows dy·x̂, dBeta = Σ_rows dy, added into (the caller zeroes them). Any of dx,
 * dGamma, dBeta may be null.
 */
export function layerNormBackward(
  rows: number,
  cols: number,
  rms: boolean,
  x: Float32Array,
  gamma: Float32Array | null,
  mean: Float32Array,
  rstd: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dGamma: Float32Array | null,
  dBeta: Float32Array | null,
): void {
  const op = 'layerNormBackward';
  checkNormArgs(op, rows, cols, x, gamma, null, mean, rstd);
  checkFloats(op, 'dy', dy, rows * cols, 'rows*cols');
  if (dx !== null) checkFloats(op, 'dx', dx, rows * cols, 'rows*cols');
  if (dGamma !== null) checkFloats(op, 'dGamma', dGamma, cols, 'cols');
  if (dBeta !== null) checkFloats(op, 'dBeta', dBeta, cols, 'cols');
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const mu = mean[r];
    const s = rstd[r];
    let sumG = 0;
    let sumGX = 0;
    for (let j = 0; j < cols; j++) {
      const xhat = (x[o + j] - mu) * s;
      const g = gamma !== null ? dy[o + j] * gamma[j] : dy[o + j];
      sumG += g;
      sumGX += g * xhat;
      if (dGamma !== null) dGamma[j] += dy[o + j] * xhat;
      if (dBeta !== null) dBeta[j] += dy[o + j];
    }
    if (dx === null) continue;
    const meanG = rms ? 0 : sumG / cols;
    const meanGX = sumGX / cols;
    for (let j = 0; j < cols; j++) {
      const xhat = (x[o + j] - mu) * s;
      const g = gamma !== null ? dy[o + j] * gamma[j] : dy[o + j];
      dx[o + j] = s * (g - meanG - xhat * meanGX);
    }
  }
}

function checkNormArgs(
  op: string,
  rows: number,
  cols: number,
  x: unknown,
  gamma: unknown,
  beta: unknown,
  mean: unknown,
  rstd: unknown,
): void {
  checkSize(op, 'rows', rows);
  checkSize(op, 'cols', cols);
  checkFloats(op, 'x', x, rows * cols, 'rows*cols');
  if (gamma !== null) checkFloats(op, 'gamma', gamma, cols, 'cols');
  if (beta !== null) checkFloats(op, 'beta', beta, cols, 'cols');
  checkFloats(op, 'mean', mean, rows, 'rows');
  checkFloats(op, 'rstd', rstd, rows, 'rows');
}

function checkIds(op: string, ids: unknown, vocab: number): asserts ids is Int32Array {
  if (!(ids instanceof Int32Array)) {
    throw new TypeError(`${op}: expected ids to be an Int32Array, got ${String((ids as object)?.constructor?.name)}`);
  }
  for (let i = 0; i < ids.length; i++) {
    if (!(ids[i] >= 0 && ids[i] < vocab)) {
      throw new RangeError(`${op}: expected every id in [0, vocab = ${vocab}), got ${ids[i]} at index ${i}`);
    }
  }
}

/** out[i, :] = weight[ids[i], :] for a weight [vocab, dim]. */
export function embeddingForward(
  vocab: number,
  dim: number,
  ids: Int32Array,
  weight: Float32Array,
  out: Float32Array,
): void {
  const op = 'embeddingForward';
  checkSize(op, 'vocab', vocab);
  checkSize(op, 'dim', dim);
  checkIds(op, ids, vocab);
  checkFloats(op, 'weight', weight, vocab * dim, 'vocab*dim');
  checkFloats(op, 'out', out, ids.length * dim, 'ids.length*dim');
  for (let i = 0; i < ids.length; i++) out.set(weight.subarray(ids[i] * dim, ids[i] * dim + dim), i * dim);
}

/** dWeight[ids[i], :] += dy[i, :] (a scatter-add; repeated ids sum), skipping id paddingIdx (−1: none). */
export function embeddingBackward(
  vocab: number,
  dim: number,
  ids: Int32Array,
  dy: Float32Array,
  paddingIdx: number,
  dWeight: Float32Array,
): void {
  const op = 'embeddingBackward';
  checkSize(op, 'vocab', vocab);
  checkSize(op, 'dim', dim);
  checkIds(op, ids, vocab);
  checkFloats(op, 'dy', dy, ids.length * dim, 'ids.length*dim');
  checkFloats(op, 'dWeight', dWeight, vocab * dim, 'vocab*dim');
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === paddingIdx) continue;
    const o = id * dim;
    const s = i * dim;
    for (let j = 0; j < dim; j++) dWeight[o + j] += dy[s + j];
  }
}
