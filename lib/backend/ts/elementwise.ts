// Elementwise kernels over Float32Array: unary ops, broadcasting binary ops and their
// local gradients, strided copy/accumulate. The op is switched once per row, never per element.
import { BinaryOp, type BinaryOpCode, UnaryOp, type UnaryOpCode } from '../backend.js';
import { contiguousStrides, planRows } from './strided.js';

export function unaryForward(op: UnaryOpCode, alpha: number, beta: number, x: Float32Array, y: Float32Array): void {
  const n = x.length;
  switch (op) {
    case UnaryOp.neg:
      for (let i = 0; i < n; i++) y[i] = -x[i];
      return;
    case UnaryOp.exp:
      for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]);
      return;
    case UnaryOp.log:
      for (let i = 0; i < n; i++) y[i] = Math.log(x[i]);
      return;
    case UnaryOp.sqrt:
      for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]);
      return;
    case UnaryOp.abs:
      for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]);
      return;
    case UnaryOp.pow:
      if (alpha === 2) for (let i = 0; i < n; i++) y[i] = x[i] * x[i];
      else for (let i = 0; i < n; i++) y[i] = x[i] ** alpha;
      return;
    case UnaryOp.scale:
      for (let i = 0; i < n; i++) y[i] = alpha * x[i];
      return;
    case UnaryOp.clamp: // NaN stays NaN, as PyTorch
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v < alpha ? alpha : v > beta ? beta : v;
      }
      return;
    default:
      throw new RangeError(`unaryForward: expected a UnaryOp code in [0, 8), got ${op}`);
  }
}

export function unaryBackward(
  op: UnaryOpCode,
  alpha: number,
  beta: number,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
): void {
  const n = dy.length;
  switch (op) {
    case UnaryOp.neg:
      for (let i = 0; i < n; i++) dx[i] = -dy[i];
      return;
    case UnaryOp.exp: // (eˣ)' = eˣ, the saved output
      for (let i = 0; i < n; i++) dx[i] = dy[i] * y[i];
      return;
    case UnaryOp.log: // (ln x)' = 1/x
      for (let i = 0; i < n; i++) dx[i] = dy[i] / x[i];
      return;
    case UnaryOp.sqrt: // (√x)' = 1/(2√x), from the output
      for (let i = 0; i < n; i++) dx[i] = (0.5 * dy[i]) / y[i];
      return;
    case UnaryOp.abs: // sign(x); 0 at 0, as PyTorch
      for (let i = 0; i < n; i++) dx[i] = x[i] > 0 ? dy[i] : x[i] < 0 ? -dy[i] : 0;
      return;
    case UnaryOp.pow: // (xᵖ)' = p·xᵖ⁻¹; p = 0 gives 0 even at x = 0
      if (alpha === 0) dx.fill(0, 0, n);
      else if (alpha === 2) for (let i = 0; i < n; i++) dx[i] = 2 * dy[i] * x[i];
      else for (let i = 0; i < n; i++) dx[i] = dy[i] * alpha * x[i] ** (alpha - 1);
      return;
    case UnaryOp.scale:
      for (let i = 0; i < n; i++) dx[i] = alpha * dy[i];
      return;
    case UnaryOp.clamp: // passes where min ≤ x ≤ max (inclusive, as PyTorch)
      for (let i = 0; i < n; i++) dx[i] = x[i] >= alpha && x[i] <= beta ? dy[i] : 0;
      return;
    default:
      throw new RangeError(`unaryBackward: expected a UnaryOp code in [0, 8), got ${op}`);
  }
}

/**
 * The common cases need no row plan: both operands dense (strides contiguous) or one a
 * broadcast scalar (strides all 0). Returns [aStep, bStep] for a single row, or null.
 */
function singleRow(shape: Int32Array, aStrides: Int32Array, bStrides: Int32Array): [number, number] | null {
  const aStep = rowStep(shape, aStrides);
  const bStep = aStep < 0 ? -1 : rowStep(shape, bStrides);
  return bStep < 0 ? null : [aStep, bStep];
}

