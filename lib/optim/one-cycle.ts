// The 1cycle policy (Smith & Topal 2018), stepped once per batch: lr rises from maxLr/divFactor
// to maxLr over pctStart of totalSteps, then anneals to maxLr/(divFactor·finalDivFactor);
// momentum (or Adam's β₁) moves the opposite way. torch.optim.lr_scheduler.OneCycleLR.
import {
  checkBoolean,
  checkKnownKeys,
  checkOneOf,
  checkPositive,
  checkPositiveInteger,
  checkUnitInterval,
  show,
} from './check.js';
import { type LrGroup, LRScheduler, schedulerFactory } from './scheduler.js';

export interface OneCycleLROptions {
  /** The peak lr, one for all groups or one per group. */
  maxLr: number | number[];
  /** The number of step() calls in the whole run: epochs × batches per epoch. */
  totalSteps: number;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
  /** Cycle the optimizer's momentum (SGD, RMSprop) or β₁ (Adam, AdamW) between maxMomentum and baseMomentum. */
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
}

const op = 'oneCycleLR';

function checkOneCycle(o: OneCycleLROptions): void {
  checkKnownKeys(op, o, [
    'maxLr',
    'totalSteps',
    'pctStart',
    'annealStrategy',
    'divFactor',
    'finalDivFactor',
    'threePhase',
    'cycleMomentum',
    'baseMomentum',
    'maxMomentum',
  ]);
  for (const lr of Array.isArray(o.maxLr) ? o.maxLr : [o.maxLr]) checkPositive(op, 'maxLr', lr);
  checkPositiveInteger(op, 'totalSteps', o.totalSteps);
  const pct = o.pctStart ?? 0.3;
  if (typeof pct !== 'number' || !(pct > 0 && pct < 1))
    throw new Error(`${op}: expected pctStart in (0, 1), got ${show(pct)}`);
  checkOneOf(op, 'annealStrategy', o.annealStrategy ?? 'cos', ['cos', 'linear']);
  checkPositive(op, 'divFactor', o.divFactor ?? 25);
  checkPositive(op, 'finalDivFactor', o.finalDivFactor ?? 1e4);
  checkBoolean(op, 'threePhase', o.threePhase ?? false);
  checkBoolean(op, 'cycleMomentum', o.cycleMomentum ?? true);
  checkUnitInterval(op, 'baseMomentum', o.baseMomentum ?? 0.85);
  checkUnitInterval(op, 'maxMomentum', o.maxMomentum ?? 0.95);
}

interface Phase {
  endStep: number;
  startLr: 'initial' | 'max' | 'min';
  endLr: 'initial' | 'max' | 'min';
  startMomentum: 'base' | 'max';
  endMomentum: 'base' | 'max';
}

const annealCos = (start: number, end: number, pct: number) =>
  end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
const annealLinear = (start: number, end: number, pct: number) => (end - start) * pct + start;

export const oneCycleLR = schedulerFactory('oneCycleLR', checkOneCycle, (optimizer, o) => {
  const groups = optimizer.paramGroups;
  const { totalSteps, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 } = o;
  const maxLrs = Array.isArray(o.maxLr) ? [...o.maxLr] : groups.map(() => o.maxLr as number);
  if (maxLrs.length !== groups.length) {
    throw new Error(`${op}: expected maxLr to be one number or ${groups.length} (one per group), got ${maxLrs.length}`);
  }
  const lrs = maxLrs.map((max) => ({ initial: max / divFactor, max, min: max / divFactor / finalDivFactor }));
  const anneal = (o.annealStrategy ?? 'cos') === 'cos' ? annealCos : annealLinear;
  const momentum = { base: o.baseMomentum ?? 0.85, max: o.maxMomentum ?? 0.95 };
  const cycleMomentum = o.cycleMomentum ?? true;
  const useBeta1 = groups.every((g) => Array.isArray(g.betas));
  if (cycleMomentum && !useBeta1 && !groups.every((g) => typeof g.momentum === 'number')) {
    throw new Error(
      `${op}: expected an optimizer with momentum or betas for cycleMomentum, got neither; pass cycleMomentum: false`,
    );
  }
  // PyTorch's phase boundaries, float end steps included.
  const phases: Phase[] = o.threePhase
    ? [
        {
          endStep: pctStart * totalSteps - 1,
          startLr: 'initial',
          endLr: 'max',
          startMomentum: 'max',
          endMomentum: 'base',
        },
        {
          endStep: 2 * pctStart * totalSteps - 2,
          startLr: 'max',
          endLr: 'initial',
          startMomentum: 'base',
          endMomentum: 'max',
        },
        { endStep: totalSteps - 1, startLr: 'initial', endLr: 'min', startMomentum: 'max', endMomentum: 'max' },
      ]
    : [
        {
          endStep: pctStart * totalSteps - 1,
          startLr: 'initial',
          endLr: 'max',
          startMomentum: 'max',
          endMomentum: 'base',
        },
        { endStep: totalSteps - 1, startLr: 'max', endLr: 'min', startMomentum: 'base', endMomentum: 'max' },
      ];
  /** The phase holding step t and how far into it t is. */
  const locate = (t: number): [Phase, number] => {
    let start = 0;
    for (let i = 0; i < phases.length; i++) {
      const phase = phases[i];
      if (t <= phase.endStep || i === phases.length - 1) return [phase, (t - start) / (phase.endStep - start)];
      start = phase.endStep;
    }
    throw new Error('unreachable');
  };
  const setMomentum = (g: LrGroup, value: number) => {
    if (useBeta1) g.betas = [value, (g.betas as [number, number])[1]];
    else g.momentum = value;
  };
  return new LRScheduler(optimizer, {
    name: 'oneCycleLR',
    interval: 'batch',
    beforeStep: (t, live) => {
      if (t > totalSteps) {
        throw new Error(`${op}: tried to step ${t} times; expected at most totalSteps = ${totalSteps} steps`);
      }
      if (!cycleMomentum) return;
      const [phase, pct] = locate(t);
      const m = anneal(momentum[phase.startMomentum], momentum[phase.endMomentum], pct);
      for (const g of live) setMomentum(g, m);
    },
    lrAt: (t, _base, group) => {
      const [phase, pct] = locate(t);
      return anneal(lrs[group][phase.startLr], lrs[group][phase.endLr], pct);
    },
  });
});
