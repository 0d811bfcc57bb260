// Every scheduler's lr sequence against its closed form (written out here) and PyTorch's
// documented examples; warm restarts, oneCycle momentum, plateau counters, state dicts.
import { describe, expect, it } from 'vitest';
import { optim } from '../../lib/index.js';
import { param } from './helpers.js';

function sgdAt(lr: number, extra: Partial<optim.SgdOptions> = {}): optim.SGD {
  return optim.sgd([param([1, 2])], { lr, ...extra });
}

/** The lr after construction and after each of `steps` step() calls. */
function lrs(scheduler: optim.Scheduler, steps: number): number[] {
  const out = [scheduler.getLastLr()[0]];
  for (let i = 0; i < steps; i++) {
    scheduler.step();
    out.push(scheduler.getLastLr()[0]);
  }
  return out;
}

function expectSequence(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g, `epoch ${i}`).toBeCloseTo(want[i], 12));
}

describe('closed-form schedules', () => {
  it('stepLR: PyTorch doc example (lr 0.05, stepSize 30, gamma 0.1)', () => {
    const seq = lrs(optim.stepLR(sgdAt(0.05), { stepSize: 30 }), 90);
    expect([seq[0], seq[29], seq[30], seq[59], seq[60], seq[89]].map((v) => +v.toPrecision(12))).toEqual([
      0.05, 0.05, 0.005, 0.005, 0.0005, 0.0005,
    ]);
  });

  it('multiStepLR: PyTorch doc example (milestones 30, 80)', () => {
    const seq = lrs(optim.multiStepLR(sgdAt(0.05), { milestones: [80, 30], gamma: 0.1 }), 100);
    expect([seq[29], seq[30], seq[79], seq[80], seq[100]].map((v) => +v.toPrecision(12))).toEqual([
      0.05, 0.005, 0.005, 0.0005, 0.0005,
    ]);
  });

  it('exponentialLR: base·γ^t', () => {
    expectSequence(
      lrs(optim.exponentialLR(sgdAt(0.1), { gamma: 0.9 }), 5),
      [0, 1, 2, 3, 4, 5].map((t) => 0.1 * 0.9 ** t),
    );
  });

  it('cosineAnnealingLR: η_min + (base − η_min)(1 + cos(πt/T))/2, reaching η_min at T', () => {
    const seq = lrs(optim.cosineAnnealingLR(sgdAt(0.1), { tMax: 10, etaMin: 0.001 }), 10);
    expectSequence(
      seq,
      seq.map((_, t) => 0.001 + (0.099 * (1 + Math.cos((Math.PI * t) / 10))) / 2),
    );
    expect(seq[5]).toBeCloseTo((0.1 + 0.001) / 2, 12);
    expect(seq[10]).toBeCloseTo(0.001, 12);
  });

  it('cosineAnnealingWarmRestarts: periods t0·tMult^i, restarting at base', () => {
    const seq = lrs(optim.cosineAnnealingWarmRestarts(sgdAt(1), { t0: 2, tMult: 2, etaMin: 0 }), 14);
    const cos = (tCur: number, tI: number) => (1 + Math.cos((Math.PI * tCur) / tI)) / 2;
    // periods [0, 2), [2, 6), [6, 14), then a restart at 14
    const want = [
      cos(0, 2),
      cos(1, 2),
      ...[0, 1, 2, 3].map((c) => cos(c, 4)),
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((c) => cos(c, 8)),
      1,
    ];
    expectSequence(seq, want);
  });

  it('cosineAnnealingWarmRestarts with tMult 1 and fractional epochs (per-batch stepping)', () => {
    const s = optim.cosineAnnealingWarmRestarts(sgdAt(1), { t0: 3 });
    s.step(4.5);
    expect(s.getLastLr()[0]).toBeCloseTo((1 + Math.cos((Math.PI * 1.5) / 3)) / 2, 12);
    s.step(6);
    expect(s.getLastLr()[0]).toBe(1);
  });

  it('linearLR: PyTorch doc example (start 0.5, 4 iterations, lr 0.05)', () => {
    expectSequence(
      lrs(optim.linearLR(sgdAt(0.05), { startFactor: 0.5, totalIters: 4 }), 6),
      [0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05, 0.05],
    );
  });

  it('linearWarmup: base·startFactor up to base over warmupSteps, then flat', () => {
    expectSequence(
      lrs(optim.linearWarmup(sgdAt(1), { warmupSteps: 4, startFactor: 0.2 }), 5),
      [0.2, 0.4, 0.6, 0.8, 1, 1],
    );
  });

  it('sequentialLR: warm-up then cosine, each restarted at its own t = 0 at the milestone', () => {
    const opt = sgdAt(1);
    const s = optim.sequentialLR(opt, {
      schedulers: [
        optim.linearWarmup(opt, { warmupSteps: 3, startFactor: 0.25 }),
        optim.cosineAnnealingLR(opt, { tMax: 4 }),
      ],
      milestones: [3],
    });
    const cos = (t: number) => (1 + Math.cos((Math.PI * t) / 4)) / 2;
    expectSequence(lrs(s, 7), [0.25, 0.5, 0.75, cos(0), cos(1), cos(2), cos(3), cos(4)]);
  });

  it('sequentialLR takes unbound children too, and the base lr is the one before any scheduler', () => {
    const opt = sgdAt(0.5);
    const s = optim.sequentialLR(opt, {
      schedulers: [optim.linearWarmup({ warmupSteps: 2, startFactor: 0.5 }), optim.exponentialLR({ gamma: 0.5 })],
      milestones: [2],
    });
    expectSequence(lrs(s, 4), [0.25, 0.375, 0.5, 0.25, 0.125]);
    expect(opt.paramGroups[0].initialLr).toBe(0.5);
  });

  it('each parameter group follows the schedule from its own base lr', () => {
    const opt = optim.sgd(
      [
        { params: [param([1])], lr: 1 },
        { params: [param([2])], lr: 0.1 },
      ],
      { lr: 0.5 },
    );
    const s = optim.stepLR(opt, { stepSize: 1, gamma: 0.5 });
    s.step();
    expect(s.getLastLr()).toEqual([0.5, 0.05]);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.5, 0.05]);
  });

  it('an unbound scheduler binds to an optimizer later; intervals tell fit() when to step', () => {
    const spec = optim.cosineAnnealingLR({ tMax: 10 });
    expect(optim.isSchedulerSpec(spec)).toBe(true);
    const s = spec.bind(sgdAt(0.1));
    expect(s.interval).toBe('epoch');
    expect(s.needsMetric).toBe(false);
    expect(optim.oneCycleLR({ maxLr: 1, totalSteps: 10 }).bind(sgdAt(0.1)).interval).toBe('batch');
    expect(optim.reduceLROnPlateau({}).bind(sgdAt(0.1)).needsMetric).toBe(true);
  });
});

