// fit()'s options, checked and resolved into what the loop runs with — all before the first
// step, so every mistake (bad data, a label past the logits, batchSize 0) is an error up front.
import { checkOptions, type OptionKeys } from '../options.js';
import { batchCount } from '../data/batches.js';
import { describeValue, type Matrix } from '../data/matrix.js';
import { minMax, type Normalizer, standardize, Standardizer, MinMaxScaler } from '../data/normalize.js';
import { trainValidationSplit } from '../data/split.js';
import { getLoss, type LossFunction } from '../losses/index.js';
import type { Module } from '../nn/module.js';
import { isOptimizerName, optimizerByName, optimizerNames } from '../optim/create.js';
import { isOptimizerSpec, type OptimizerLike, type OptimizerSpec } from '../optim/optimizer.js';
import { isSchedulerSpec, type Scheduler, type SchedulerSpec } from '../optim/scheduler.js';
import { manualSeed, random } from '../random.js';
import type { Tensor } from '../tensor.js';
import type { Callback } from './callbacks.js';
import { type BatchStream, checkTargets, isStream, outputWidth, toXY, type XY } from './data.js';
import type { EarlyStoppingOptions } from './early-stopping.js';
import { checkMetrics, type MetricName } from './metrics.js';
import type { ProgressStream, Verbosity } from './progress.js';

export type Mode = 'full' | 'stochastic' | 'minibatch';

export interface FitOptions {
  /** Total epochs (a resumed run continues up to this number). Default 1. */
  epochs?: number;
  /** minibatch: samples per update (default 32); full: rows per forward chunk (default all, at most 1024). */
  batchSize?: number;
  /** 'full': one update per epoch from the gradient averaged over all samples; 'stochastic': one per sample; 'minibatch' (default): one per batchSize samples. */
  mode?: Mode;
  /** A new sample order every epoch, from the library RNG (default true). */
  shuffle?: boolean;
  /** Skip the last, short batch (default false). */
  dropLast?: boolean;
  /** A loss name (losses.getLoss) or function; default softmaxCrossEntropy for class labels, else mse. */
  loss?: string | LossFunction;
  /** An optimizer, an unbound spec (optim.adam({ lr })), or a name with `lr`. Default adam. */
  optimizer?: OptimizerLike | OptimizerSpec | string;
  /** The learning rate when `optimizer` is a name (default: the optimizer's own). */
  lr?: number;
  metrics?: MetricName[];
  validationData?: XY;
  /** Hold out this share of the (seeded, shuffled) training rows for validation. */
  validationSplit?: number;
  callbacks?: Callback[];
  earlyStopping?: EarlyStoppingOptions | boolean;
  /** A scheduler (bound to the optimizer) or a spec to bind; stepped per epoch or per batch by its interval. */
  scheduler?: Scheduler | SchedulerSpec;
  /** manualSeed(seed) before splitting and shuffling. */
  seed?: number;
  /** 0 silent; 1 a progress bar per epoch (lines when not a TTY or CI is set); 2 one line per epoch. Default 1. */
  verbose?: Verbosity;
  /** Fit a normalizer on the training rows, store it on model.normalizer, apply it everywhere after. */
  normalize?: 'standardize' | 'minMax' | Normalizer;
  /** Clip the global gradient 2-norm to this before each update. */
  clipGradNorm?: number;
  /** Save a checkpoint to dir every `every` epochs (default 1) and at the end. */
  checkpoint?: { dir: string; every?: number };
  /** Continue from the checkpoint in this directory. */
  resumeFrom?: string;
  /** Where progress goes (default process.stdout). */
  progressStream?: ProgressStream;
  /**
   * fit() only: yield to the event loop after this much work (default 4 ms: a yield costs a few
   * µs, and a server in the same process then waits ~5 ms at the median rather than ~11).
   */
  yieldEveryMs?: number;
}

export interface Plan {
  op: string;
  epochs: number;
  mode: Mode;
  /** Rows per update (minibatch/stochastic) or per forward chunk (full). */
  batchSize: number;
  shuffle: boolean;
  dropLast: boolean;
  lossFn: (pred: Tensor, target: Tensor) => Tensor;
  lossName: string;
  metrics: MetricName[];
  /** One-output accuracy threshold: 0 for logits, 0.5 for probabilities. */
  threshold: number;
  optimizer: OptimizerLike;
  scheduler: Scheduler | null;
  train: { x: Matrix; y: Matrix } | null;
  stream: BatchStream | null;
  validation: { x: Matrix; y: Matrix } | null;
  normalizer: Normalizer | null;
  outputs: number | null;
  verbose: Verbosity;
  yieldEveryMs: number;
  clipGradNorm: number | undefined;
}

function positiveInt(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new RangeError(`${op}: expected ${name} to be a positive integer, got ${describeValue(v)}`);
  }
  return v;
}

