// Classification metrics with scikit-learn's definitions: accuracy, top-k accuracy, the
// confusion matrix (rows = true class, columns = predicted), precision / recall / F1 with
// macro, micro, weighted or per-class averaging (an undefined ratio counts 0, sklearn's
// zero_division=0), and binary ROC-AUC (the Mann–Whitney statistic, ties counted ½ — the
// area under sklearn's trapezoidal ROC curve).
import { describe } from '../shape.js';
import { checkSameLength, classLabels, type MetricInput, predictedClasses, rowsOf, values } from './values.js';

/** Fraction of rows whose predicted class (labels, or argmax of scores [N, C]) equals the true one. */
export function accuracy(yTrue: MetricInput, yPred: MetricInput): number {
  const t = classLabels('metrics.accuracy', 'yTrue', yTrue);
  const p = predictedClasses('metrics.accuracy', yPred);
  checkSameLength('metrics.accuracy', t.length, p.length);
  let hits = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hits++;
  return hits / t.length;
}

/**
 * Fraction of rows whose true class is among the k highest scores [N, C]. Equal scores rank
 * the higher class index first, as sklearn's top_k_accuracy_score does.
 */
export function topKAccuracy(yTrue: MetricInput, scores: MetricInput, k: number): number {
  const op = 'metrics.topKAccuracy';
  const t = classLabels(op, 'yTrue', yTrue);
  const s = values(op, 'scores', scores);
  if (s.shape.length !== 2) throw new RangeError(`${op}: expected scores of shape [N, C], got [${s.shape.join(', ')}]`);
  const [n, c] = s.shape;
  checkSameLength(op, t.length, n);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${op}: expected k to be an integer ≥ 1, got ${describe(k)}`);
  let hits = 0;
  for (let r = 0; r < n; r++) {
    const truth = t[r];
    if (truth >= c) throw new RangeError(`${op}: yTrue[${r}] = ${truth} is not a column of scores [${n}, ${c}]`);
    const own = s.data[r * c + truth];
    let rank = 0;
    for (let j = 0; j < c; j++) {
      const v = s.data[r * c + j];
      if (v > own || (v === own && j > truth)) rank++;
    }
    if (rank < k) hits++;
  }
  return hits / n;
}

export interface ClassOptions {
  /** Classes 0 … numClasses−1; default: the classes that occur in yTrue or yPred. */
  numClasses?: number;
}

function classList(op: string, t: Int32Array, p: Int32Array, opts: ClassOptions | undefined): number[] {
  if (opts?.numClasses !== undefined) {
    const c = opts.numClasses;
    if (!Number.isInteger(c) || c < 1)
      throw new RangeError(`${op}: expected numClasses to be an integer ≥ 1, got ${describe(c)}`);
    for (const [name, a] of [
      ['yTrue', t],
      ['yPred', p],
    ] as const) {
      for (let i = 0; i < a.length; i++) {
        if (a[i] >= c) throw new RangeError(`${op}: ${name}[${i}] = ${a[i]} is not below numClasses = ${c}`);
      }
    }
    return Array.from({ length: c }, (_, i) => i);
  }
  const seen = new Set<number>();
  for (const a of [t, p]) for (let i = 0; i < a.length; i++) seen.add(a[i]);
  return [...seen].sort((a, b) => a - b);
}

/** counts[i][j] = rows of true class classes[i] predicted as classes[j]. */
export function confusionMatrix(
  yTrue: MetricInput,
  yPred: MetricInput,
  opts?: ClassOptions,
): { classes: number[]; counts: number[][] } {
  const op = 'metrics.confusionMatrix';
  const t = classLabels(op, 'yTrue', yTrue);
  const p = predictedClasses(op, yPred);
  checkSameLength(op, t.length, p.length);
  const classes = classList(op, t, p, opts);
  const index = new Map(classes.map((c, i) => [c, i]));
  const counts = classes.map(() => classes.map(() => 0));
  for (let i = 0; i < t.length; i++) counts[index.get(t[i])!][index.get(p[i])!]++;
  return { classes, counts };
}

export type Average = 'macro' | 'micro' | 'weighted' | 'binary' | 'none';

export interface PrfOptions extends ClassOptions {
  /** default 'macro'; 'binary' reports posLabel only; 'none' returns one figure per class. */
  average?: Average;
  /** the positive class for average 'binary' (default 1). */
  posLabel?: number;
}

export interface PrfResult {
  precision: number;
  recall: number;
  f1: number;
  /** per class, in the order of `classes` */
  perClass: { classes: number[]; precision: number[]; recall: number[]; f1: number[]; support: number[] };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const harmonic = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Precision, recall and F1 with one averaging rule, and the per-class figures behind them. */
export function precisionRecallF1(yTrue: MetricInput, yPred: MetricInput, opts: PrfOptions = {}): PrfResult {
  const op = 'metrics.precisionRecallF1';
  const average = opts.average ?? 'macro';
  if (!['macro', 'micro', 'weighted', 'binary', 'none'].includes(average)) {
    throw new RangeError(
      `${op}: expected average 'macro', 'micro', 'weighted', 'binary' or 'none', got ${describe(average)}`,
    );
  }
  const { classes, counts } = confusionMatrix(yTrue, yPred, opts);
  const k = classes.length;
  const tp = classes.map((_, i) => counts[i][i]);
  const support = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = classes.map((_, j) => counts.reduce((a, row) => a + row[j], 0));
  const precision = tp.map((x, i) => ratio(x, predicted[i]));
  const recall = tp.map((x, i) => ratio(x, support[i]));
  const f1 = precision.map((p, i) => harmonic(p, recall[i]));
  const perClass = { classes, precision, recall, f1, support };
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / k;
  if (average === 'micro') {
    const sumTp = tp.reduce((a, b) => a + b, 0);
    const total = support.reduce((a, b) => a + b, 0);
    const p = ratio(
      sumTp,
      predicted.reduce((a, b) => a + b, 0),
    );
    const r = ratio(sumTp, total);
    return { precision: p, recall: r, f1: harmonic(p, r), perClass };
  }
  if (average === 'weighted') {
    const total = support.reduce((a, b) => a + b, 0);
    const w = (a: number[]) => a.reduce((s, v, i) => s + v * support[i], 0) / total;
    return { precision: w(precision), recall: w(recall), f1: w(f1), perClass };
  }
  if (average === 'binary') {
    const pos = opts.posLabel ?? 1;
    const i = classes.indexOf(pos);
    if (k > 2 || (opts.numClasses !== undefined && opts.numClasses > 2)) {
      throw new RangeError(
        `${op}: average 'binary' needs two classes, got ${k} (${classes.join(', ')}); use 'macro', 'micro' or 'weighted'`,
      );
    }
    if (i < 0) return { precision: 0, recall: 0, f1: 0, perClass };
    return { precision: precision[i], recall: recall[i], f1: f1[i], perClass };
  }
  return { precision: mean(precision), recall: mean(recall), f1: mean(f1), perClass };
}

/** Binary ROC-AUC from scores (higher = more likely class 1); yTrue holds 0 and 1. */
export function rocAuc(yTrue: MetricInput, scores: MetricInput): number {
  const op = 'metrics.rocAuc';
  const t = classLabels(op, 'yTrue', yTrue);
  const sv = values(op, 'scores', scores);
  const n = rowsOf(op, 'scores', sv);
  checkSameLength(op, t.length, n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (t[i] > 1) throw new RangeError(`${op}: expected yTrue of 0s and 1s, got yTrue[${i}] = ${t[i]}`);
    positives += t[i];
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError(
      `${op}: ROC-AUC needs both classes in yTrue, got ${positives} positive and ${negatives} negative rows`,
    );
  }
  // Average ranks (ties share the mean rank); U = Σ ranks of positives − P(P+1)/2.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sv.data[a] - sv.data[b]);
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && sv.data[order[j + 1]] === sv.data[order[i]]) j++;
    const meanRank = (i + j) / 2 + 1;
    for (let q = i; q <= j; q++) if (t[order[q]] === 1) rankSum += meanRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
