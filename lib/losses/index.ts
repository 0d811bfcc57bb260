// Losses: each is built from ops, so its gradient is the chain rule through them (and each is
// gradchecked) — except softmaxCrossEntropy, one fused node over the backend's kernels.
// reduction: 'mean' (default) | 'sum' | 'none'.
import { tensor } from '../factories.js';
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { softmaxCrossEntropyNode } from './softmax-cross-entropy.js';

export type Reduction = 'mean' | 'sum' | 'none';
export interface LossOptions {
  reduction?: Reduction;
}
type Target = Tensor | number[] | number[][];

function reduce(op: string, loss: Tensor, reduction: Reduction | undefined): Tensor {
  switch (reduction ?? 'mean') {
    case 'mean':
      return loss.mean();
    case 'sum':
      return loss.sum();
    case 'none':
      return loss;
    default:
      throw new RangeError(`${op}: expected reduction 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
}

function checkPrediction(op: string, pred: unknown): Tensor {
  if (!(pred instanceof Tensor))
    throw new TypeError(`${op}: expected the prediction to be a Tensor, got ${describe(pred)}`);
  return pred;
}

/** The target as a constant tensor of the prediction's shape ([N] matches [N, 1] and back). */
function matchTarget(op: string, pred: Tensor, target: Target): Tensor {
  const t = target instanceof Tensor ? target : tensor(target as number[][]);
  if (t.size !== pred.size) {
    throw new RangeError(
      `${op}: expected target of shape ${formatShape(pred.shape)} (as the prediction), got ${formatShape(t.shape)}`,
    );
  }
  const same = t.shape.length === pred.shape.length && t.shape.every((d, i) => d === pred.shape[i]);
  return same ? t : t.reshape(pred.shape);
}

/** Mean (or sum) of (y − t)². */
export function mse(pred: Tensor, target: Target, opts: LossOptions = {}): Tensor {
  checkPrediction('mse', pred);
  const d = pred.sub(matchTarget('mse', pred, target));
  return reduce('mse', d.mul(d), opts.reduction);
}

/** ½(y − t)² — the notes' Cost, whose derivative is plainly (y − t). */
export function halfSquaredError(pred: Tensor, target: Target, opts: LossOptions = {}): Tensor {
  checkPrediction('halfSquaredError', pred);
  const d = pred.sub(matchTarget('halfSquaredError', pred, target));
  return reduce('halfSquaredError', d.mul(d).mul(0.5), opts.reduction);
}

/** |y − t|. */
export function l1(pred: Tensor, target: Target, opts: LossOptions = {}): Tensor {
  checkPrediction('l1', pred);
  return reduce('l1', pred.sub(matchTarget('l1', pred, target)).abs(), opts.reduction);
}

/** ½d² for |d| < δ, δ(|d| − ½δ) beyond: with q = min(|d|, δ), ½q² + δ(|d| − q). */
export function huber(pred: Tensor, target: Target, opts: LossOptions & { delta?: number } = {}): Tensor {
  checkPrediction('huber', pred);
  const delta = opts.delta ?? 1;
  if (!(delta > 0)) throw new RangeError(`huber: expected delta > 0, got ${delta}`);
  const a = pred.sub(matchTarget('huber', pred, target)).abs();
  const q = a.clamp(null, delta);
  return reduce('huber', q.mul(q).mul(0.5).add(a.sub(q).mul(delta)), opts.reduction);
}

function checkProbabilityTarget(op: string, t: Tensor): void {
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i];
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${op}: expected targets in [0, 1], got ${v} at index ${i}`);
  }
}

/** −[t·log p + (1 − t)·log(1 − p)] on probabilities; logs clamped at −100, as PyTorch. */
export function binaryCrossEntropy(pred: Tensor, target: Target, opts: LossOptions = {}): Tensor {
  checkPrediction('binaryCrossEntropy', pred);
  const t = matchTarget('binaryCrossEntropy', pred, target);
  checkProbabilityTarget('binaryCrossEntropy', t);
  const logP = pred.log().clamp(-100, null);
  const logQ = pred.neg().add(1).log().clamp(-100, null);
  const loss = t.mul(logP).add(t.neg().add(1).mul(logQ)).neg();
  return reduce('binaryCrossEntropy', loss, opts.reduction);
}

