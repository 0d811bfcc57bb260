// a·b exactly as torch.matmul: 1-D a is a row [1, k] and 1-D b a column [k, 1] (that axis is
// dropped from the result; two 1-D operands give their dot product, a 0-d tensor); leading
// batch axes broadcast as numpy does ([1,3,4]·[2,4,5] → [2,3,5]). VJP per batch:
// dA = dY·Bᵀ, dB = Aᵀ·dY, each summed over the batches its operand was broadcast along.
//
// Three ways to run it, cheapest first: b shared by every batch folds the batch into the
// rows of one GEMM; each side either full or shared is one strided batched GEMM (no copies);
// any other broadcast walks the batch with per-matrix offsets.
import { node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { broadcastShapes, broadcastStrides, formatShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor('matmul', 'a', a);
  checkTensor('matmul', 'b', b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new RangeError(
      `matmul: expected tensors with at least 1 dimension, got a ${formatShape(a.shape)} and b ${formatShape(b.shape)}`,
    );
  }
  const aMat = a.ndim === 1 ? [1, a.shape[0]] : a.shape;
  const bMat = b.ndim === 1 ? [b.shape[0], 1] : b.shape;
  const [m, k] = aMat.slice(-2);
  const [k2, n] = bMat.slice(-2);
  if (k !== k2) {
    throw new RangeError(
      `matmul: inner dimensions differ: a is ${formatShape(a.shape)}, b is ${formatShape(b.shape)} ` +
        `(a's last axis ${k} vs b's ${b.ndim === 1 ? 'only' : 'second-to-last'} axis ${k2})`,
    );
  }
  const aBatch = aMat.slice(0, -2);
  const bBatch = bMat.slice(0, -2);
  const batchShape = broadcastShapesFor(aBatch, bBatch, a, b);
  const batches = sizeOf(batchShape);
  const outShape = [...batchShape];
  if (a.ndim > 1) outShape.push(m);
  if (b.ndim > 1) outShape.push(n);
  const y = Tensor.uninitialized(outShape);
  const aCount = sizeOf(aBatch);
  const bCount = sizeOf(bBatch);
  const mk = m * k;
  const kn = k * n;
  const mn = m * n;
  const be = backend();

  const folded = bCount === 1 && aCount === batches;
  const strided = !folded && (aCount === 1 || aCount === batches) && (bCount === 1 || bCount === batches);
  let aOffsets: Int32Array | null = null;
  let bOffsets: Int32Array | null = null;
  if (folded) {
    be.gemm(false, false, batches * m, n, k, 1, a.data, b.data, 0, y.data);
  } else if (strided) {
    const sa = aCount === 1 ? 0 : mk;
    const sb = bCount === 1 ? 0 : kn;
    be.gemmStridedBatched(false, false, m, n, k, 1, a.data, sa, b.data, sb, 0, y.data, mn, batches);
  } else {
    aOffsets = matrixOffsets(aBatch, batchShape, mk);
    bOffsets = matrixOffsets(bBatch, batchShape, kn);
    for (let i = 0; i < batches; i++) {
      be.gemm(
        false,
        false,
        m,
        n,
        k,
        1,
        part(a.data, aOffsets[i], mk),
        part(b.data, bOffsets[i], kn),
        0,
        part(y.data, i * mn, mn),
      );
    }
  }
  return node('matmul', [a, b], y, (dy) => {
    const g = backend();
    const alloc = batches === 0 ? Tensor.empty : Tensor.uninitialized; // no batch: nothing overwrites
    const da = a.requiresGrad ? alloc(a.shape) : null;
    const db = b.requiresGrad ? alloc(b.shape) : null;
    if (folded) {
      if (da) g.gemm(false, true, batches * m, k, n, 1, dy.data, b.data, 0, da.data); // dA = dY·Bᵀ
      if (db) g.gemm(true, false, k, n, batches * m, 1, a.data, dy.data, 0, db.data); // dB = Aᵀ·dY, all rows
    } else if (strided) {
      const sa = aCount === 1 ? 0 : mk;
      const sb = bCount === 1 ? 0 : kn;
      // a stride of 0 on the output sums the batch into the shared operand's gradient
      if (da) g.gemmStridedBatched(false, true, m, k, n, 1, dy.data, mn, b.data, sb, 0, da.data, sa, batches);
      if (db) g.gemmStridedBatched(true, false, k, n, m, 1, a.data, sa, dy.data, mn, 0, db.data, sb, batches);
    } else {
      const ao = aOffsets as Int32Array;
      const bo = bOffsets as Int32Array;
      if (da) da.data.fill(0);
      if (db) db.data.fill(0);
      for (let i = 0; i < batches; i++) {
        const dyi = part(dy.data, i * mn, mn);
        if (da) g.gemm(false, true, m, k, n, 1, dyi, part(b.data, bo[i], kn), 1, part(da.data, ao[i], mk));
        if (db) g.gemm(true, false, k, n, m, 1, part(a.data, ao[i], mk), dyi, 1, part(db.data, bo[i], kn));
      }
    }
    return [da, db];
  });
}

function broadcastShapesFor(aBatch: number[], bBatch: number[], a: Tensor, b: Tensor): number[] {
  try {
    return broadcastShapes('matmul', aBatch, bBatch);
  } catch {
    throw new RangeError(
      `matmul: batch dimensions do not broadcast: a ${formatShape(a.shape)} (batch ${formatShape(aBatch)}), b ${formatShape(b.shape)} (batch ${formatShape(bBatch)})`,
    );
  }
}

/** For each batch index of `batchShape`, where that batch's matrix starts in an operand with batch axes `own`. */
function matrixOffsets(own: number[], batchShape: number[], matrixSize: number): Int32Array {
  const strides = broadcastStrides(own, batchShape);
  const count = sizeOf(batchShape);
  const out = new Int32Array(count);
  const idx = new Array<number>(batchShape.length).fill(0);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    out[i] = offset * matrixSize;
    for (let d = batchShape.length - 1; d >= 0; d--) {
      idx[d]++;
      offset += strides[d];
      if (idx[d] < batchShape[d]) break;
      offset -= strides[d] * idx[d];
      idx[d] = 0;
    }
  }
  return out;
}

function part(data: Float32Array, offset: number, length: number): Float32Array {
  return offset === 0 && length === data.length ? data : data.subarray(offset, offset + length);
}
