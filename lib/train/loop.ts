// The training loop, written once as a generator and driven two ways: fit() awaits the
// promises it yields (stream batches) and yields to the event loop on a time budget at its
// ticks; fitSync() runs it straight through. Each epoch runs the notes' three descents:
//   full       one update from ∇ of the mean loss over all n samples, accumulated chunk by chunk
//   stochastic one update per sample
//   minibatch  one update per batchSize samples
import { noGrad } from '../autograd.js';
import type { Matrix } from '../data/matrix.js';
import { restoreCheckpoint, saveCheckpoint } from '../io/checkpoint.js';
import type { Module } from '../nn/module.js';
import { clipGradNorm } from '../optim/clip.js';
import { getRngState, shuffleInPlace } from '../random.js';
import { Tensor } from '../tensor.js';
import type { Callback, CallbackContext, History } from './callbacks.js';
import { checkTargets, gatherRows, outputWidth, toMatrix } from './data.js';
import { EarlyStopping, type EarlyStoppingState } from './early-stopping.js';
import { type Logs, MetricTotals } from './metrics.js';
import type { FitOptions, Plan } from './options.js';
import { Progress } from './progress.js';

/** What the loop yields: a tick (a safe point to let the event loop run) or a promise to await. */
export type Step = undefined | Promise<unknown>;
export type Loop = Generator<Step, History, unknown>;

/** Forward + loss on a batch under noGrad, in eval mode (validation, evaluate). */
export function* evaluateBatches(
  model: Module,
  x: Matrix,
  y: Matrix,
  lossFn: (p: Tensor, t: Tensor) => Tensor,
  totals: MetricTotals,
  batchSize: number,
): Generator<Step, Logs, unknown> {
  const wasTraining = model.training;
  model.eval();
  try {
    const [n, xCols] = x.shape;
    const yCols = y.shape[1];
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const rows = end - start;
      const xb = new Tensor(x.data.subarray(start * xCols, end * xCols), [rows, xCols]);
      const yb = new Tensor(y.data.subarray(start * yCols, end * yCols), [rows, yCols]);
      noGrad(() => {
        const pred = model.forward(xb);
        totals.addLoss(lossFn(pred, yb).item(), rows);
        totals.addPredictions(pred.data, pred.shape[1], yb.data, yCols, rows);
      });
      yield;
    }
  } finally {
    model.train(wasTraining);
  }
  return totals.result();
}

interface BatchSource {
  /** Rows in the data set, when known (in memory). */
  samples: number | null;
  /** Runs through one epoch: yields undefined when `current` holds the next batch, or a promise to await. */
  batches(): Generator<Step, void, unknown>;
  /** The batch just produced, as [x, y] tensors. */
  current: [Tensor, Tensor] | null;
}