describe('oneCycleLR', () => {
  const maxLr = 1;
  const initial = maxLr / 25;
  const min = initial / 1e4;
  const cosAnneal = (start: number, end: number, pct: number) =>
    end + ((start - end) / 2) * (1 + Math.cos(Math.PI * pct));

  it('cos: rises to maxLr over pctStart of the steps, then anneals to maxLr/(div·finalDiv); momentum opposite', () => {
    const opt = sgdAt(0.1, { momentum: 0.9 });
    const s = optim.oneCycleLR(opt, { maxLr, totalSteps: 10 });
    const seq = [];
    const momenta = [];
    for (let t = 0; t <= 9; t++) {
      if (t > 0) s.step();
      seq.push(s.getLastLr()[0]);
      momenta.push(opt.paramGroups[0].momentum);
    }
    // phase 1 ends at step pctStart·total − 1 = 2, phase 2 at total − 1 = 9
    const want = seq.map((_, t) => (t <= 2 ? cosAnneal(initial, maxLr, t / 2) : cosAnneal(maxLr, min, (t - 2) / 7)));
    expectSequence(seq, want);
    expect(seq[0]).toBeCloseTo(0.04, 12);
    expect(seq[2]).toBeCloseTo(1, 12);
    expect(seq[9]).toBeCloseTo(4e-6, 15);
    const wantMomenta = momenta.map((_, t) =>
      t <= 2 ? cosAnneal(0.95, 0.85, t / 2) : cosAnneal(0.85, 0.95, (t - 2) / 7),
    );
    expectSequence(momenta, wantMomenta);
  });

  it('linear annealing, three phases, per-group maxLr, and Adam’s β₁ cycled', () => {
    const opt = optim.adam([{ params: [param([1])] }, { params: [param([2])] }], { lr: 0.1 });
    const s = optim.oneCycleLR(opt, {
      maxLr: [1, 2],
      totalSteps: 20,
      annealStrategy: 'linear',
      threePhase: true,
      pctStart: 0.25,
    });
    const lin = (a: number, b: number, pct: number) => a + (b - a) * pct;
    const seq: number[][] = [s.getLastLr()];
    const beta1: number[] = [opt.paramGroups[0].betas[0]];
    for (let t = 1; t <= 19; t++) {
      s.step();
      seq.push(s.getLastLr());
      beta1.push(opt.paramGroups[0].betas[0]);
    }
    // phases end at 0.25·20 − 1 = 4, 2·0.25·20 − 2 = 8, and 19
    const at = (t: number, m: number) =>
      t <= 4 ? lin(m / 25, m, t / 4) : t <= 8 ? lin(m, m / 25, (t - 4) / 4) : lin(m / 25, m / 25 / 1e4, (t - 8) / 11);
    expectSequence(
      seq.map((l) => l[0]),
      seq.map((_, t) => at(t, 1)),
    );
    expectSequence(
      seq.map((l) => l[1]),
      seq.map((_, t) => at(t, 2)),
    );
    expect(beta1[4]).toBeCloseTo(0.85, 12);
    expect(beta1[8]).toBeCloseTo(0.95, 12);
    expect(opt.paramGroups[1].betas[1]).toBe(0.999);
  });

  it('stepping past totalSteps is an error, as in PyTorch', () => {
    const s = optim.oneCycleLR(sgdAt(0.1), { maxLr: 1, totalSteps: 3 });
    for (let i = 0; i < 3; i++) s.step();
    expect(() => s.step()).toThrow('oneCycleLR: tried to step 4 times; expected at most totalSteps = 3 steps');
  });

  it('cycleMomentum needs momentum or betas', () => {
    expect(() => optim.oneCycleLR(optim.adagrad([param([1])]), { maxLr: 1, totalSteps: 5 })).toThrow(
      'oneCycleLR: expected an optimizer with momentum or betas for cycleMomentum, got neither; pass cycleMomentum: false',
    );
    expect(() =>
      optim.oneCycleLR(optim.adagrad([param([1])]), { maxLr: 1, totalSteps: 5, cycleMomentum: false }),
    ).not.toThrow();
  });
});

