// scaledDotProductAttention, as torch's F.scaled_dot_product_attention:
//   S = scale·Q·Kᵀ (+ mask),  P = softmax(S) (causal: row i sees keys j ≤ i),
//   P̃ = dropout(P),  O = P̃·V;   q [..., L, E], k [..., S, E], v [..., S, Ev] → [..., L, Ev].
// Every product is one strided batched GEMM over the leading axes (no copies). VJP:
//   dV = P̃ᵀ·dO,  dP̃ = dO·Vᵀ,  dP = dP̃ ⊙ M/(1−p),  dS = P ⊙ (dP − Σ dP·P),
//   dQ = scale·dS·K,  dK = scale·dSᵀ·Q,  dMask = dS summed to the mask's shape.
import { node } from '../autograd.js';
import { BinaryOp } from '../backend/backend.js';
import { backend } from '../backend/load.js';
import { random } from '../random.js';
import {
  broadcastShapes,
  broadcastStrides,
  contiguousStrides,
  describe,
  formatShape,
  sameShape,
  sizeOf,
} from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor, sumToShape } from './operand.js';

export interface AttentionOptions {
  /** Added to the scores (−Infinity blocks a key), broadcastable to [..., L, S]. */
  mask?: Tensor | null;
  /** torch's is_causal: query i attends to keys 0..i. Not together with mask. */
  causal?: boolean;
  /** Dropout probability on the attention weights (applied whenever > 0, as torch's dropout_p). */
  dropout?: number;
  /** Defaults to 1/√E. */
  scale?: number;
}

export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  const op = 'scaledDotProductAttention';
  checkTensor(op, 'q', q);
  checkTensor(op, 'k', k);
  checkTensor(op, 'v', v);
  if (q.ndim < 2 || k.ndim < 2 || v.ndim < 2) {
    throw new RangeError(`${op}: expected q, k, v with at least 2 dimensions, got ${shapes(q, k, v)}`);
  }
  const [L, E] = q.shape.slice(-2);
  const [S, Ek] = k.shape.slice(-2);
  const [Sv, Ev] = v.shape.slice(-2);
  const batchShape = q.shape.slice(0, -2);
  if (
    !sameShape(batchShape, k.shape.slice(0, -2)) ||
    !sameShape(batchShape, v.shape.slice(0, -2)) ||
    Ek !== E ||
    Sv !== S
  ) {
    throw new RangeError(
      `${op}: expected q [..., L, E], k [..., S, E], v [..., S, Ev] with the same leading axes, got ${shapes(q, k, v)}`,
    );
  }
  const causal = opts.causal === true;
  const mask = opts.mask ?? null;
  if (opts.causal !== undefined && typeof opts.causal !== 'boolean') {
    throw new TypeError(`${op}: expected causal to be a boolean, got ${describe(opts.causal)}`);
  }
  if (causal && mask !== null) throw new RangeError(`${op}: expected either mask or causal, got both (as torch)`);
  const p = opts.dropout ?? 0;
  if (typeof p !== 'number' || !(p >= 0 && p < 1))
    throw new RangeError(`${op}: expected dropout in [0, 1), got ${describe(p)}`);
  const scale = opts.scale ?? 1 / Math.sqrt(E);
  if (typeof scale !== 'number' || !Number.isFinite(scale)) {
    throw new TypeError(`${op}: expected scale to be a finite number, got ${describe(scale)}`);
  }
  const scoresShape = [...batchShape, L, S];
  if (mask !== null) {
    checkTensor(op, 'mask', mask);
    let ok = mask.ndim <= scoresShape.length;
    if (ok) {
      try {
        ok = sameShape(broadcastShapes(op, mask.shape, scoresShape), scoresShape);
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      throw new RangeError(
        `${op}: expected mask broadcastable to the scores ${formatShape(scoresShape)} ([..., L, S]), got ${formatShape(mask.shape)}`,
      );
    }
  }

  const be = backend();
  const batches = sizeOf(batchShape);
  const scores = new Float32Array(batches * L * S);
  be.gemmStridedBatched(false, true, L, S, E, scale, q.data, L * E, k.data, S * E, 0, scores, L * S, batches);
  if (mask !== null) {
    const shape = Int32Array.from(scoresShape);
    const own = Int32Array.from(contiguousStrides(scoresShape));
    const masked = new Float32Array(scores.length);
    be.binaryForward(BinaryOp.add, shape, scores, own, mask.data, broadcastStrides(mask.shape, scoresShape), masked);
    scores.set(masked);
  }
  const probs = new Float32Array(scores.length);
  if (causal) be.causalSoftmaxForward(batches, L, S, scores, probs);
  else be.softmaxForward(batches * L, S, scores, probs);
  let keep: Float32Array | null = null; // M/(1−p): 0 or 1/(1−p) per weight
  let weights = probs;
  if (p > 0) {
    keep = new Float32Array(probs.length);
    weights = new Float32Array(probs.length);
    const inv = 1 / (1 - p);
    for (let i = 0; i < keep.length; i++) {
      keep[i] = random() < p ? 0 : inv;
      weights[i] = probs[i] * keep[i];
    }
  }
  const out = Tensor.uninitialized([...batchShape, L, Ev]);
  be.gemmStridedBatched(false, false, L, Ev, S, 1, weights, L * S, v.data, S * Ev, 0, out.data, L * Ev, batches);

  const inputs = mask !== null ? [q, k, v, mask] : [q, k, v];
  return node(
    op,
    inputs,
    out,
    (dO) => {
      const g = backend();
      let dq: Tensor | null = null;
      let dk: Tensor | null = null;
      let dv: Tensor | null = null;
      if (v.requiresGrad) {
        dv = Tensor.uninitialized(v.shape);
        g.gemmStridedBatched(true, false, S, Ev, L, 1, weights, L * S, dO.data, L * Ev, 0, dv.data, S * Ev, batches);
      }
      const needScores = q.requiresGrad || k.requiresGrad || (mask !== null && mask.requiresGrad);
      if (!needScores) return [dq, dk, dv, null];
      const dP = new Float32Array(scores.length);
      g.gemmStridedBatched(false, true, L, S, Ev, 1, dO.data, L * Ev, v.data, S * Ev, 0, dP, L * S, batches);
      if (keep !== null) for (let i = 0; i < dP.length; i++) dP[i] *= keep[i];
      const dS = new Float32Array(scores.length);
      g.softmaxBackward(batches * L, S, probs, dP, dS);
      if (q.requiresGrad) {
        dq = Tensor.uninitialized(q.shape);
        g.gemmStridedBatched(false, false, L, E, S, scale, dS, L * S, k.data, S * E, 0, dq.data, L * E, batches);
      }
      if (k.requiresGrad) {
        dk = Tensor.uninitialized(k.shape);
        g.gemmStridedBatched(true, false, S, E, L, scale, dS, L * S, q.data, L * E, 0, dk.data, S * E, batches);
      }
      const dMask = mask !== null && mask.requiresGrad ? sumToShape(dS, scoresShape, mask.shape) : null;
      return [dq, dk, dv, dMask];
    },
    { scale, causal, dropout: p },
  );
}

function shapes(q: Tensor, k: Tensor, v: Tensor): string {
  return `q ${formatShape(q.shape)}, k ${formatShape(k.shape)}, v ${formatShape(v.shape)}`;
}
