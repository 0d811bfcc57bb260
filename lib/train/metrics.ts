// Metrics accumulated batch by batch, so an epoch's numbers cost no second pass over the data:
// loss (each batch's mean weighted by its rows), accuracy (argmax, or a threshold for one
// output) and mae (mean |ŷ − y| over every element).

export const metricNames = ['loss', 'accuracy', 'mae'] as const;
export type MetricName = (typeof metricNames)[number];

export function checkMetrics(op: string, metrics: unknown): MetricName[] {
  if (metrics === undefined) return ['loss'];
  if (!Array.isArray(metrics))
    throw new TypeError(
      `${op}: expected metrics as an array of names (${metricNames.join(', ')}), got ${typeof metrics}`,
    );
  for (const m of metrics) {
    if (!(metricNames as readonly string[]).includes(m)) {
      throw new RangeError(`${op}: unknown metric '${String(m)}'; expected one of ${metricNames.join(', ')}`);
    }
  }
  return ['loss', ...(metrics as MetricName[]).filter((m) => m !== 'loss')];
}

/** What a training or evaluation pass reports: { loss, accuracy?, mae? }. */
export type Logs = Record<string, number>;

export class MetricTotals {
  private lossSum = 0;
  private rows = 0;
  private correct = 0;
  private absSum = 0;
  private elements = 0;

  constructor(
    private readonly metrics: readonly MetricName[],
    /** One-output accuracy thresholds logits at 0 for binaryCrossEntropyWithLogits, else at 0.5. */
    private readonly threshold = 0.5,
  ) {}

  reset(): void {
    this.lossSum = this.rows = this.correct = this.absSum = this.elements = 0;
  }

  /** A batch's mean loss, weighted by its rows: the epoch loss is the mean over samples. */
  addLoss(meanLoss: number, rows: number): void {
    this.lossSum += meanLoss * rows;
    this.rows += rows;
  }

  /** Predictions [rows, outCols] against targets [rows, yCols] (class indices when yCols = 1 < outCols). */
  addPredictions(pred: Float32Array, outCols: number, y: Float32Array, yCols: number, rows: number): void {
    if (this.metrics.includes('accuracy')) this.correct += countCorrect(pred, outCols, y, yCols, rows, this.threshold);
    if (this.metrics.includes('mae') && yCols === outCols) {
      const n = rows * outCols;
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.abs(pred[i] - y[i]);
      this.absSum += s;
      this.elements += n;
    }
  }

  /** The means so far, keys prefixed (e.g. 'val' → valLoss, valAccuracy). */
  result(prefix = ''): Logs {
    const key = (name: string) => (prefix ? prefix + name[0].toUpperCase() + name.slice(1) : name);
    const out: Logs = {};
    out[key('loss')] = this.rows > 0 ? this.lossSum / this.rows : Number.NaN;
    if (this.metrics.includes('accuracy')) out[key('accuracy')] = this.rows > 0 ? this.correct / this.rows : Number.NaN;
    if (this.metrics.includes('mae')) out[key('mae')] = this.elements > 0 ? this.absSum / this.elements : Number.NaN;
    return out;
  }
}

function argmaxRow(a: Float32Array, base: number, cols: number): number {
  let best = 0;
  for (let c = 1; c < cols; c++) if (a[base + c] > a[base + best]) best = c;
  return best;
}

export function countCorrect(
  pred: Float32Array,
  outCols: number,
  y: Float32Array,
  yCols: number,
  rows: number,
  threshold: number,
): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    let predicted: number;
    let target: number;
    if (outCols === 1) {
      predicted = pred[r] > threshold ? 1 : 0;
      target = y[r * yCols] >= 0.5 ? 1 : 0;
    } else {
      predicted = argmaxRow(pred, r * outCols, outCols);
      target = yCols === 1 ? y[r] : argmaxRow(y, r * yCols, yCols);
    }
    if (predicted === target) correct++;
  }
  return correct;
}