describe('reduceLROnPlateau', () => {
  it('min mode: cuts by factor after more than `patience` epochs without a relative improvement', () => {
    const opt = sgdAt(1);
    const s = optim.reduceLROnPlateau(opt, { patience: 2, factor: 0.5 });
    //            best  better  bad1  bad2  bad3→cut  better  bad1  bad2  bad3→cut
    const metrics = [1, 0.9, 0.95, 0.9, 0.89995, 0.5, 0.6, 0.7, 0.8];
    const seq = metrics.map((m) => (s.step(m), s.getLastLr()[0]));
    // 0.89995 is not below 0.9·(1 − 1e-4) = 0.89991: not an improvement in 'rel' mode
    expect(seq).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25]);
  });

  it('max mode with abs threshold, cooldown and minLr', () => {
    const opt = sgdAt(1);
    const s = optim.reduceLROnPlateau(opt, {
      mode: 'max',
      patience: 0,
      factor: 0.1,
      threshold: 0.1,
      thresholdMode: 'abs',
      cooldown: 1,
      minLr: 0.05,
    });
    //               best  +0.05 (bad)→cut  cooldown  bad→cut(clamped)  cooldown  bad→no change (< eps)
    const metrics = [1, 1.05, 1.0, 1.0, 1.0, 1.0];
    const seq = metrics.map((m) => (s.step(m), s.getLastLr()[0]));
    expect(seq.map((v) => +v.toPrecision(12))).toEqual([1, 0.1, 0.1, 0.05, 0.05, 0.05]);
  });

  it('state dict round trip continues the same counters', () => {
    const metrics = [3, 2, 2.5, 2.5, 2.5, 2.4, 2.6, 2.7, 2.8, 2.9];
    const straight = optim.reduceLROnPlateau(sgdAt(1), { patience: 1 });
    const want = metrics.map((m) => (straight.step(m), straight.getLastLr()[0]));

    const first = optim.reduceLROnPlateau(sgdAt(1), { patience: 1 });
    metrics.slice(0, 4).forEach((m) => first.step(m));
    const opt = sgdAt(1);
    const resumed = optim.reduceLROnPlateau(opt, { patience: 1 });
    resumed.loadStateDict(JSON.parse(JSON.stringify(first.stateDict())));
    expect(opt.paramGroups[0].lr).toBe(first.getLastLr()[0]);
    const got = metrics.slice(4).map((m) => (resumed.step(m), resumed.getLastLr()[0]));
    expect(got).toEqual(want.slice(4));
  });

  it('step() without a metric is an error', () => {
    const s = optim.reduceLROnPlateau(sgdAt(1));
    expect(() => s.step()).toThrow('reduceLROnPlateau.step: expected the monitored metric as a number, got undefined');
  });
});

