// embedding: rows of a weight [vocab, dim] picked by integer ids — a gather; its VJP is the
// scatter-add dW[id] += dy (an id used twice gets both gradients), skipping paddingIdx,
// whose row gets no gradient (torch's padding_idx). The ids are data, not differentiated.
import { node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { describe, formatShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

export type TokenIds = Tensor | Int32Array | number[] | number[][];

export interface EmbeddingOptions {
  /** This id's row is looked up as any other but never receives a gradient (negative: from the end). */
  paddingIdx?: number | null;
}

/** The ids as Int32Array with their shape; each must be an integer in [0, vocab). */
export function readTokenIds(op: string, ids: unknown, vocab: number): { ids: Int32Array; shape: number[] } {
  let values: ArrayLike<number>;
  let shape: number[];
  if (ids instanceof Tensor) {
    values = ids.data;
    shape = ids.shape.slice();
  } else if (ids instanceof Int32Array) {
    values = ids;
    shape = [ids.length];
  } else if (Array.isArray(ids) && ids.every((r) => Array.isArray(r))) {
    const rows = ids as number[][];
    const width = rows.length === 0 ? 0 : rows[0].length;
    if (!rows.every((r) => r.length === width)) {
      throw new RangeError(
        `${op}: expected ids rows of equal length, got lengths ${rows.map((r) => r.length).join(', ')}`,
      );
    }
    values = rows.flat();
    shape = [rows.length, width];
  } else if (Array.isArray(ids)) {
    values = ids as number[];
    shape = [ids.length];
  } else {
    throw new TypeError(
      `${op}: expected token ids as a Tensor, an Int32Array or an array of integers, got ${describe(ids)}`,
    );
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(Number.isInteger(v) && v >= 0 && v < vocab)) {
      throw new RangeError(
        `${op}: token id ${String(v)} at index ${i} of ids ${formatShape(shape)} is outside [0, ${vocab}) (the table has ${vocab} rows)`,
      );
    }
    out[i] = v;
  }
  return { ids: out, shape };
}

/** weight [vocab, dim] looked up at ids of any shape → [...ids.shape, dim]. */
export function embedding(weight: Tensor, ids: TokenIds, opts: EmbeddingOptions = {}): Tensor {
  const op = 'embedding';
  checkTensor(op, 'weight', weight);
  if (weight.ndim !== 2) throw new RangeError(`${op}: expected weight [vocab, dim], got ${formatShape(weight.shape)}`);
  const [vocab, dim] = weight.shape;
  const paddingIdx = resolvePaddingIdx(op, opts.paddingIdx, vocab);
  const read = readTokenIds(op, ids, vocab);
  const y = Tensor.uninitialized([...read.shape, dim]);
  if (sizeOf(y.shape) > 0) backend().embeddingForward(vocab, dim, read.ids, weight.data, y.data);
  return node(
    op,
    [weight],
    y,
    (dy) => {
      const dw = Tensor.empty(weight.shape);
      backend().embeddingBackward(vocab, dim, read.ids, dy.data, paddingIdx, dw.data);
      return [dw];
    },
    { paddingIdx },
  );
}

/** −1 for none; a negative index counts from the end, as torch. */
export function resolvePaddingIdx(op: string, paddingIdx: unknown, vocab: number): number {
  if (paddingIdx === undefined || paddingIdx === null) return -1;
  if (typeof paddingIdx !== 'number' || !Number.isInteger(paddingIdx) || paddingIdx < -vocab || paddingIdx >= vocab) {
    throw new RangeError(
      `${op}: expected paddingIdx to be an integer in [${-vocab}, ${vocab}), got ${describe(paddingIdx)}`,
    );
  }
  return paddingIdx < 0 ? paddingIdx + vocab : paddingIdx;
}
