// Cut the lr by `factor` once the monitored metric has stopped improving for `patience`
// epochs: torch.optim.lr_scheduler.ReduceLROnPlateau, stepped with the metric.
import { checkKnownKeys, checkNonNegative, checkOneOf, show } from './check.js';
import {
  checkSchedulerDict,
  type SchedulableOptimizer,
  type Scheduler,
  type SchedulerStateDict,
  schedulerFactory,
} from './scheduler.js';

export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minLr?: number | number[];
  /** Changes of the lr smaller than this are not made. */
  eps?: number;
}

const op = 'reduceLROnPlateau';

function checkPlateau(o: ReduceLROnPlateauOptions): void {
  checkKnownKeys(op, o, ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps']);
  checkOneOf(op, 'mode', o.mode ?? 'min', ['min', 'max']);
  const factor = o.factor ?? 0.1;
  if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) {
    throw new Error(`${op}: expected factor in (0, 1), got ${show(factor)}`);
  }
  checkNonNegative(op, 'patience', o.patience ?? 10);
  checkNonNegative(op, 'threshold', o.threshold ?? 1e-4);
  checkOneOf(op, 'thresholdMode', o.thresholdMode ?? 'rel', ['rel', 'abs']);
  checkNonNegative(op, 'cooldown', o.cooldown ?? 0);
  for (const m of Array.isArray(o.minLr) ? o.minLr : [o.minLr ?? 0]) checkNonNegative(op, 'minLr', m);
  checkNonNegative(op, 'eps', o.eps ?? 1e-8);
}

export class ReduceLROnPlateau implements Scheduler {
  readonly name = op;
  readonly interval = 'epoch';
  readonly needsMetric = true;
  lastEpoch = 0;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  private readonly minLrs: number[];
  private readonly baseLrs: number[];
  private lastLr: number[];
  private readonly options: Required<Omit<ReduceLROnPlateauOptions, 'minLr'>>;

  constructor(
    readonly optimizer: SchedulableOptimizer,
    options: ReduceLROnPlateauOptions = {},
  ) {
    checkPlateau(options);
    const groups = optimizer.paramGroups;
    this.options = {
      mode: options.mode ?? 'min',
      factor: options.factor ?? 0.1,
      patience: options.patience ?? 10,
      threshold: options.threshold ?? 1e-4,
      thresholdMode: options.thresholdMode ?? 'rel',
      cooldown: options.cooldown ?? 0,
      eps: options.eps ?? 1e-8,
    };
    const minLr = options.minLr ?? 0;
    this.minLrs = Array.isArray(minLr) ? [...minLr] : groups.map(() => minLr);
    if (this.minLrs.length !== groups.length) {
      throw new Error(
        `${op}: expected minLr to be one number or ${groups.length} (one per group), got ${this.minLrs.length}`,
      );
    }
    this.best = this.options.mode === 'min' ? Infinity : -Infinity;
    this.baseLrs = groups.map((g) => g.lr);
    this.lastLr = [...this.baseLrs];
  }

  /** One epoch's end with the monitored value (e.g. validation loss). */
  step(metric?: number): void {
    if (typeof metric !== 'number') {
      throw new Error(`${op}.step: expected the monitored metric as a number, got ${show(metric)}`);
    }
    this.lastEpoch++;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0; // bad epochs during cooldown do not count
    }
    if (this.numBadEpochs > this.options.patience) {
      this.reduceLr();
      this.cooldownCounter = this.options.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** rel: better than best·(1 ∓ threshold); abs: better than best ∓ threshold. */
  private isBetter(a: number): boolean {
    const { mode, thresholdMode, threshold } = this.options;
    const best = this.best;
    if (mode === 'min') return thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const next = Math.max(g.lr * this.options.factor, this.minLrs[i]);
      if (g.lr - next > this.options.eps) g.lr = next;
    });
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return {
      scheduler: this.name,
      lastEpoch: this.lastEpoch,
      baseLrs: [...this.baseLrs],
      lastLr: [...this.lastLr],
      best: encodeInfinity(this.best),
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
    };
  }

  loadStateDict(dict: SchedulerStateDict): void {
    const where = `${op}.loadStateDict`;
    checkSchedulerDict(where, this.name, dict, this.optimizer.paramGroups.length);
    const best = decodeInfinity(dict.best);
    if (typeof best !== 'number' || typeof dict.numBadEpochs !== 'number' || typeof dict.cooldownCounter !== 'number') {
      throw new Error(`${where}: expected best, numBadEpochs and cooldownCounter numbers, got ${show(dict)}`);
    }
    this.lastEpoch = dict.lastEpoch;
    this.best = best;
    this.numBadEpochs = dict.numBadEpochs;
    this.cooldownCounter = dict.cooldownCounter;
    this.lastLr = [...dict.lastLr];
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = this.lastLr[i]));
  }
}

// JSON has no Infinity: the initial best is saved as a string.
function encodeInfinity(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

function decodeInfinity(v: unknown): unknown {
  return v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;
}

export const reduceLROnPlateau = schedulerFactory(
  op,
  checkPlateau,
  (optimizer, o) => new ReduceLROnPlateau(optimizer, o),
);