export function resolveLoss(
  op: string,
  loss: unknown,
  y: Matrix | null,
  outputs: number | null,
): [LossFunction, string] {
  if (typeof loss === 'function') return [loss as LossFunction, (loss as LossFunction).name || 'custom loss'];
  if (typeof loss === 'string') return [wrapLoss(op, getLoss(loss), loss), loss];
  if (loss !== undefined)
    throw new TypeError(`${op}: expected loss to be a name or a function, got ${describeValue(loss)}`);
  const name = y !== null && outputs !== null && y.shape[1] === 1 && outputs > 1 ? 'softmaxCrossEntropy' : 'mse';
  return [getLoss(name), name];
}

function wrapLoss(op: string, fn: LossFunction, name: string): LossFunction {
  if (typeof fn !== 'function') throw new RangeError(`${op}: unknown loss '${name}'`);
  return fn;
}

function resolveOptimizer(op: string, model: Module, o: FitOptions): OptimizerLike {
  const spec = o.optimizer ?? 'adam';
  if (typeof spec === 'string') {
    if (!isOptimizerName(spec))
      throw new RangeError(`${op}: unknown optimizer '${spec}'; expected one of ${optimizerNames.join(', ')}`);
    return optimizerByName(spec, o.lr === undefined ? (spec === 'adam' ? { lr: 1e-3 } : {}) : { lr: o.lr }).bind(
      model.parameters(),
    );
  }
  if (o.lr !== undefined)
    throw new TypeError(`${op}: lr goes with an optimizer name; set it on the optimizer you pass instead`);
  if (isOptimizerSpec(spec)) return spec.bind(model.parameters());
  if (typeof spec === 'object' && spec !== null && typeof (spec as OptimizerLike).step === 'function')
    return spec as OptimizerLike;
  throw new TypeError(
    `${op}: expected optimizer to be an optimizer, optim.<name>({ … }) or a name, got ${describeValue(spec)}`,
  );
}

function makeNormalizer(op: string, n: unknown): Normalizer {
  if (n === 'standardize') return standardize();
  if (n === 'minMax') return minMax();
  if (n instanceof Standardizer || n instanceof MinMaxScaler) return n;
  throw new RangeError(`${op}: expected normalize 'standardize', 'minMax' or a normalizer, got ${describeValue(n)}`);
}

/** True when a normalizer already holds fitted statistics. */
function isFitted(n: Normalizer): boolean {
  return n instanceof Standardizer ? n.mean !== null : n.min !== null;
}

const fitOptionKeys = [
  'epochs',
  'batchSize',
  'mode',
  'shuffle',
  'dropLast',
  'loss',
  'optimizer',
  'lr',
  'metrics',
  'validationData',
  'validationSplit',
  'callbacks',
  'earlyStopping',
  'scheduler',
  'seed',
  'verbose',
  'normalize',
  'clipGradNorm',
  'checkpoint',
  'resumeFrom',
  'progressStream',
  'yieldEveryMs',
] as const;
const everyFitOption: OptionKeys<FitOptions, typeof fitOptionKeys> = fitOptionKeys;