/** 1 if strides are the contiguous ones for shape, 0 if all zero, −1 otherwise. */
function rowStep(shape: Int32Array, strides: Int32Array): number {
  let zero = true;
  let contiguous = true;
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (strides[d] !== 0) zero = false;
    if (shape[d] !== 1 && strides[d] !== step) contiguous = false;
    step *= shape[d];
  }
  return contiguous ? 1 : zero ? 0 : -1;
}

function sizeOfShape(shape: Int32Array): number {
  let n = 1;
  for (let d = 0; d < shape.length; d++) n *= shape[d];
  return n;
}

export function binaryForward(
  op: BinaryOpCode,
  shape: Int32Array,
  a: Float32Array,
  aStrides: Int32Array,
  b: Float32Array,
  bStrides: Int32Array,
  out: Float32Array,
): void {
  const steps = singleRow(shape, aStrides, bStrides);
  if (steps !== null) {
    forwardRow(op, sizeOfShape(shape), a, 0, steps[0], b, 0, steps[1], out, 0);
    return;
  }
  const plan = planRows(shape, [contiguousStrides(shape), aStrides, bStrides]);
  for (let r = 0; r < plan.rows; r++) {
    forwardRow(
      op,
      plan.inner,
      a,
      plan.offsets[1][r],
      plan.innerStrides[1],
      b,
      plan.offsets[2][r],
      plan.innerStrides[2],
      out,
      plan.offsets[0][r],
    );
  }
}

function forwardRow(
  op: BinaryOpCode,
  n: number,
  a: Float32Array,
  ao: number,
  as: number,
  b: Float32Array,
  bo: number,
  bs: number,
  out: Float32Array,
  o: number,
): void {
  switch (op) {
    case BinaryOp.add:
      for (let j = 0; j < n; j++) out[o + j] = a[ao + j * as] + b[bo + j * bs];
      return;
    case BinaryOp.sub:
      for (let j = 0; j < n; j++) out[o + j] = a[ao + j * as] - b[bo + j * bs];
      return;
    case BinaryOp.mul:
      for (let j = 0; j < n; j++) out[o + j] = a[ao + j * as] * b[bo + j * bs];
      return;
    case BinaryOp.div:
      for (let j = 0; j < n; j++) out[o + j] = a[ao + j * as] / b[bo + j * bs];
      return;
    case BinaryOp.pow:
      for (let j = 0; j < n; j++) out[o + j] = a[ao + j * as] ** b[bo + j * bs];
      return;
    case BinaryOp.maximum: // NaN wins, as PyTorch
      for (let j = 0; j < n; j++) {
        const u = a[ao + j * as];
        const v = b[bo + j * bs];
        out[o + j] = u > v || Number.isNaN(u) ? u : v;
      }
      return;
    case BinaryOp.minimum:
      for (let j = 0; j < n; j++) {
        const u = a[ao + j * as];
        const v = b[bo + j * bs];
        out[o + j] = u < v || Number.isNaN(u) ? u : v;
      }
      return;
    default:
      throw new RangeError(`binaryForward: expected a BinaryOp code in [0, 7), got ${op}`);
  }
}

export function binaryBackward(
  op: BinaryOpCode,
  shape: Int32Array,
  a: Float32Array,
  aStrides: Int32Array,
  b: Float32Array,
  bStrides: Int32Array,
  y: Float32Array,
  dy: Float32Array,
  da: Float32Array | null,
  db: Float32Array | null,
): void {
  const steps = singleRow(shape, aStrides, bStrides);
  if (steps !== null) {
    backwardRow(op, sizeOfShape(shape), a, 0, steps[0], b, 0, steps[1], y, dy, da, db, 0);
    return;
  }
  const plan = planRows(shape, [contiguousStrides(shape), aStrides, bStrides]);
  for (let r = 0; r < plan.rows; r++) {
    backwardRow(
      op,
      plan.inner,
      a,
      plan.offsets[1][r],
      plan.innerStrides[1],
      b,
      plan.offsets[2][r],
      plan.innerStrides[2],
      y,
      dy,
      da,
      db,
      plan.offsets[0][r],
    );
  }
}