/** The stable form on logits x: softplus(x) − x·t = max(x, 0) − x·t + log(1 + e^−|x|). */
export function binaryCrossEntropyWithLogits(pred: Tensor, target: Target, opts: LossOptions = {}): Tensor {
  checkPrediction('binaryCrossEntropyWithLogits', pred);
  const t = matchTarget('binaryCrossEntropyWithLogits', pred, target);
  checkProbabilityTarget('binaryCrossEntropyWithLogits', t);
  return reduce('binaryCrossEntropyWithLogits', pred.softplus().sub(pred.mul(t)), opts.reduction);
}

type ParsedTarget =
  { labels: Float32Array; ignored: Uint8Array | null; dist: null } | { labels: null; ignored: null; dist: Tensor };

/**
 * Reads the target for logits [N, C]: class indices ([N] or [N, 1], integers in [0, C), or
 * ignoreIndex) as a copy of the labels, ignored rows marked (their label read as 0); [N, C]
 * targets (one-hot or probabilities) as given.
 */
function parseTarget(op: string, logits: Tensor, target: Target, ignoreIndex: number | null = null): ParsedTarget {
  if (logits.ndim !== 2)
    throw new RangeError(`${op}: expected logits [batch, classes], got ${formatShape(logits.shape)}`);
  const [n, c] = logits.shape;
  const t = target instanceof Tensor ? target : tensor(target as number[][]);
  if ((t.ndim === 1 && t.shape[0] === n) || (t.ndim === 2 && t.shape[0] === n && t.shape[1] === 1 && c !== 1)) {
    const labels = new Float32Array(n);
    let ignored: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      const label = t.data[i];
      if (ignoreIndex !== null && label === ignoreIndex) {
        ignored ??= new Uint8Array(n);
        ignored[i] = 1;
        continue;
      }
      if (!Number.isInteger(label) || label < 0 || label >= c) {
        throw new RangeError(`${op}: class label ${label} at row ${i} is outside [0, ${c})`);
      }
      labels[i] = label;
    }
    return { labels, ignored, dist: null };
  }
  if (t.ndim === 2 && t.shape[0] === n && t.shape[1] === c) return { labels: null, ignored: null, dist: t };
  throw new RangeError(
    `${op}: expected targets as class indices [${n}] or [${n}, 1], or one-hot/probabilities [${n}, ${c}], got ${formatShape(t.shape)}`,
  );
}

function checkLabelSmoothing(op: string, labelSmoothing: number): void {
  if (labelSmoothing !== 0 && !(labelSmoothing > 0 && labelSmoothing <= 1)) {
    throw new RangeError(`${op}: expected labelSmoothing in [0, 1], got ${labelSmoothing}`);
  }
}

/**
 * The target distribution [N, C] for logits [N, C]: class indices become one-hot rows; [N, C]
 * targets are taken as given; then (1 − ε)·T + ε/C with label smoothing ε (PyTorch's rule).
 */
function targetDistribution(
  op: string,
  logits: Tensor,
  target: Target,
  labelSmoothing: number,
  ignoreIndex: number | null = null,
): Tensor {
  const parsed = parseTarget(op, logits, target, ignoreIndex);
  checkLabelSmoothing(op, labelSmoothing);
  const [n, c] = logits.shape;
  let dist: Tensor;
  if (parsed.labels !== null) {
    dist = Tensor.empty([n, c]);
    for (let i = 0; i < n; i++) if (!parsed.ignored?.[i]) dist.data[i * c + parsed.labels[i]] = 1;
  } else {
    dist = parsed.dist;
  }
  if (labelSmoothing === 0) return dist;
  const smoothed = Tensor.empty([n, c]);
  for (let i = 0; i < smoothed.data.length; i++) {
    if (parsed.ignored?.[Math.floor(i / c)]) continue; // an ignored row stays all zero: no loss, no gradient
    smoothed.data[i] = (1 - labelSmoothing) * dist.data[i] + labelSmoothing / c;
  }
  return smoothed;
}

