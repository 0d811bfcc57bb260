// Learning-rate schedules, each PyTorch's closed form (torch.optim.lr_scheduler), t = lastEpoch:
// stepLR, multiStepLR, exponentialLR, cosineAnnealingLR, cosineAnnealingWarmRestarts, linearLR,
// linearWarmup and sequentialLR here; oneCycleLR and reduceLROnPlateau in their own files.
import {
  checkKnownKeys,
  checkNonNegative,
  checkPositive,
  checkPositiveInteger,
  checkUnitInterval,
  show,
} from './check.js';
import {
  isSchedulerSpec,
  LRScheduler,
  type SchedulableOptimizer,
  type SchedulerSpec,
  schedulerFactory,
} from './scheduler.js';

function checkOptions(op: string, options: unknown, known: readonly string[]): asserts options is object {
  if (typeof options !== 'object' || options === null)
    throw new Error(`${op}: expected an options object, got ${show(options)}`);
  checkKnownKeys(op, options, known);
}

export interface StepLROptions {
  stepSize: number;
  gamma?: number;
}

function checkStepLR(o: StepLROptions): void {
  checkOptions('stepLR', o, ['stepSize', 'gamma']);
  checkPositiveInteger('stepLR', 'stepSize', o.stepSize);
  checkPositive('stepLR', 'gamma', o.gamma ?? 0.1);
}

/** lr = base · γ^⌊t / stepSize⌋ (γ = 0.1 by default). */
export const stepLR = schedulerFactory('stepLR', checkStepLR, (optimizer, { stepSize, gamma = 0.1 }) => {
  return new LRScheduler(optimizer, {
    name: 'stepLR',
    interval: 'epoch',
    lrAt: (t, base) => base * gamma ** Math.floor(t / stepSize),
  });
});

export interface MultiStepLROptions {
  milestones: number[];
  gamma?: number;
}

function checkMultiStepLR(o: MultiStepLROptions): void {
  checkOptions('multiStepLR', o, ['milestones', 'gamma']);
  if (!Array.isArray(o.milestones) || !o.milestones.every((m) => Number.isInteger(m) && m >= 0)) {
    throw new Error(`multiStepLR: expected milestones to be a list of integers >= 0, got ${show(o.milestones)}`);
  }
  checkPositive('multiStepLR', 'gamma', o.gamma ?? 0.1);
}

/** lr = base · γ^(number of milestones ≤ t) — PyTorch's bisect_right, repeated milestones counting twice. */
export const multiStepLR = schedulerFactory('multiStepLR', checkMultiStepLR, (optimizer, o) => {
  const milestones = [...o.milestones].sort((a, b) => a - b);
  const gamma = o.gamma ?? 0.1;
  return new LRScheduler(optimizer, {
    name: 'multiStepLR',
    interval: 'epoch',
    lrAt: (t, base) => base * gamma ** bisectRight(milestones, t),
  });
});

/** The number of entries of the sorted list that are ≤ t. */
function bisectRight(sorted: readonly number[], t: number): number {
  let count = 0;
  while (count < sorted.length && sorted[count] <= t) count++;
  return count;
}

export interface ExponentialLROptions {
  gamma: number;
}

function checkExponentialLR(o: ExponentialLROptions): void {
  checkOptions('exponentialLR', o, ['gamma']);
  checkPositive('exponentialLR', 'gamma', o.gamma);
}

/** lr = base · γ^t. */
export const exponentialLR = schedulerFactory('exponentialLR', checkExponentialLR, (optimizer, { gamma }) => {
  return new LRScheduler(optimizer, { name: 'exponentialLR', interval: 'epoch', lrAt: (t, base) => base * gamma ** t });
});

export interface CosineAnnealingLROptions {
  tMax: number;
  etaMin?: number;
}

function checkCosineAnnealingLR(o: CosineAnnealingLROptions): void {
  checkOptions('cosineAnnealingLR', o, ['tMax', 'etaMin']);
  checkPositive('cosineAnnealingLR', 'tMax', o.tMax);
  checkNonNegative('cosineAnnealingLR', 'etaMin', o.etaMin ?? 0);
}

