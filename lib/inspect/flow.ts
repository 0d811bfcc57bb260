// gradientFlow: how the gradient travels through a network — per Dense layer ‖∂L/∂W‖,
// ‖∂L/∂b‖, ‖W‖, the update-to-weight ratio lr·‖∂L/∂W‖/‖W‖ (≈1e-3 is healthy, CS231n),
// activation mean and std, the share of saturated sigmoid/tanh units (derivative < 0.01:
// the vanishing-gradient culprits of notes 000–004) and of dead ReLUs (0 on every sample).
import { Tensor } from '../tensor.js';
import type { Module } from '../nn/module.js';
import { getLoss, type LossFunction } from '../losses/index.js';
import { describe, formatShape } from '../shape.js';
import { chartConfig, logAxis, renderVegaLite } from './charts.js';
import { formatNumber, l2norm, textTable } from './format.js';
import { walkDense } from './model-walk.js';

export type LossSpec = string | LossFunction;
/** A tensor, or the data pipeline's { data, shape } matrix. */
export type DataLike = Tensor | { data: Float32Array; shape: readonly number[] };

export interface GradientFlowOptions {
  /** Loss name (losses.getLoss) or function (pred, target) → scalar; default 'mse'. */
  loss?: LossSpec;
  /** Learning rate for the update-to-weight ratio (default 0.01). */
  lr?: number;
}

export interface LayerFlow {
  index: number;
  path: string;
  label: string;
  shape: number[];
  activation: string;
  weightNorm: number;
  weightGradNorm: number;
  biasGradNorm: number | null;
  /** lr·‖∂L/∂W‖/‖W‖; null when ‖W‖ = 0. */
  updateRatio: number | null;
  activationMean: number;
  activationStd: number;
  /** sigmoid/tanh: share of (sample, unit) activations whose derivative is < 0.01. */
  saturatedShare: number | null;
  /** relu: share of units that output 0 for every sample of the batch. */
  deadShare: number | null;
}

export interface GradientFlowReport {
  loss: number;
  lr: number;
  layers: LayerFlow[];
}

export function asTensor(op: string, what: string, v: DataLike): Tensor {
  if (v instanceof Tensor) return v;
  if (v && v.data instanceof Float32Array && Array.isArray(v.shape)) return new Tensor(v.data, v.shape.slice());
  throw new TypeError(`${op}: expected ${what} to be a Tensor or a { data: Float32Array, shape } matrix`);
}

export function lossFunction(op: string, loss: LossSpec | undefined): LossFunction {
  if (loss === undefined) return getLoss('mse');
  if (typeof loss === 'function') return loss;
  if (typeof loss === 'string') return getLoss(loss);
  throw new TypeError(`${op}: expected loss to be a loss name or a function, got ${describe(loss)}`);
}

function meanStd(d: Float32Array): [number, number] {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i];
  const mean = s / Math.max(d.length, 1);
  let v = 0;
  for (let i = 0; i < d.length; i++) v += (d[i] - mean) ** 2;
  return [mean, Math.sqrt(v / Math.max(d.length, 1))];
}

function saturated(activation: string, y: Float32Array): number | null {
  if (activation !== 'sigmoid' && activation !== 'tanh') return null;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const derivative = activation === 'sigmoid' ? y[i] * (1 - y[i]) : 1 - y[i] * y[i]; // σ(1−σ), 1 − tanh²
    if (derivative < 0.01) n++;
  }
  return n / Math.max(y.length, 1);
}

function dead(activation: string, y: Tensor): number | null {
  if (activation !== 'relu') return null;
  const units = y.shape[y.ndim - 1];
  const rows = y.size / units;
  let n = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let r = 0; r < rows && !alive; r++) alive = y.data[r * units + u] > 0;
    if (!alive) n++;
  }
  return n / units;
}

/**
 * One forward and backward of model on (x, y); the parameters' existing .grad are put back
 * afterwards, and the model runs in eval mode for the measurement (no dropout draws).
 */
export function gradientFlow(
  model: Module,
  x: DataLike,
  y: DataLike,
  opts: GradientFlowOptions = {},
): GradientFlowReport {
  const op = 'gradientFlow';
  const input = asTensor(op, 'x', x);
  const target = asTensor(op, 'y', y);
  const lossFn = lossFunction(op, opts.loss);
  const lr = opts.lr ?? 0.01;
  if (!(lr > 0)) throw new RangeError(`${op}: expected lr > 0, got ${lr}`);
  const params = model.parameters();
  const savedGrads = params.map((p) => p.grad);
  const wasTraining = model.training;
  model.eval();
  try {
    for (const p of params) p.grad = null;
    const { output, steps } = walkDense(op, model, input);
    const loss = lossFn(output, target);
    if (loss.size !== 1)
      throw new RangeError(`${op}: expected the loss to be a scalar, got ${formatShape(loss.shape)}`);
    loss.backward();
    const layers = steps.map((s): LayerFlow => {
      const { weight, bias } = s.layer;
      const weightNorm = l2norm(weight.data);
      const weightGradNorm = weight.grad ? l2norm(weight.grad.data) : 0;
      const [activationMean, activationStd] = meanStd(s.output.data);
      return {
        index: s.index,
        path: s.path,
        label: s.layer.label(),
        shape: weight.shape.slice(),
        activation: s.activation,
        weightNorm,
        weightGradNorm,
        biasGradNorm: bias ? (bias.grad ? l2norm(bias.grad.data) : 0) : null,
        updateRatio: weightNorm > 0 ? (lr * weightGradNorm) / weightNorm : null,
        activationMean,
        activationStd,
        saturatedShare: saturated(s.activation, s.output.data),
        deadShare: dead(s.activation, s.output),
      };
    });
    return { loss: loss.item(), lr, layers };
  } finally {
    params.forEach((p, i) => (p.grad = savedGrads[i]));
    model.train(wasTraining);
  }
}