export function* trainLoop(model: Module, plan: Plan, o: FitOptions): Loop {
  const { op, optimizer, scheduler, lossFn, metrics } = plan;
  const history: History = {
    epoch: [],
    history: {},
    params: {
      epochs: plan.epochs,
      mode: plan.mode,
      batchSize: plan.batchSize,
      samples: plan.train?.x.shape[0] ?? null,
      loss: plan.lossName,
      optimizer: optimizer.name,
      metrics: [...metrics],
    },
  };
  const ctx: CallbackContext = {
    model,
    optimizer,
    loss: lossFn,
    x: plan.train?.x ?? null,
    y: plan.train?.y ?? null,
    history,
    stopTraining: false,
  };
  const callbacks: Callback[] = o.callbacks ?? [];
  if (!Array.isArray(callbacks)) throw new TypeError(`${op}: expected callbacks as an array`);

  const logged = [...metrics, ...(plan.validation ? metrics.map((m) => `val${m[0].toUpperCase()}${m.slice(1)}`) : [])];
  const defaultMonitor = plan.validation ? 'valLoss' : 'loss';
  const early =
    o.earlyStopping === undefined || o.earlyStopping === false
      ? null
      : new EarlyStopping(op, o.earlyStopping === true ? {} : o.earlyStopping, defaultMonitor, logged);
  const plateauMonitor = early?.monitor ?? defaultMonitor;

  let startEpoch = 0;
  if (o.resumeFrom !== undefined) {
    const ckpt = restoreCheckpoint(o.resumeFrom, { model, optimizer, scheduler });
    startEpoch = ckpt.epoch;
    const saved = ckpt.history as History | null;
    if (saved?.epoch) {
      history.epoch.push(...saved.epoch);
      for (const [k, v] of Object.entries(saved.history)) history.history[k] = [...v];
    }
    if (early && ckpt.extra.earlyStopping) early.loadStateDict(ckpt.extra.earlyStopping as EarlyStoppingState);
  }

  const progress = new Progress(plan.verbose, plan.epochs, o.progressStream);
  const totals = new MetricTotals(metrics, plan.threshold);
  const params = model.parameters();
  const source = plan.train ? memorySource(plan) : streamSource(plan, model);
  const wasTraining = model.training;
  let logs: Logs = {};
  let lastEpoch = startEpoch - 1;
  for (const cb of callbacks) cb.onTrainBegin?.(ctx);

  const update = () => {
    if (plan.clipGradNorm !== undefined) clipGradNorm(params, plan.clipGradNorm);
    optimizer.step();
    if (scheduler !== null && scheduler.interval === 'batch') scheduler.step();
  };

  for (let epoch = startEpoch; epoch < plan.epochs && !ctx.stopTraining; epoch++) {
    for (const cb of callbacks) cb.onEpochBegin?.(epoch, ctx);
    model.train();
    totals.reset();
    progress.epochBegin(epoch, source.samples);
    let seen = 0;
    let batch = 0;
    const full = plan.mode === 'full';
    if (full) optimizer.zeroGrad();
    const it = source.batches();
    for (;;) {
      const r = it.next();
      if (r.done) break;
      if (r.value !== undefined) {
        yield r.value; // the stream's next batch is pending: the driver awaits it and resumes us
        continue;
      }
      const [xb, yb] = source.current!;
      const rows = xb.shape[0];
      if (!full) optimizer.zeroGrad();
      const pred = model.forward(xb);
      const loss = lossFn(pred, yb);
      const value = loss.item();
      yield; // a safe point between forward and backward halves the longest stretch without one
      // full: Σ_chunks rows·mean_chunk = n·mean_all; the gradient is divided by n after the last chunk
      (full ? loss.mul(rows) : loss).backward();
      totals.addLoss(value, rows);
      totals.addPredictions(pred.data, pred.shape[1], yb.data, yb.shape[1], rows);
      seen += rows;
      if (!full) {
        update();
        if (callbacks.length > 0 || progress.active) {
          const batchLogs = totals.result();
          for (const cb of callbacks) cb.onBatchEnd?.(batch, { ...batchLogs, batchLoss: value }, ctx);
          progress.batchEnd(seen, batchLogs);
        }
        batch++;
        if (ctx.stopTraining) break;
      } else if (progress.active) progress.batchEnd(seen, totals.result());
      yield;
    }
    if (seen === 0)
      throw new RangeError(
        `${op}: epoch ${epoch + 1} had no batches (an exhausted stream? pass a function returning a fresh iterable)`,
      );
    if (full) {
      const scale = 1 / seen;
      for (const p of params) if (p.grad) for (let i = 0, g = p.grad.data; i < g.length; i++) g[i] *= scale;
      update();
      for (const cb of callbacks) cb.onBatchEnd?.(0, { ...totals.result(), batchLoss: totals.result().loss }, ctx);
    }
    logs = totals.result();
    if (plan.validation) {
      const valTotals = new MetricTotals(metrics, plan.threshold);
      yield* evaluateBatches(
        model,
        plan.validation.x,
        plan.validation.y,
        lossFn,
        valTotals,
        Math.max(plan.batchSize, 256),
      );
      logs = { ...logs, ...valTotals.result('val') };
    }
    logs.lr = optimizer.paramGroups[0].lr;
    history.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (history.history[k] ??= []).push(v);
    lastEpoch = epoch;
    if (scheduler !== null && scheduler.interval === 'epoch') {
      if (scheduler.needsMetric) scheduler.step(logs[plateauMonitor]);
      else scheduler.step();
    }
    if (early?.update(epoch, logs, model)) ctx.stopTraining = true;
    progress.epochEnd(epoch, logs, seen);
    for (const cb of callbacks) cb.onEpochEnd?.(epoch, logs, ctx);
    const every = o.checkpoint?.every ?? 1;
    if (o.checkpoint && ((epoch + 1) % every === 0 || epoch + 1 === plan.epochs || ctx.stopTraining)) {
      saveCheckpoint(o.checkpoint.dir, {
        model,
        optimizer,
        scheduler,
        epoch: epoch + 1,
        rng: getRngState(),
        history,
        extra: early ? { earlyStopping: early.stateDict() } : {},
      });
    }
  }
  if (early?.restore(model, lastEpoch))
    progress.message(`restored the weights of epoch ${early.bestEpoch + 1} (${early.monitor} ${early.best})`);
  model.train(wasTraining);
  for (const cb of callbacks) cb.onTrainEnd?.(logs, ctx);
  return history;
}

