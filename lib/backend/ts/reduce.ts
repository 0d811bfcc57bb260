// Reductions (sum, mean, max, min) over any set of axes. The caller passes the output's
// strides per input axis, 0 on the reduced axes, so one loop serves every axis choice.
import { ReduceOp, type ReduceOpCode } from '../backend.js';
import { contiguousStrides, planRows } from './strided.js';

export function reduceForward(
  op: ReduceOpCode,
  shape: Int32Array,
  x: Float32Array,
  outStrides: Int32Array,
  out: Float32Array,
): void {
  if (op < ReduceOp.sum || op > ReduceOp.min) {
    throw new RangeError(`reduceForward: expected a ReduceOp code in [0, 4), got ${op}`);
  }
  const isSum = op === ReduceOp.sum || op === ReduceOp.mean;
  out.fill(isSum ? 0 : op === ReduceOp.max ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
  const plan = planRows(shape, [contiguousStrides(shape), outStrides]);
  const n = plan.inner;
  const os = plan.innerStrides[1];
  for (let r = 0; r < plan.rows; r++) {
    const xo = plan.offsets[0][r];
    const oo = plan.offsets[1][r];
    if (isSum) {
      if (os === 0) {
        let sum = 0; // float64 accumulator along a reduced row
        for (let j = 0; j < n; j++) sum += x[xo + j];
        out[oo] += sum;
      } else {
        for (let j = 0; j < n; j++) out[oo + j * os] += x[xo + j];
      }
    } else if (op === ReduceOp.max) {
      // a NaN wins and then stays (NaN > anything is false)
      for (let j = 0; j < n; j++) {
        const v = x[xo + j];
        const cur = out[oo + j * os];
        if (v > cur || Number.isNaN(v)) out[oo + j * os] = v;
      }
    } else {
      for (let j = 0; j < n; j++) {
        const v = x[xo + j];
        const cur = out[oo + j * os];
        if (v < cur || Number.isNaN(v)) out[oo + j * os] = v;
      }
    }
  }
  if (op === ReduceOp.mean && out.length > 0) {
    const scale = out.length / x.length; // 1 / (elements per output)
    for (let i = 0; i < out.length; i++) out[i] *= scale;
  }
}

export function reduceBackward(
  op: ReduceOpCode,
  shape: Int32Array,
  x: Float32Array,
  outStrides: Int32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
): void {
  const plan = planRows(shape, [contiguousStrides(shape), outStrides]);
  const n = plan.inner;
  const os = plan.innerStrides[1];
  if (op === ReduceOp.sum || op === ReduceOp.mean) {
    // sum broadcasts dy back over the reduced axes; mean also divides by the count
    const scale = op === ReduceOp.mean ? dy.length / Math.max(x.length, 1) : 1;
    for (let r = 0; r < plan.rows; r++) {
      const xo = plan.offsets[0][r];
      const oo = plan.offsets[1][r];
      for (let j = 0; j < n; j++) dx[xo + j] = scale * dy[oo + j * os];
    }
    return;
  }
  if (op !== ReduceOp.max && op !== ReduceOp.min) {
    throw new RangeError(`reduceBackward: expected a ReduceOp code in [0, 4), got ${op}`);
  }
  // max/min route dy to the winner; k tied winners get dy/k each (as PyTorch's amax/amin)
  const ties = new Float32Array(dy.length);
  for (let r = 0; r < plan.rows; r++) {
    const xo = plan.offsets[0][r];
    const oo = plan.offsets[1][r];
    for (let j = 0; j < n; j++) if (x[xo + j] === y[oo + j * os]) ties[oo + j * os] += 1;
  }
  for (let r = 0; r < plan.rows; r++) {
    const xo = plan.offsets[0][r];
    const oo = plan.offsets[1][r];
    for (let j = 0; j < n; j++) {
      const o = oo + j * os;
      dx[xo + j] = x[xo + j] === y[o] ? dy[o] / ties[o] : 0;
    }
  }
}