/** SGDR without restarts (Loshchilov & Hutter 2017): lr = η_min + (base − η_min)(1 + cos(π t / T_max)) / 2. */
export const cosineAnnealingLR = schedulerFactory('cosineAnnealingLR', checkCosineAnnealingLR, (optimizer, o) => {
  const { tMax, etaMin = 0 } = o;
  return new LRScheduler(optimizer, {
    name: 'cosineAnnealingLR',
    interval: 'epoch',
    lrAt: (t, base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2,
  });
});

export interface CosineAnnealingWarmRestartsOptions {
  t0: number;
  tMult?: number;
  etaMin?: number;
}

function checkWarmRestarts(o: CosineAnnealingWarmRestartsOptions): void {
  const op = 'cosineAnnealingWarmRestarts';
  checkOptions(op, o, ['t0', 'tMult', 'etaMin']);
  checkPositiveInteger(op, 't0', o.t0);
  checkPositiveInteger(op, 'tMult', o.tMult ?? 1);
  checkNonNegative(op, 'etaMin', o.etaMin ?? 0);
}

/**
 * SGDR: lr = η_min + (base − η_min)(1 + cos(π T_cur / T_i)) / 2, where the i-th period lasts
 * T_i = t0·tMult^i and T_cur counts from its start. t may be fractional (step(epoch + b / batches)).
 */
export const cosineAnnealingWarmRestarts = schedulerFactory(
  'cosineAnnealingWarmRestarts',
  checkWarmRestarts,
  (optimizer, o) => {
    const { t0, tMult = 1, etaMin = 0 } = o;
    return new LRScheduler(optimizer, {
      name: 'cosineAnnealingWarmRestarts',
      interval: 'epoch',
      lrAt: (t, base) => {
        let tCur = tMult === 1 ? t % t0 : t; // subtracting whole periods exactly, not PyTorch's log()
        let tI = t0;
        while (tCur >= tI) {
          tCur -= tI;
          tI *= tMult;
        }
        return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
      },
    });
  },
);

export interface LinearLROptions {
  startFactor?: number;
  endFactor?: number;
  totalIters?: number;
}

function checkLinearLR(o: LinearLROptions, op = 'linearLR'): void {
  checkOptions(op, o, ['startFactor', 'endFactor', 'totalIters']);
  const start = o.startFactor ?? 1 / 3;
  if (typeof start !== 'number' || !(start > 0 && start <= 1)) {
    throw new Error(`${op}: expected startFactor in (0, 1], got ${show(start)}`);
  }
  checkUnitInterval(op, 'endFactor', o.endFactor ?? 1, true);
  checkPositiveInteger(op, 'totalIters', o.totalIters ?? 5);
}

function linearSchedule(name: string, startFactor: number, endFactor: number, totalIters: number) {
  return {
    name,
    interval: 'epoch' as const,
    lrAt: (t: number, base: number) =>
      base * (startFactor + ((endFactor - startFactor) * Math.min(totalIters, t)) / totalIters),
  };
}

/** lr = base · (s + (e − s)·min(t, T)/T): PyTorch's LinearLR (s = 1/3, e = 1, T = 5 by default). */
export const linearLR = schedulerFactory(
  'linearLR',
  (o: LinearLROptions) => checkLinearLR(o),
  (optimizer, o) => {
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = o;
    return new LRScheduler(optimizer, linearSchedule('linearLR', startFactor, endFactor, totalIters));
  },
);

export interface LinearWarmupOptions {
  warmupSteps: number;
  startFactor?: number;
}

function checkLinearWarmup(o: LinearWarmupOptions): void {
  checkOptions('linearWarmup', o, ['warmupSteps', 'startFactor']);
  checkPositiveInteger('linearWarmup', 'warmupSteps', o.warmupSteps);
  checkLinearLR({ startFactor: o.startFactor ?? 1 / 3 }, 'linearWarmup');
}

/**
 * Linear warm-up from base·startFactor to base over warmupSteps, then constant: linearLR with
 * endFactor 1. Follow it with another schedule through sequentialLR(…, [warmupSteps]).
 */
export const linearWarmup = schedulerFactory('linearWarmup', checkLinearWarmup, (optimizer, o) => {
  return new LRScheduler(optimizer, linearSchedule('linearWarmup', o.startFactor ?? 1 / 3, 1, o.warmupSteps));
});

type Child = LRScheduler | SchedulerSpec<LRScheduler>;

export interface SequentialLROptions {
  schedulers: Child[];
  milestones: number[];
}

function checkSequentialLR(o: SequentialLROptions): void {
  checkOptions('sequentialLR', o, ['schedulers', 'milestones']);
  const { schedulers, milestones } = o;
  if (!Array.isArray(schedulers) || schedulers.length < 1) {
    throw new Error(`sequentialLR: expected a non-empty list of schedulers, got ${show(schedulers)}`);
  }
  for (const s of schedulers) {
    if (!(s instanceof LRScheduler) && !isSchedulerSpec(s)) {
      throw new Error(`sequentialLR: expected schedulers with a closed form (not reduceLROnPlateau), got ${show(s)}`);
    }
  }
  const increasing =
    Array.isArray(milestones) &&
    milestones.every((m, i) => Number.isInteger(m) && m > 0 && (i === 0 || m > milestones[i - 1]));
  if (!increasing || milestones.length !== schedulers.length - 1) {
    throw new Error(
      `sequentialLR: expected ${schedulers.length - 1} increasing positive integer milestones (one fewer than schedulers), got ${show(milestones)}`,
    );
  }
}

/**
 * Runs schedulers[i] between milestones[i − 1] and milestones[i], each restarted at its own
 * t = 0 there: e.g. linearWarmup for 5 epochs, then cosine. This is what PyTorch's SequentialLR
 * code does (scheduler.step(0) at a milestone) — its docstring's example shows one step later.
 */
export const sequentialLR = schedulerFactory('sequentialLR', checkSequentialLR, (optimizer, o) => {
  const children = o.schedulers.map((s) => (s instanceof LRScheduler ? s : s.bind(optimizer)));
  for (const c of children) {
    if (c.optimizer !== optimizer)
      throw new Error('sequentialLR: expected every scheduler to be attached to its optimizer');
  }
  const starts = [0, ...o.milestones];
  return new LRScheduler(optimizer, {
    name: 'sequentialLR',
    interval: children.some((c) => c.interval === 'batch') ? 'batch' : 'epoch',
    lrAt: (t, _base, group) => {
      const i = bisectRight(o.milestones, t);
      return children[i].lrAt(t - starts[i], group);
    },
  });
});

export type { SchedulableOptimizer };
