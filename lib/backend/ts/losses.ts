// Softmax cross-entropy from logits, fused: probabilities and per-row losses in one pass
// forward, dLogits = dLoss·(p − onehot(t)) backward. Targets are class indices stored as
// floats (so every kernel argument stays a Float32Array).

/** Throws unless every target is a whole class index in [0, cols), worded as the addon does. */
export function checkTargets(op: string, targets: Float32Array, rows: number, cols: number): void {
  if (rows > 0 && cols === 0) throw new RangeError(`${op}: expected cols >= 1 when rows > 0, got cols 0`);
  for (let r = 0; r < rows; r++) {
    const t = targets[r];
    if (!(t >= 0 && t < cols && Math.floor(t) === t)) {
      throw new RangeError(`${op}: expected targets[${r}] to be a class index in [0, ${cols}), got ${t}`);
    }
  }
}

/** probs = softmax(logits); losses[r] = −log p[r, t] = log Σ e^(x − max) − (x_t − max). */
export function softmaxCrossEntropyForward(
  rows: number,
  cols: number,
  logits: Float32Array,
  targets: Float32Array,
  probs: Float32Array,
  losses: Float32Array,
): void {
  checkTargets('softmaxCrossEntropyForward', targets, rows, cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) if (logits[o + j] > max) max = logits[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(logits[o + j] - max);
      probs[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) probs[o + j] *= inv;
    losses[r] = Math.log(sum) - (logits[o + targets[r]] - max);
  }
}

/** dLogits[r, j] = dLoss[r]·(p[r, j] − [j = t_r]). */
export function softmaxCrossEntropyBackward(
  rows: number,
  cols: number,
  probs: Float32Array,
  targets: Float32Array,
  dLoss: Float32Array,
  dLogits: Float32Array,
): void {
  checkTargets('softmaxCrossEntropyBackward', targets, rows, cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const g = dLoss[r];
    for (let j = 0; j < cols; j++) dLogits[o + j] = g * probs[o + j];
    dLogits[o + targets[r]] -= g;
  }
}
