// The metrics against scikit-learn's definitions: every expected figure below was printed by
// scikit-learn 1.x (accuracy_score, precision/recall/f1_score, confusion_matrix,
// top_k_accuracy_score, roc_auc_score, mean_absolute/squared_error, r2_score) on these inputs.
import { describe, expect, it } from 'vitest';
import { tensor } from '../../lib/index.js';
import * as metrics from '../../lib/metrics/index.js';

const yt = [0, 1, 2, 2, 1, 0, 2, 1, 1, 0, 2, 2];
const yp = [0, 2, 2, 2, 1, 0, 1, 1, 0, 0, 2, 1];

describe('classification metrics (sklearn definitions)', () => {
  it('accuracy from labels, from scores (argmax) and from Tensors', () => {
    expect(metrics.accuracy(yt, yp)).toBeCloseTo(0.6666666666666666, 12);
    const scores = [
      [0.9, 0.1],
      [0.2, 0.8],
      [0.6, 0.4],
    ];
    expect(metrics.accuracy([0, 1, 1], scores)).toBeCloseTo(2 / 3, 12);
    expect(metrics.accuracy(tensor([0, 1, 1]), tensor(scores))).toBeCloseTo(2 / 3, 12);
  });

  it('confusion matrix: rows are the true class, columns the predicted one', () => {
    expect(metrics.confusionMatrix(yt, yp)).toEqual({
      classes: [0, 1, 2],
      counts: [
        [3, 0, 0],
        [1, 2, 1],
        [0, 2, 3],
      ],
    });
    expect(metrics.confusionMatrix([0, 0], [0, 0], { numClasses: 2 }).counts).toEqual([
      [2, 0],
      [0, 0],
    ]);
  });

  it.each([
    ['macro', 0.6666666666666666, 0.7000000000000001, 0.6746031746031745],
    ['micro', 0.6666666666666666, 0.6666666666666666, 0.6666666666666666],
    ['weighted', 0.6666666666666666, 0.6666666666666666, 0.6587301587301587],
  ] as const)('precision / recall / F1, average %s', (average, p, r, f) => {
    const out = metrics.precisionRecallF1(yt, yp, { average });
    expect(out.precision).toBeCloseTo(p, 12);
    expect(out.recall).toBeCloseTo(r, 12);
    expect(out.f1).toBeCloseTo(f, 12);
  });

  it('per-class figures and support', () => {
    const { perClass } = metrics.precisionRecallF1(yt, yp, { average: 'none' });
    expect(perClass.precision).toEqual([0.75, 0.5, 0.75]);
    expect(perClass.recall).toEqual([1, 0.5, 0.6]);
    perClass.f1.forEach((v, i) => expect(v).toBeCloseTo([0.8571428571428571, 0.5, 0.6666666666666666][i], 12));
    expect(perClass.support).toEqual([3, 4, 5]);
  });

  it('a class never predicted counts 0 precision (zero_division=0)', () => {
    const out = metrics.precisionRecallF1([0, 1, 1, 3], [0, 1, 1, 1]);
    expect(out.precision).toBeCloseTo(0.5555555555555555, 12);
    expect(out.recall).toBeCloseTo(0.6666666666666666, 12);
    expect(out.f1).toBeCloseTo(0.6, 12);
  });

  it('binary average reports the positive class', () => {
    const out = metrics.precisionRecallF1([0, 0, 1, 1, 1, 0, 1, 0], [0, 1, 1, 1, 0, 0, 1, 1], { average: 'binary' });
    expect([out.precision, out.recall, out.f1].map((v) => +v.toFixed(12))).toEqual([0.6, 0.75, 0.666666666667]);
    expect(() => metrics.precisionRecallF1(yt, yp, { average: 'binary' })).toThrow(/'binary' needs two classes, got 3/);
  });

  it('ROC-AUC with tied scores', () => {
    expect(metrics.rocAuc([0, 0, 1, 1, 1, 0, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.4, 0.2, 0.9, 0.4])).toBeCloseTo(0.8125, 12);
    expect(metrics.rocAuc([0, 1], [0.3, 0.3])).toBe(0.5);
    expect(() => metrics.rocAuc([1, 1], [0.2, 0.3])).toThrow(
      /needs both classes in yTrue, got 2 positive and 0 negative/,
    );
  });

  it('top-k accuracy: equal scores rank the higher class index first', () => {
    const s = [
      [0.1, 0.5, 0.4],
      [0.3, 0.3, 0.4],
      [0.2, 0.2, 0.6],
      [0.5, 0.25, 0.25],
      [0.1, 0.1, 0.8],
    ];
    const y = [2, 0, 1, 2, 1];
    expect(metrics.topKAccuracy(y, s, 1)).toBe(0);
    expect(metrics.topKAccuracy(y, s, 2)).toBeCloseTo(0.8, 12);
    expect(metrics.topKAccuracy(y, s, 3)).toBe(1);
  });

  it('bad input names the metric, what was expected and what came', () => {
    expect(() => metrics.accuracy([0, 1], [0])).toThrow(
      /metrics.accuracy: expected yTrue and yPred to have the same number of rows, got 2 and 1/,
    );
    expect(() => metrics.accuracy([0, 1.5], [0, 1])).toThrow(
      /yTrue\[1\] to be a class index \(an integer ≥ 0\), got 1.5/,
    );
    expect(() => metrics.accuracy([], [])).toThrow(/at least one row, got 0/);
    expect(() => metrics.topKAccuracy([0], [[1, 2]], 0)).toThrow(/k to be an integer ≥ 1, got number 0/);
    expect(() => metrics.confusionMatrix([0, 3], [0, 1], { numClasses: 3 })).toThrow(
      /yTrue\[1\] = 3 is not below numClasses = 3/,
    );
    expect(() => metrics.accuracy('x' as never, [0])).toThrow(
      /expected yTrue to be a Tensor, an array or a typed array, got/,
    );
  });
});

describe('regression metrics (sklearn definitions)', () => {
  const t = [3, -0.5, 2, 7];
  const p = [2.5, 0, 2, 8];
  it('MAE, MSE, RMSE, R²', () => {
    expect(metrics.meanAbsoluteError(t, p)).toBeCloseTo(0.5, 12);
    expect(metrics.meanSquaredError(t, p)).toBeCloseTo(0.375, 12);
    expect(metrics.rootMeanSquaredError(t, p)).toBeCloseTo(0.6123724356957945, 12);
    expect(metrics.r2Score(t, p)).toBeCloseTo(0.9486081370449679, 12);
  });

  it('R² over several outputs is the mean of each column’s', () => {
    const t2 = [
      [0.5, 1],
      [-1, 1],
      [7, -6],
    ];
    const p2 = [
      [0, 2],
      [-1, 2],
      [8, -5],
    ];
    expect(metrics.r2Score(t2, p2)).toBeCloseTo(0.9368005266622779, 12);
    expect(metrics.meanAbsoluteError(t2, p2)).toBeCloseTo(0.75, 12);
  });

  it('a constant target: 1 when predicted exactly, else 0 (force_finite)', () => {
    expect(metrics.r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(metrics.r2Score([2, 2, 2], [2, 2, 3])).toBe(0);
  });

  it('[N, 1] and [N] are one shape; other mismatches are errors', () => {
    expect(metrics.meanSquaredError(tensor([[1], [2]]), [1, 3])).toBeCloseTo(0.5, 12);
    expect(() => metrics.meanSquaredError([1, 2, 3], [1, 2])).toThrow(
      /metrics.meanSquaredError: expected yTrue and yPred of one shape, got \[3\] and \[2\]/,
    );
  });
});