function checkReduction(op: string, reduction: Reduction | undefined): Reduction {
  const r = reduction ?? 'mean';
  if (r !== 'mean' && r !== 'sum' && r !== 'none') {
    throw new RangeError(`${op}: expected reduction 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
  return r;
}

/**
 * −Σ_c t_c·log softmax(x)_c per row, from logits: one fused graph node (softmax-cross-entropy.ts)
 * — the backend's kernels for class indices. A target that itself requires grad (e.g. a teacher's
 * soft labels being learned) takes the composed path, whose gradient also reaches the target.
 *
 * Logits [..., C] with more than two axes (a language model's [B, T, V]) take class indices of
 * shape [...] (or distributions [..., C]); 'none' returns the losses in that shape. The class
 * axis is last, as after torch's logits.view(-1, V). Rows whose label is ignoreIndex (−100 by
 * default, as torch) add no loss and no gradient, and 'mean' divides by the rows that count.
 */
export function softmaxCrossEntropy(
  logits: Tensor,
  target: Target,
  opts: LossOptions & { labelSmoothing?: number; ignoreIndex?: number | null } = {},
): Tensor {
  const op = 'softmaxCrossEntropy';
  checkPrediction(op, logits);
  const ignoreIndex = opts.ignoreIndex === undefined ? -100 : opts.ignoreIndex;
  if (ignoreIndex !== null && !Number.isInteger(ignoreIndex)) {
    throw new TypeError(`${op}: expected ignoreIndex to be an integer or null, got ${describe(ignoreIndex)}`);
  }
  if (logits.ndim > 2) return sequenceCrossEntropy(op, logits, target, { ...opts, ignoreIndex });
  const labelSmoothing = opts.labelSmoothing ?? 0;
  if (target instanceof Tensor && target.requiresGrad) {
    const dist = targetDistribution(op, logits, target, labelSmoothing, ignoreIndex);
    return reduce(op, dist.mul(logits.logSoftmax(-1)).sum(1).neg(), opts.reduction);
  }
  const parsed = parseTarget(op, logits, target, ignoreIndex);
  checkLabelSmoothing(op, labelSmoothing);
  const reduction = checkReduction(op, opts.reduction);
  if (parsed.labels !== null && labelSmoothing === 0) {
    return softmaxCrossEntropyNode(logits, parsed.labels, null, reduction, parsed.ignored);
  }
  const dist = targetDistribution(
    op,
    logits,
    parsed.labels !== null ? target : parsed.dist,
    labelSmoothing,
    ignoreIndex,
  );
  return softmaxCrossEntropyNode(logits, null, dist.data, reduction, parsed.ignored);
}

/** [..., C] logits against [...] labels or [..., C] distributions: the rows flattened, the losses shaped back. */
function sequenceCrossEntropy(
  op: string,
  logits: Tensor,
  target: Target,
  opts: LossOptions & { labelSmoothing?: number; ignoreIndex: number | null },
): Tensor {
  const c = logits.shape[logits.ndim - 1];
  const lead = logits.shape.slice(0, -1);
  const t = target instanceof Tensor ? target : tensor(target as number[][]);
  const labelsShape = lead;
  const isLabels = t.ndim === lead.length && t.shape.every((d, i) => d === lead[i]);
  const isDist = t.ndim === logits.ndim && t.shape.every((d, i) => d === logits.shape[i]);
  if (!isLabels && !isDist) {
    throw new RangeError(
      `${op}: expected targets as class indices ${formatShape(labelsShape)} or distributions ${formatShape(logits.shape)} for logits ${formatShape(logits.shape)}, got ${formatShape(t.shape)}`,
    );
  }
  const rows = logits.size / Math.max(c, 1);
  const flatTarget = isLabels ? t.reshape([rows]) : t.reshape([rows, c]);
  const loss = softmaxCrossEntropy(logits.reshape([rows, c]), flatTarget, opts);
  return (opts.reduction ?? 'mean') === 'none' ? loss.reshape(lead) : loss;
}

/** Negative log-likelihood of log-probabilities (e.g. a logSoftmax output) at the target classes. */
export function nll(logProbs: Tensor, target: Target, opts: LossOptions = {}): Tensor {
  checkPrediction('nll', logProbs);
  const dist = targetDistribution('nll', logProbs, target, 0);
  return reduce('nll', dist.mul(logProbs).sum(1).neg(), opts.reduction);
}

export type LossFunction = (pred: Tensor, target: Tensor, opts?: LossOptions) => Tensor;

export const lossFunctions = {
  mse,
  halfSquaredError,
  l1,
  huber,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  softmaxCrossEntropy,
  nll,
} as const;
export type LossName = keyof typeof lossFunctions;

/** A loss by name (for fit() and the CLI), or a clear error listing the names. */
export function getLoss(name: string): LossFunction {
  if (!Object.hasOwn(lossFunctions, name)) {
    throw new RangeError(`losses: unknown loss '${name}'; expected one of ${Object.keys(lossFunctions).join(', ')}`);
  }
  return lossFunctions[name as LossName] as LossFunction;
}
