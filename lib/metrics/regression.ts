// Regression metrics with scikit-learn's definitions, over every element of yTrue and yPred
// (same shape): MAE, MSE, RMSE, and R² = 1 − SS_res/SS_tot per output column, averaged
// uniformly over columns (sklearn's multioutput='uniform_average'; a constant column scores
// 1 when predicted exactly, else 0, as sklearn's force_finite).
import { formatShape } from '../shape.js';
import { type MetricInput, values } from './values.js';

function pair(op: string, yTrue: MetricInput, yPred: MetricInput) {
  const t = values(op, 'yTrue', yTrue);
  const p = values(op, 'yPred', yPred);
  const sameSize = t.data.length === p.data.length;
  const vector = (s: number[]) => (s.length === 2 && s[1] === 1 ? [s[0]] : s);
  const a = vector(t.shape);
  const b = vector(p.shape);
  if (!sameSize || a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new RangeError(
      `${op}: expected yTrue and yPred of one shape, got ${formatShape(t.shape)} and ${formatShape(p.shape)}`,
    );
  }
  if (t.data.length === 0) throw new RangeError(`${op}: expected at least one value, got none`);
  return { t: t.data, p: p.data, cols: a.length === 2 ? a[1] : 1 };
}

export function meanAbsoluteError(yTrue: MetricInput, yPred: MetricInput): number {
  const { t, p } = pair('metrics.meanAbsoluteError', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < t.length; i++) s += Math.abs(t[i] - p[i]);
  return s / t.length;
}

export function meanSquaredError(yTrue: MetricInput, yPred: MetricInput): number {
  const { t, p } = pair('metrics.meanSquaredError', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < t.length; i++) s += (t[i] - p[i]) ** 2;
  return s / t.length;
}

export function rootMeanSquaredError(yTrue: MetricInput, yPred: MetricInput): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred));
}

export function r2Score(yTrue: MetricInput, yPred: MetricInput): number {
  const { t, p, cols } = pair('metrics.r2Score', yTrue, yPred);
  const rows = t.length / cols;
  let total = 0;
  for (let c = 0; c < cols; c++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += t[r * cols + c];
    mean /= rows;
    let ssRes = 0;
    let ssTot = 0;
    for (let r = 0; r < rows; r++) {
      const i = r * cols + c;
      ssRes += (t[i] - p[i]) ** 2;
      ssTot += (t[i] - mean) ** 2;
    }
    total += ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  }
  return total / cols;
}
