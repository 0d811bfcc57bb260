// The elementwise half of the LSTM and GRU cells, fused; the gate GEMMs run before, through
// gemm. PyTorch's gate order and equations, so its weights load unchanged:
//   LSTM [i f g o]: c' = f⊙c + i⊙g, h' = o⊙tanh(c'), i f o = σ(·), g = tanh(·)
//   GRU  [r z n]:   r z = σ(gx + gh), n = tanh(gx_n + r⊙gh_n), h' = (1 − z)⊙n + z⊙h
import { checkFloats, checkSize } from '../check.js';

function sigmoid(v: number): number {
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

/**
 * preGates [batch, 4·hidden] (x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) → gates (the activated
 * [i f g o], kept for backward; may be preGates itself), c and h [batch, hidden].
 */
export function lstmCellForward(
  batch: number,
  hidden: number,
  preGates: Float32Array,
  cPrev: Float32Array,
  gates: Float32Array,
  c: Float32Array,
  h: Float32Array,
): void {
  const op = 'lstmCellForward';
  checkSize(op, 'batch', batch);
  checkSize(op, 'hidden', hidden);
  const bh = batch * hidden;
  checkFloats(op, 'preGates', preGates, 4 * bh, '4*batch*hidden');
  checkFloats(op, 'cPrev', cPrev, bh, 'batch*hidden');
  checkFloats(op, 'gates', gates, 4 * bh, '4*batch*hidden');
  checkFloats(op, 'c', c, bh, 'batch*hidden');
  checkFloats(op, 'h', h, bh, 'batch*hidden');
  for (let b = 0; b < batch; b++) {
    const g0 = b * 4 * hidden;
    const s0 = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const i = sigmoid(preGates[g0 + j]);
      const f = sigmoid(preGates[g0 + hidden + j]);
      const g = Math.tanh(preGates[g0 + 2 * hidden + j]);
      const o = sigmoid(preGates[g0 + 3 * hidden + j]);
      gates[g0 + j] = i;
      gates[g0 + hidden + j] = f;
      gates[g0 + 2 * hidden + j] = g;
      gates[g0 + 3 * hidden + j] = o;
      const cj = f * cPrev[s0 + j] + i * g;
      c[s0 + j] = cj;
      h[s0 + j] = o * Math.tanh(cj);
    }
  }
}

/**
 * From dh (and dc, null for none) to dPreGates [batch, 4·hidden] and dcPrev:
 * dc_total = dc + dh⊙o⊙(1 − tanh²c'), di = dc_total⊙g, df = dc_total⊙c, dg = dc_total⊙i,
 * do = dh⊙tanh c', each times its activation's slope; dcPrev = dc_total⊙f.
 */
export function lstmCellBackward(
  batch: number,
  hidden: number,
  gates: Float32Array,
  cPrev: Float32Array,
  c: Float32Array,
  dh: Float32Array,
  dc: Float32Array | null,
  dPreGates: Float32Array,
  dcPrev: Float32Array,
): void {
  const op = 'lstmCellBackward';
  checkSize(op, 'batch', batch);
  checkSize(op, 'hidden', hidden);
  const bh = batch * hidden;
  checkFloats(op, 'gates', gates, 4 * bh, '4*batch*hidden');
  checkFloats(op, 'cPrev', cPrev, bh, 'batch*hidden');
  checkFloats(op, 'c', c, bh, 'batch*hidden');
  checkFloats(op, 'dh', dh, bh, 'batch*hidden');
  if (dc !== null) checkFloats(op, 'dc', dc, bh, 'batch*hidden');
  checkFloats(op, 'dPreGates', dPreGates, 4 * bh, '4*batch*hidden');
  checkFloats(op, 'dcPrev', dcPrev, bh, 'batch*hidden');
  for (let b = 0; b < batch; b++) {
    const g0 = b * 4 * hidden;
    const s0 = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const i = gates[g0 + j];
      const f = gates[g0 + hidden + j];
      const g = gates[g0 + 2 * hidden + j];
      const o = gates[g0 + 3 * hidden + j];
      const tc = Math.tanh(c[s0 + j]);
      const dhj = dh[s0 + j];
      const dcTotal = (dc !== null ? dc[s0 + j] : 0) + dhj * o * (1 - tc * tc);
      dPreGates[g0 + j] = dcTotal * g * i * (1 - i);
      dPreGates[g0 + hidden + j] = dcTotal * cPrev[s0 + j] * f * (1 - f);
      dPreGates[g0 + 2 * hidden + j] = dcTotal * i * (1 - g * g);
      dPreGates[g0 + 3 * hidden + j] = dhj * tc * o * (1 - o);
      dcPrev[s0 + j] = dcTotal * f;
    }
  }
}