const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '–' : formatNumber(v, 3));

export function formatGradientFlow(report: GradientFlowReport): string {
  const rows = [
    [
      'layer',
      'activation',
      '‖W‖',
      '‖∂L/∂W‖',
      '‖∂L/∂b‖',
      `update/W (lr ${report.lr})`,
      'act mean',
      'act std',
      'saturated',
      'dead',
    ],
  ];
  for (const l of report.layers) {
    rows.push([
      `${l.index} ${formatShape(l.shape)}`,
      l.activation,
      num(l.weightNorm),
      num(l.weightGradNorm),
      num(l.biasGradNorm),
      num(l.updateRatio),
      num(l.activationMean),
      num(l.activationStd),
      pct(l.saturatedShare),
      pct(l.deadShare),
    ]);
  }
  return `loss ${formatNumber(report.loss)}\n${textTable(rows, (c) => c > 1)}\n`;
}

/** Two bar charts side by side: ‖∂L/∂W‖ per layer and the update-to-weight ratio (rule at 1e-3). */
export function gradientFlowChart(report: GradientFlowReport, title = 'gradient flow'): Promise<string> {
  const values = report.layers.map((l) => ({
    layer: l.index,
    gradNorm: Math.max(l.weightGradNorm, 1e-30),
    ratio: Math.max(l.updateRatio ?? 0, 1e-30),
    activation: l.activation,
  }));
  // Bars on a log scale need a baseline: a power of ten at or below the smallest value.
  const floor = (field: 'gradNorm' | 'ratio', extra: number[] = []) =>
    10 ** Math.floor(Math.log10(Math.min(...values.map((v) => v[field]), ...extra)));
  const bar = (field: 'gradNorm' | 'ratio', axisTitle: string, extra: number[] = []) => ({
    width: 300,
    height: 220,
    mark: 'bar',
    encoding: {
      x: { field: 'layer', type: 'ordinal', title: 'layer', axis: { labelAngle: 0 } },
      y: {
        field,
        type: 'quantitative',
        title: axisTitle,
        scale: { type: 'log', domainMin: floor(field, extra) },
        axis: logAxis,
      },
      y2: { datum: floor(field, extra) },
      color: { field: 'activation', type: 'nominal', legend: { orient: 'bottom' } },
    },
  });
  return renderVegaLite({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    background: 'white',
    config: chartConfig,
    data: { values },
    hconcat: [
      bar('gradNorm', '‖∂L/∂W‖ (log)'),
      {
        layer: [
          bar('ratio', `lr·‖∂L/∂W‖/‖W‖, lr ${report.lr} (log)`, [1e-3]),
          { mark: { type: 'rule', strokeDash: [4, 4], color: '#c33' }, encoding: { y: { datum: 1e-3 } } },
        ],
      },
    ],
  });
}

/** What fit() hands a callback: the model, the training data and the loss. */
export interface CallbackContext {
  model: Module;
  x: DataLike;
  y: DataLike;
  loss?: LossSpec;
  [key: string]: unknown;
}

export interface GradientFlowRecord {
  epoch: number;
  report: GradientFlowReport;
}

export interface GradientFlowCallbackOptions extends GradientFlowOptions {
  /** Record every n-th epoch (default 1). */
  every?: number;
  /** Measure on these instead of the training data in the context (e.g. a fixed batch). */
  x?: DataLike;
  y?: DataLike;
  /** Called with each report (e.g. (r) => console.log(formatGradientFlow(r))). */
  onReport?: (report: GradientFlowReport, epoch: number) => void;
}

/** A fit() callback that records gradientFlow after every epoch; `history` holds the reports. */
export function gradientFlowCallback(opts: GradientFlowCallbackOptions = {}) {
  const every = opts.every ?? 1;
  const history: GradientFlowRecord[] = [];
  return {
    history,
    onEpochEnd(epoch: number, _logs: unknown, context: CallbackContext): void {
      if (epoch % every !== 0) return;
      const x = opts.x ?? context?.x;
      const y = opts.y ?? context?.y;
      if (!context?.model || x === undefined || y === undefined) {
        throw new TypeError('gradientFlowCallback: expected a context with model, x and y (or x and y in the options)');
      }
      const report = gradientFlow(context.model, x, y, { lr: opts.lr, loss: opts.loss ?? context.loss });
      history.push({ epoch, report });
      opts.onReport?.(report, epoch);
    },
    /** ‖∂L/∂W‖ of every layer across the recorded epochs, as SVG. */
    chart(title = '‖∂L/∂W‖ per layer over training'): Promise<string> {
      const values = history.flatMap((r) =>
        r.report.layers.map((l) => ({
          epoch: r.epoch,
          layer: `layer ${l.index}`,
          gradNorm: Math.max(l.weightGradNorm, 1e-30),
        })),
      );
      return renderVegaLite({
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title,
        width: 480,
        height: 280,
        background: 'white',
        config: chartConfig,
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', axis: { format: 'd', tickMinStep: 1 } },
          y: {
            field: 'gradNorm',
            type: 'quantitative',
            title: '‖∂L/∂W‖ (log)',
            scale: { type: 'log' },
            axis: logAxis,
          },
          color: { field: 'layer', type: 'nominal', title: null },
        },
      });
    },
  };
}