/** Batches from matrices in memory: one shuffled order per epoch, each batch gathered by one copy into a reused buffer. */
function memorySource(plan: Plan): BatchSource {
  const { x, y } = plan.train!;
  const n = x.shape[0];
  const [xCols, yCols] = [x.shape[1], y.shape[1]];
  const bs = Math.min(plan.batchSize, n);
  const order = new Uint32Array(n);
  const xBuf = new Float32Array(bs * xCols);
  const yBuf = new Float32Array(bs * yCols);
  const end = plan.dropLast ? n - (n % bs) : n;
  const source: BatchSource = {
    samples: end,
    current: null,
    *batches() {
      if (plan.shuffle) {
        // from the identity each epoch, so the order depends on the RNG state alone (exact resume)
        for (let i = 0; i < n; i++) order[i] = i;
        shuffleInPlace(order);
      }
      for (let start = 0; start < end; start += bs) {
        const stop = Math.min(end, start + bs);
        const rows = stop - start;
        // no shuffle: the batch is a view of the data, no copy at all
        const xs = plan.shuffle
          ? gatherRows(x, order, start, stop, xBuf)
          : x.data.subarray(start * xCols, stop * xCols);
        const ys = plan.shuffle
          ? gatherRows(y, order, start, stop, yBuf)
          : y.data.subarray(start * yCols, stop * yCols);
        source.current = [new Tensor(xs, [rows, xCols]), new Tensor(ys, [rows, yCols])];
        yield;
      }
    },
  };
  return source;
}

/** Batches from a stream: each item is one batch ({ x, y }); checked as it arrives. */
function streamSource(plan: Plan, model: Module): BatchSource {
  const { op, lossName } = plan;
  let epochs = 0;
  let outputs: number | null = null;
  const source: BatchSource = {
    samples: null,
    current: null,
    *batches() {
      const src = plan.stream!;
      const iterable = typeof src === 'function' ? src() : src;
      const iterator =
        Symbol.asyncIterator in (iterable as object)
          ? (iterable as AsyncIterable<unknown>)[Symbol.asyncIterator]()
          : (iterable as Iterable<unknown>)[Symbol.iterator]();
      epochs++;
      let index = 0;
      for (;;) {
        let r: IteratorResult<unknown>;
        const next = iterator.next();
        if (next instanceof Promise) {
          let settled: IteratorResult<unknown> | undefined;
          yield next.then((v) => (settled = v));
          r = settled!;
        } else r = next as IteratorResult<unknown>;
        if (r.done) return;
        const item = r.value as { x?: unknown; y?: unknown };
        const where = `stream batch ${index} of epoch ${epochs}`;
        if (typeof item !== 'object' || item === null || !('x' in item) || !('y' in item)) {
          throw new TypeError(`${op}: ${where}: expected { x, y }, got ${item === null ? 'null' : typeof item}`);
        }
        let xm = toMatrix(item.x, op, `${where}: x`);
        const ym = toMatrix(item.y, op, `${where}: y`);
        if (xm.shape[0] !== ym.shape[0])
          throw new RangeError(`${op}: ${where}: x has ${xm.shape[0]} rows but y has ${ym.shape[0]}`);
        if (plan.normalizer) xm = plan.normalizer.transform(xm);
        const xt = new Tensor(xm.data, [xm.shape[0], xm.shape[1]]);
        outputs ??= outputWidth(model, xm, op);
        checkTargets(ym, outputs, lossName, op, `${where}: y`);
        source.current = [xt, new Tensor(ym.data, [ym.shape[0], ym.shape[1]])];
        index++;
        yield;
      }
    },
  };
  return source;
}