/**
 * gx, gh [batch, 3·hidden] (x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh) and hPrev → h; saved
 * [batch, 4·hidden] keeps [r z n gh_n] for the backward.
 */
export function gruCellForward(
  batch: number,
  hidden: number,
  gx: Float32Array,
  gh: Float32Array,
  hPrev: Float32Array,
  saved: Float32Array,
  h: Float32Array,
): void {
  const op = 'gruCellForward';
  checkSize(op, 'batch', batch);
  checkSize(op, 'hidden', hidden);
  const bh = batch * hidden;
  checkFloats(op, 'gx', gx, 3 * bh, '3*batch*hidden');
  checkFloats(op, 'gh', gh, 3 * bh, '3*batch*hidden');
  checkFloats(op, 'hPrev', hPrev, bh, 'batch*hidden');
  checkFloats(op, 'saved', saved, 4 * bh, '4*batch*hidden');
  checkFloats(op, 'h', h, bh, 'batch*hidden');
  for (let b = 0; b < batch; b++) {
    const g0 = b * 3 * hidden;
    const v0 = b * 4 * hidden;
    const s0 = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const r = sigmoid(gx[g0 + j] + gh[g0 + j]);
      const z = sigmoid(gx[g0 + hidden + j] + gh[g0 + hidden + j]);
      const ghn = gh[g0 + 2 * hidden + j];
      const n = Math.tanh(gx[g0 + 2 * hidden + j] + r * ghn);
      saved[v0 + j] = r;
      saved[v0 + hidden + j] = z;
      saved[v0 + 2 * hidden + j] = n;
      saved[v0 + 3 * hidden + j] = ghn;
      h[s0 + j] = (1 - z) * n + z * hPrev[s0 + j];
    }
  }
}

/**
 * dh → dgx, dgh [batch, 3·hidden] and the direct part of dhPrev (dh⊙z; the caller adds
 * dgh·W_hh): dn = dh⊙(1 − z)⊙(1 − n²), dz = dh⊙(h_prev − n)⊙z(1 − z),
 * dr = dn⊙gh_n⊙r(1 − r); dgx = [dr dz dn], dgh = [dr dz dn⊙r].
 */
export function gruCellBackward(
  batch: number,
  hidden: number,
  saved: Float32Array,
  hPrev: Float32Array,
  dh: Float32Array,
  dgx: Float32Array,
  dgh: Float32Array,
  dhPrev: Float32Array,
): void {
  const op = 'gruCellBackward';
  checkSize(op, 'batch', batch);
  checkSize(op, 'hidden', hidden);
  const bh = batch * hidden;
  checkFloats(op, 'saved', saved, 4 * bh, '4*batch*hidden');
  checkFloats(op, 'hPrev', hPrev, bh, 'batch*hidden');
  checkFloats(op, 'dh', dh, bh, 'batch*hidden');
  checkFloats(op, 'dgx', dgx, 3 * bh, '3*batch*hidden');
  checkFloats(op, 'dgh', dgh, 3 * bh, '3*batch*hidden');
  checkFloats(op, 'dhPrev', dhPrev, bh, 'batch*hidden');
  for (let b = 0; b < batch; b++) {
    const g0 = b * 3 * hidden;
    const v0 = b * 4 * hidden;
    const s0 = b * hidden;
    for (let j = 0; j < hidden; j++) {
      const r = saved[v0 + j];
      const z = saved[v0 + hidden + j];
      const n = saved[v0 + 2 * hidden + j];
      const ghn = saved[v0 + 3 * hidden + j];
      const d = dh[s0 + j];
      const dn = d * (1 - z) * (1 - n * n);
      const dz = d * (hPrev[s0 + j] - n) * z * (1 - z);
      const dr = dn * ghn * r * (1 - r);
      dgx[g0 + j] = dr;
      dgx[g0 + hidden + j] = dz;
      dgx[g0 + 2 * hidden + j] = dn;
      dgh[g0 + j] = dr;
      dgh[g0 + hidden + j] = dz;
      dgh[g0 + 2 * hidden + j] = dn * r;
      dhPrev[s0 + j] = d * z;
    }
  }
}