export function resolvePlan(op: string, model: Module, data: unknown, o: FitOptions = {}): Plan {
  if (typeof o !== 'object' || o === null)
    throw new TypeError(`${op}: expected options as an object, got ${describeValue(o)}`);
  checkOptions(op, o, everyFitOption);
  const epochs = positiveInt(op, 'epochs', o.epochs ?? 1);
  const mode = o.mode ?? 'minibatch';
  if (mode !== 'full' && mode !== 'stochastic' && mode !== 'minibatch') {
    throw new RangeError(`${op}: expected mode 'full', 'stochastic' or 'minibatch', got ${describeValue(mode)}`);
  }
  if (o.batchSize !== undefined) positiveInt(op, 'batchSize', o.batchSize);
  if (mode === 'stochastic' && o.batchSize !== undefined && o.batchSize !== 1) {
    throw new RangeError(
      `${op}: mode 'stochastic' updates once per sample; leave batchSize out (or 1), got ${o.batchSize}`,
    );
  }
  const verbose = o.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2)
    throw new RangeError(`${op}: expected verbose 0, 1 or 2, got ${describeValue(verbose)}`);
  if (o.seed !== undefined) manualSeed(o.seed);
  const metrics = checkMetrics(op, o.metrics);
  if (o.validationData !== undefined && o.validationSplit !== undefined) {
    throw new TypeError(`${op}: give validationData or validationSplit, not both`);
  }
  if (o.clipGradNorm !== undefined && !(typeof o.clipGradNorm === 'number' && o.clipGradNorm > 0)) {
    throw new RangeError(`${op}: expected clipGradNorm to be a number > 0, got ${describeValue(o.clipGradNorm)}`);
  }
  if (o.checkpoint !== undefined) {
    if (typeof o.checkpoint?.dir !== 'string')
      throw new TypeError(`${op}: expected checkpoint { dir: string, every? }`);
    if (o.checkpoint.every !== undefined) positiveInt(op, 'checkpoint.every', o.checkpoint.every);
  }

  let train: Plan['train'] = null;
  let stream: BatchStream | null = null;
  let validation: Plan['validation'] = null;
  if (isStream(data)) {
    stream = data;
    if (o.loss === undefined)
      throw new TypeError(`${op}: pass loss with a stream (it cannot be inferred before the first batch)`);
    if (o.validationSplit !== undefined)
      throw new TypeError(`${op}: validationSplit needs data in memory; pass validationData with a stream`);
  } else {
    train = toXY(data, op);
    if (o.validationSplit !== undefined) {
      const f = o.validationSplit;
      if (typeof f !== 'number' || !(f > 0 && f < 1))
        throw new RangeError(`${op}: expected validationSplit in (0, 1), got ${describeValue(f)}`);
      const split = trainValidationSplit(train.x, train.y, { validationFraction: f, random });
      train = split.train;
      validation = split.validation;
    }
  }
  if (o.validationData !== undefined) validation = toXY(o.validationData, op, 'validationData');

  // Normalizer: fitted on the training rows only; an already fitted one on the model is reused.
  let normalizer: Normalizer | null = null;
  if (o.normalize !== undefined) {
    normalizer = makeNormalizer(op, o.normalize);
    if (!isFitted(normalizer)) {
      if (train === null)
        throw new TypeError(
          `${op}: normalize '${String(o.normalize)}' must be fitted on data in memory; pass a fitted normalizer with a stream`,
        );
      normalizer.fit(train.x);
    }
  } else {
    normalizer = (model as { normalizer?: Normalizer | null }).normalizer ?? null;
  }
  if (normalizer !== null) {
    (model as { normalizer?: Normalizer | null }).normalizer = normalizer;
    if (train) train = { x: normalizer.transform(train.x), y: train.y };
    if (validation) validation = { x: normalizer.transform(validation.x), y: validation.y };
  }

  const outputs = train ? outputWidth(model, train.x, op) : null;
  if (validation && outputs !== null) outputWidth(model, validation.x, `${op}: validationData`);
  const [lossFn, lossName] = resolveLoss(op, o.loss, train?.y ?? null, outputs);
  if (train && outputs !== null) {
    checkTargets(train.y, outputs, lossName, op);
    if (validation) checkTargets(validation.y, outputs, lossName, op, 'validationData.y');
    if (metrics.includes('mae') && train.y.shape[1] !== outputs) {
      throw new RangeError(
        `${op}: metric mae compares outputs with targets elementwise; y has ${train.y.shape[1]} columns, the model ${outputs} outputs`,
      );
    }
  }

  const n = train?.x.shape[0] ?? null;
  let batchSize: number;
  if (mode === 'stochastic') batchSize = 1;
  else if (mode === 'full') batchSize = o.batchSize ?? Math.min(n ?? 1024, 1024);
  else batchSize = o.batchSize ?? 32;
  const dropLast = mode === 'minibatch' ? (o.dropLast ?? false) : false;
  if (n !== null && dropLast && batchCount(n, batchSize, true) === 0) {
    throw new RangeError(`${op}: dropLast with batchSize ${batchSize} > ${n} samples leaves no batch`);
  }

  const optimizer = resolveOptimizer(op, model, o);
  let scheduler: Scheduler | null = null;
  if (o.scheduler !== undefined) {
    if (isSchedulerSpec(o.scheduler)) scheduler = o.scheduler.bind(optimizer as never);
    else if (typeof (o.scheduler as Scheduler)?.step === 'function') scheduler = o.scheduler as Scheduler;
    else
      throw new TypeError(
        `${op}: expected scheduler to be a scheduler or optim.<schedule>({ … }), got ${describeValue(o.scheduler)}`,
      );
  }
  const yieldEveryMs = o.yieldEveryMs ?? 4;
  if (typeof yieldEveryMs !== 'number' || !(yieldEveryMs >= 0))
    throw new RangeError(`${op}: expected yieldEveryMs ≥ 0, got ${describeValue(yieldEveryMs)}`);
  return {
    op,
    epochs,
    mode,
    batchSize,
    shuffle: o.shuffle ?? true,
    dropLast,
    lossFn,
    lossName,
    metrics,
    threshold: lossName === 'binaryCrossEntropyWithLogits' ? 0 : 0.5,
    optimizer,
    scheduler,
    train,
    stream,
    validation,
    normalizer,
    outputs,
    verbose,
    yieldEveryMs,
    clipGradNorm: o.clipGradNorm,
  };
}
