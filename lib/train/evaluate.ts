// evaluate() and predict(): batched, under noGrad, in eval mode (dropout off), with the
// model's normalizer applied first — the same transform fit() trained with.
import { noGrad } from '../autograd.js';
import type { Matrix } from '../data/matrix.js';
import type { Normalizer } from '../data/normalize.js';
import { checkBatchSize } from '../data/batches.js';
import type { LossFunction } from '../losses/index.js';
import type { Module } from '../nn/module.js';
import { Tensor } from '../tensor.js';
import { checkTargets, outputWidth, toMatrix, toXY, type DataLike, type XY } from './data.js';
import { evaluateBatches } from './loop.js';
import { checkMetrics, type Logs, type MetricName, MetricTotals } from './metrics.js';
import { resolveLoss } from './options.js';

function normalized(model: Module, x: Matrix): Matrix {
  const n = (model as { normalizer?: Normalizer | null }).normalizer;
  return n ? n.transform(x) : x;
}

export interface EvaluateOptions {
  /** Default: softmaxCrossEntropy for class labels with several outputs, else mse. */
  loss?: string | LossFunction;
  metrics?: MetricName[];
  batchSize?: number;
}

/** The loss and metrics of `model` on `data`: { loss, accuracy?, mae? }. */
export function evaluate(model: Module, data: XY, options: EvaluateOptions = {}): Logs {
  const op = 'evaluate';
  const metrics = checkMetrics(op, options.metrics);
  const batchSize = checkBatchSize(op, options.batchSize ?? 256);
  const raw = toXY(data, op);
  const x = normalized(model, raw.x);
  const outputs = outputWidth(model, x, op);
  const [lossFn, lossName] = resolveLoss(op, options.loss, raw.y, outputs);
  checkTargets(raw.y, outputs, lossName, op);
  const totals = new MetricTotals(metrics, lossName === 'binaryCrossEntropyWithLogits' ? 0 : 0.5);
  const it = evaluateBatches(model, x, raw.y, lossFn, totals, batchSize);
  let r = it.next();
  while (!r.done) r = it.next();
  return r.value;
}

/** The model's outputs for every row of x, [n, outputs], computed batchSize rows at a time. */
export function predict(model: Module, x: DataLike, options: { batchSize?: number } = {}): Tensor {
  const op = 'predict';
  const batchSize = checkBatchSize(op, options.batchSize ?? 256);
  const xm = normalized(model, toMatrix(x, op, 'x'));
  const [n, cols] = xm.shape;
  const outputs = outputWidth(model, xm, op);
  const out = new Float32Array(n * outputs);
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(n, start + batchSize);
        const pred = model.forward(new Tensor(xm.data.subarray(start * cols, end * cols), [end - start, cols]));
        out.set(pred.data, start * outputs);
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return new Tensor(out, [n, outputs]);
}
