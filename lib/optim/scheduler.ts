// The learning-rate scheduler base. Every schedule here is a closed form lr(t) of the epoch
// (or batch) counter t and the group's base lr — PyTorch's `_get_closed_form_lr` — so a
// scheduler's whole state is t, it can be resumed from a number, and schedules compose by
// shifting t (sequentialLR). Construction performs the initial step (t = 0), as PyTorch does.
// Unlike PyTorch's chainable step(), two schedulers stepping the same optimizer do not multiply
// their factors: the last one to step sets the lr. Compose them with sequentialLR instead.
import { show } from './check.js';

/** What a scheduler needs of an optimizer: its groups' mutable lr (and momentum/betas for oneCycle). */
export interface LrGroup {
  lr: number;
  /** The lr before any scheduler touched it, set by the first one attached (PyTorch's 'initial_lr'). */
  initialLr?: number;
  momentum?: number;
  betas?: [number, number];
}

export interface SchedulableOptimizer {
  readonly paramGroups: LrGroup[];
}

export interface SchedulerStateDict {
  scheduler: string;
  lastEpoch: number;
  baseLrs: number[];
  lastLr: number[];
  [extra: string]: unknown;
}

/** The common face of every scheduler, ReduceLROnPlateau included — what fit() drives. */
export interface Scheduler {
  readonly name: string;
  /** When fit() should call step(): after every epoch, or after every batch (oneCycleLR). */
  readonly interval: 'epoch' | 'batch';
  /** True when step() takes the monitored metric (reduceLROnPlateau). */
  readonly needsMetric: boolean;
  step(metricOrEpoch?: number): void;
  getLastLr(): number[];
  stateDict(): SchedulerStateDict;
  loadStateDict(dict: SchedulerStateDict): void;
}

/** A schedule as a pure function: the lr of group `group` at counter t from its base lr. */
export interface Schedule {
  readonly name: string;
  readonly interval: 'epoch' | 'batch';
  lrAt(t: number, baseLr: number, group: number): number;
  /** Called before lrAt on each step: may throw (oneCycleLR past totalSteps) or set momentum. */
  beforeStep?(t: number, groups: LrGroup[]): void;
}

export function isSchedulableOptimizer(x: unknown): x is SchedulableOptimizer {
  return typeof x === 'object' && x !== null && Array.isArray((x as SchedulableOptimizer).paramGroups);
}

export class LRScheduler implements Scheduler {
  readonly name: string;
  readonly interval: 'epoch' | 'batch';
  readonly needsMetric = false;
  /** The counter t: -1 before the initial step, then 0, 1, 2, … */
  lastEpoch = -1;
  readonly baseLrs: number[];
  private lastLr: number[] = [];

  constructor(
    readonly optimizer: SchedulableOptimizer,
    readonly schedule: Schedule,
  ) {
    this.name = schedule.name;
    this.interval = schedule.interval;
    if (!isSchedulableOptimizer(optimizer)) {
      throw new Error(`${schedule.name}: expected an optimizer (with paramGroups), got ${show(optimizer)}`);
    }
    // PyTorch's group.setdefault('initial_lr', group['lr']): the first scheduler's view of the
    // base lr wins, so a second scheduler built on the same optimizer (sequentialLR) agrees.
    this.baseLrs = optimizer.paramGroups.map((g) => (g.initialLr ??= g.lr));
    this.step();
  }

  /** Advances t by one (or sets it: a fractional epoch for cosineAnnealingWarmRestarts per batch) and sets each group's lr. */
  step(epoch?: number): void {
    if (epoch !== undefined && (typeof epoch !== 'number' || !(epoch >= 0))) {
      throw new Error(`${this.name}.step: expected an epoch >= 0, got ${show(epoch)}`);
    }
    const t = epoch ?? this.lastEpoch + 1;
    const groups = this.optimizer.paramGroups;
    this.schedule.beforeStep?.(t, groups);
    this.lastEpoch = t;
    this.lastLr = groups.map((g, i) => (g.lr = this.schedule.lrAt(t, this.baseLrs[i], i)));
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The lr this schedule gives group `group` at counter t (no side effects). */
  lrAt(t: number, group = 0): number {
    return this.schedule.lrAt(t, this.baseLrs[group], group);
  }

  stateDict(): SchedulerStateDict {
    return { scheduler: this.name, lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  /** Restores t and the base lrs, and sets the groups' lr to the saved last lr. */
  loadStateDict(dict: SchedulerStateDict): void {
    const op = `${this.name}.loadStateDict`;
    checkSchedulerDict(op, this.name, dict, this.optimizer.paramGroups.length);
    this.lastEpoch = dict.lastEpoch;
    this.baseLrs.splice(0, this.baseLrs.length, ...dict.baseLrs);
    this.lastLr = [...dict.lastLr];
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = this.lastLr[i]));
  }
}

export function checkSchedulerDict(op: string, name: string, dict: SchedulerStateDict, groups: number): void {
  if (dict?.scheduler !== name) {
    throw new Error(`${op}: expected a state dict saved by ${name}, got one saved by ${show(dict?.scheduler)}`);
  }
  if (typeof dict.lastEpoch !== 'number')
    throw new Error(`${op}: expected lastEpoch to be a number, got ${show(dict.lastEpoch)}`);
  for (const key of ['baseLrs', 'lastLr'] as const) {
    const list = dict[key];
    if (!Array.isArray(list) || list.length !== groups || !list.every((v) => typeof v === 'number')) {
      throw new Error(`${op}: expected ${key} to be ${groups} numbers (one per parameter group), got ${show(list)}`);
    }
  }
}

/** A scheduler chosen but not yet attached: `optim.cosineAnnealingLR({ tMax: 50 })`, bound by fit(). */
export interface SchedulerSpec<T extends Scheduler = Scheduler> {
  readonly kind: 'schedulerSpec';
  readonly name: string;
  bind(optimizer: SchedulableOptimizer): T;
}

export function isSchedulerSpec(x: unknown): x is SchedulerSpec {
  return typeof x === 'object' && x !== null && (x as SchedulerSpec).kind === 'schedulerSpec';
}

/**
 * The two call forms of a scheduler factory: (optimizer, options) attaches now; (options)
 * checks the options now and returns a spec to bind later.
 */
export function schedulerFactory<Opt, T extends Scheduler>(
  name: string,
  check: (options: Opt) => void,
  make: (optimizer: SchedulableOptimizer, options: Opt) => T,
): {
  (optimizer: SchedulableOptimizer, options?: Opt): T;
  (options?: Opt): SchedulerSpec<T>;
} {
  function factory(a?: SchedulableOptimizer | Opt, b?: Opt): T | SchedulerSpec<T> {
    if (isSchedulableOptimizer(a)) {
      const options = (b ?? {}) as Opt;
      check(options);
      return make(a, options);
    }
    const options = (a ?? {}) as Opt;
    check(options);
    return Object.freeze({
      kind: 'schedulerSpec' as const,
      name,
      bind: (optimizer: SchedulableOptimizer) => make(optimizer, options),
    });
  }
  return factory as never;
}
