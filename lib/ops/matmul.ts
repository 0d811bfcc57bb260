// a·b over the last two axes: [..., m, k]·[..., k, n] → [..., m, n]. Batched when either
// side has leading axes (equal on both, or absent on one). VJP: dA = dY·Bᵀ, dB = Aᵀ·dY,
// summed over the batch for a side that was shared by every batch.

import { node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { formatShape, sameShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor('matmul', 'a', a);
  checkTensor('matmul', 'b', b);
  if (a.ndim < 2 || b.ndim < 2) {
    throw new RangeError(
      `matmul: expected tensors with at least 2 dimensions, got a ${formatShape(a.shape)} and b ${formatShape(b.shape)}`,
    );
  }
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (k !== k2) {
    throw new RangeError(`matmul: inner dimensions differ: a is ${formatShape(a.shape)}, b is ${formatShape(b.shape)}`);
  }
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  if (aBatch.length > 0 && bBatch.length > 0 && !sameShape(aBatch, bBatch)) {
    throw new RangeError(
      `matmul: batch dimensions differ: a is ${formatShape(a.shape)}, b is ${formatShape(b.shape)} ` +
        '(batch axes must be equal, or absent on one side)',
    );
  }
  const batchShape = aBatch.length > 0 ? aBatch : bBatch;
  const batches = sizeOf(batchShape);
  const aStep = aBatch.length > 0 ? m * k : 0; // 0: a is shared by every batch
  const bStep = bBatch.length > 0 ? k * n : 0;
  const y = Tensor.empty([...batchShape, m, n]);
  const be = backend();
  if (bStep === 0) {
    be.gemm(false, false, batches * m, n, k, 1, a.data, b.data, 0, y.data); // fold the batch into rows
  } else {
    for (let i = 0; i < batches; i++) {
      be.gemm(
        false,
        false,
        m,
        n,
        k,
        1,
        part(a.data, i * aStep, m * k),
        part(b.data, i * bStep, k * n),
        0,
        part(y.data, i * m * n, m * n),
      );
    }
  }
  return node('matmul', [a, b], y, (dy) => {
    const da = a.requiresGrad ? Tensor.empty(a.shape) : null;
    const db = b.requiresGrad ? Tensor.empty(b.shape) : null;
    const g = backend();
    if (bStep === 0) {
      if (da) g.gemm(false, true, batches * m, k, n, 1, dy.data, b.data, 0, da.data); // dA = dY·Bᵀ
      if (db) g.gemm(true, false, k, n, batches * m, 1, a.data, dy.data, 0, db.data); // dB = Aᵀ·dY over all rows
    } else {
      for (let i = 0; i < batches; i++) {
        const dyi = part(dy.data, i * m * n, m * n);
        const ai = part(a.data, i * aStep, m * k);
        const bi = part(b.data, i * bStep, k * n);
        const accumulateA = aStep === 0 && i > 0 ? 1 : 0;
        if (da) g.gemm(false, true, m, k, n, 1, dyi, bi, accumulateA, part(da.data, i * aStep, m * k));
        if (db) g.gemm(true, false, k, n, m, 1, ai, dyi, 0, part(db.data, i * bStep, k * n));
      }
    }
    return [da, db];
  });
}

function part(data: Float32Array, offset: number, length: number): Float32Array {
  return offset === 0 && length === data.length ? data : data.subarray(offset, offset + length);
}