describe('scheduler state dicts', () => {
  it.each([
    ['stepLR', (o: optim.SGD) => optim.stepLR(o, { stepSize: 2, gamma: 0.5 })],
    ['cosineAnnealingWarmRestarts', (o: optim.SGD) => optim.cosineAnnealingWarmRestarts(o, { t0: 2, tMult: 2 })],
    ['oneCycleLR', (o: optim.SGD) => optim.oneCycleLR(o, { maxLr: 1, totalSteps: 12 })],
    [
      'sequentialLR',
      (o: optim.SGD) =>
        optim.sequentialLR(o, {
          schedulers: [optim.linearWarmup({ warmupSteps: 3 }), optim.cosineAnnealingLR({ tMax: 8 })],
          milestones: [3],
        }),
    ],
  ])('%s resumes from a JSON state dict on a fresh optimizer', (_, make) => {
    const straight = make(sgdAt(0.3, { momentum: 0.9 }));
    const want = lrs(straight, 10);

    const first = make(sgdAt(0.3, { momentum: 0.9 }));
    for (let i = 0; i < 4; i++) first.step();
    const dict = JSON.parse(JSON.stringify(first.stateDict()));
    const opt = sgdAt(0.3, { momentum: 0.9 });
    const resumed = make(opt);
    resumed.loadStateDict(dict);
    expect(resumed.getLastLr()[0]).toBe(want[4]);
    expect(lrs(resumed, 6)).toEqual(want.slice(4));
  });

  it('loading a dict saved by another scheduler is an error', () => {
    const s = optim.stepLR(sgdAt(1), { stepSize: 2 });
    const other = optim.exponentialLR(sgdAt(1), { gamma: 0.5 }).stateDict();
    expect(() => s.loadStateDict(other)).toThrow(
      "stepLR.loadStateDict: expected a state dict saved by stepLR, got one saved by 'exponentialLR'",
    );
  });
});
