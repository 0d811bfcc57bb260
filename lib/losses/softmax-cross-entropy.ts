// Softmax cross-entropy from logits as ONE graph node (forward and VJP side by side), instead
// of the composition logSoftmax → mul → sum → neg → mean (five nodes, five allocations and
// five VJPs per step). With class-index targets it is the backend's fused kernels:
//   forward  p = softmax(x), ℓ_r = log Σ_j e^(x_rj − m_r) − (x_r,t_r − m_r)   (m_r the row max)
//   backward ∂ℓ_r/∂x_rj = p_rj − [j = t_r]
// With a target distribution T (one-hot, probabilities, or label-smoothed indices):
//   ℓ_r = −Σ_j T_rj·log p_rj,  ∂ℓ_r/∂x_rj = p_rj·Σ_k T_rk − T_rj
// (Σ_k T_rk is 1 for a proper distribution; kept so the VJP is exact for any T).
// The reduction is part of the node: 'mean' seeds each row with dy/N, 'sum' with dy, 'none'
// with dy_r. The target is a constant here; a target that requires grad takes the composed
// path in index.ts, which also differentiates with respect to it.
import { node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { Tensor } from '../tensor.js';

export type FusedReduction = 'mean' | 'sum' | 'none';

/**
 * The fused loss of logits [N, C] against class indices (`labels`, N whole numbers in [0, C),
 * already checked) or a target distribution (`dist`, N×C). Exactly one of labels, dist is given.
 */
export function softmaxCrossEntropyNode(
  logits: Tensor,
  labels: Float32Array | null,
  dist: Float32Array | null,
  reduction: FusedReduction,
  ignored: Uint8Array | null = null,
): Tensor {
  const [n, c] = logits.shape;
  const probs = new Float32Array(n * c);
  const losses = new Float32Array(n);
  let targetMass: Float32Array | null = null; // Σ_k T_rk per row (dist path only)
  if (labels !== null) {
    backend().softmaxCrossEntropyForward(n, c, logits.data, labels, probs, losses);
  } else {
    const t = dist as Float32Array;
    targetMass = new Float32Array(n);
    backend().logSoftmaxForward(n, c, logits.data, probs); // log p first, stable at any scale
    for (let r = 0; r < n; r++) {
      const o = r * c;
      let loss = 0;
      let mass = 0;
      for (let j = 0; j < c; j++) {
        const w = t[o + j];
        if (w !== 0) loss -= w * probs[o + j]; // 0·(−∞) would be NaN: a zero weight adds nothing
        mass += w;
        probs[o + j] = Math.exp(probs[o + j]);
      }
      losses[r] = loss;
      targetMass[r] = mass;
    }
  }
  let counted = n; // rows that count towards 'mean' (all but the ignored ones)
  if (ignored !== null) {
    for (let r = 0; r < n; r++) {
      if (!ignored[r]) continue;
      losses[r] = 0;
      counted--;
    }
  }
  let out: Tensor;
  if (reduction === 'none') {
    out = new Tensor(losses, [n]);
  } else {
    let total = 0;
    for (let r = 0; r < n; r++) total += losses[r];
    out = new Tensor(new Float32Array([reduction === 'mean' ? total / counted : total]), []);
  }
  return node(
    'softmaxCrossEntropy',
    [logits],
    out,
    (dy) => {
      const dLoss = new Float32Array(n);
      if (reduction === 'none') dLoss.set(dy.data);
      else dLoss.fill(reduction === 'mean' ? dy.data[0] / counted : dy.data[0]);
      if (ignored !== null) for (let r = 0; r < n; r++) if (ignored[r]) dLoss[r] = 0;
      const dLogits = new Float32Array(n * c);
      if (labels !== null) {
        backend().softmaxCrossEntropyBackward(n, c, probs, labels, dLoss, dLogits);
      } else {
        const t = dist as Float32Array;
        const mass = targetMass as Float32Array;
        for (let r = 0; r < n; r++) {
          const o = r * c;
          const g = dLoss[r];
          const m = mass[r];
          for (let j = 0; j < c; j++) dLogits[o + j] = g * (probs[o + j] * m - t[o + j]);
        }
      }
      return [new Tensor(dLogits, logits.shape.slice())];
    },
    { reduction, probs },
  );
}