function backwardRow(
  op: BinaryOpCode,
  n: number,
  a: Float32Array,
  ao: number,
  as: number,
  b: Float32Array,
  bo: number,
  bs: number,
  y: Float32Array,
  dy: Float32Array,
  da: Float32Array | null,
  db: Float32Array | null,
  o: number,
): void {
  switch (op) {
    case BinaryOp.add: // add distributes: [dy, dy]
      if (da) for (let j = 0; j < n; j++) da[o + j] = dy[o + j];
      if (db) for (let j = 0; j < n; j++) db[o + j] = dy[o + j];
      return;
    case BinaryOp.sub:
      if (da) for (let j = 0; j < n; j++) da[o + j] = dy[o + j];
      if (db) for (let j = 0; j < n; j++) db[o + j] = -dy[o + j];
      return;
    case BinaryOp.mul: // mul switches: [dy·b, dy·a]
      if (da) for (let j = 0; j < n; j++) da[o + j] = dy[o + j] * b[bo + j * bs];
      if (db) for (let j = 0; j < n; j++) db[o + j] = dy[o + j] * a[ao + j * as];
      return;
    case BinaryOp.div: // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²
      if (da) for (let j = 0; j < n; j++) da[o + j] = dy[o + j] / b[bo + j * bs];
      if (db) {
        for (let j = 0; j < n; j++) {
          const bv = b[bo + j * bs];
          db[o + j] = (-dy[o + j] * a[ao + j * as]) / (bv * bv);
        }
      }
      return;
    case BinaryOp.pow: // ∂aᵇ/∂a = b·aᵇ⁻¹, ∂aᵇ/∂b = aᵇ·ln a (0 where a = 0, as PyTorch)
      if (da) {
        for (let j = 0; j < n; j++) {
          const bv = b[bo + j * bs];
          da[o + j] = bv === 0 ? 0 : dy[o + j] * bv * a[ao + j * as] ** (bv - 1);
        }
      }
      if (db) {
        for (let j = 0; j < n; j++) {
          const av = a[ao + j * as];
          db[o + j] = av === 0 ? 0 : dy[o + j] * y[o + j] * Math.log(av);
        }
      }
      return;
    case BinaryOp.maximum: // max routes dy to the larger input; a tie splits it evenly
    case BinaryOp.minimum: {
      const sign = op === BinaryOp.maximum ? 1 : -1;
      for (let j = 0; j < n; j++) {
        const d = sign * (a[ao + j * as] - b[bo + j * bs]);
        const g = dy[o + j];
        if (da) da[o + j] = d > 0 ? g : d === 0 ? 0.5 * g : 0;
        if (db) db[o + j] = d < 0 ? g : d === 0 ? 0.5 * g : 0;
      }
      return;
    }
    default:
      throw new RangeError(`binaryBackward: expected a BinaryOp code in [0, 7), got ${op}`);
  }
}

export function stridedCopy(
  shape: Int32Array,
  x: Float32Array,
  xOffset: number,
  xStrides: Int32Array,
  out: Float32Array,
): void {
  const plan = planRows(shape, [contiguousStrides(shape), xStrides]);
  const n = plan.inner;
  const xs = plan.innerStrides[1];
  for (let r = 0; r < plan.rows; r++) {
    const o = plan.offsets[0][r];
    const xo = xOffset + plan.offsets[1][r];
    if (xs === 1) out.set(x.subarray(xo, xo + n), o);
    else for (let j = 0; j < n; j++) out[o + j] = x[xo + j * xs];
  }
}

export function stridedAccumulate(
  shape: Int32Array,
  x: Float32Array,
  out: Float32Array,
  outOffset: number,
  outStrides: Int32Array,
): void {
  const plan = planRows(shape, [contiguousStrides(shape), outStrides]);
  const n = plan.inner;
  const os = plan.innerStrides[1];
  for (let r = 0; r < plan.rows; r++) {
    const xo = plan.offsets[0][r];
    const oo = outOffset + plan.offsets[1][r];
    if (os === 0) {
      let sum = 0; // a reduced row: sum in float64, store once
      for (let j = 0; j < n; j++) sum += x[xo + j];
      out[oo] += sum;
    } else {
      for (let j = 0; j < n; j++) out[oo + j * os] += x[xo + j];
    }
  }
}
