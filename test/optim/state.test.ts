// Parameter groups, skipping parameters without gradients, zeroGrad, unbound specs, and state
// dicts that round-trip through JSON and continue exactly as an uninterrupted run.
import { describe, expect, it } from 'vitest';
import { optim } from '../../lib/index.js';
import { expectClose, grads, param, setGrad, theta0 } from './helpers.js';
import { adamReference, sgdReference } from './reference.js';

type Factory = (params: optim.Parameter[]) => optim.Optimizer;

const factories: [string, Factory][] = [
  ['sgd nesterov', (ps) => optim.sgd(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['adam amsgrad', (ps) => optim.adam(ps, { lr: 0.05, amsgrad: true, weightDecay: 0.01 })],
  ['adamw', (ps) => optim.adamw(ps, { lr: 0.05 })],
  ['rmsprop centered momentum', (ps) => optim.rmsprop(ps, { centered: true, momentum: 0.5 })],
  ['adagrad', (ps) => optim.adagrad(ps, { lrDecay: 0.01, initialAccumulatorValue: 0.1 })],
  ['adadelta', (ps) => optim.adadelta(ps, { lr: 5 })],
];

/** A deterministic gradient for step s of parameter k. */
function gradFor(s: number, k: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(1 + 3 * s + 7 * k + i) * (k + 1));
}

function twoParams(): optim.Parameter[] {
  return [param(theta0, 'w'), param([0.25, -0.5], 'b')];
}

function runSteps(opt: optim.Optimizer, ps: optim.Parameter[], from: number, to: number): void {
  for (let s = from; s < to; s++) {
    ps.forEach((p, k) => setGrad(p, gradFor(s, k, p.data.length)));
    opt.step();
  }
}

describe.each(factories)('%s state dict', (_, make) => {
  it('survives JSON and continues bit for bit like an uninterrupted run', () => {
    const straight = twoParams();
    const optStraight = make(straight);
    runSteps(optStraight, straight, 0, 6);

    const first = twoParams();
    const optFirst = make(first);
    runSteps(optFirst, first, 0, 3);
    const saved = JSON.stringify(optFirst.stateDict());

    // a fresh optimizer over copies of the weights, as in a new process
    const resumed = first.map((p) => param(Array.from(p.data), p.name));
    const optResumed = make(resumed);
    optResumed.loadStateDict(JSON.parse(saved));
    runSteps(optResumed, resumed, 3, 6);

    resumed.forEach((p, k) => expect(Array.from(p.data)).toEqual(Array.from(straight[k].data)));
    expect(optResumed.stateDict()).toEqual(optStraight.stateDict());
  });

  it('a state dict is a copy, not a view of the live buffers', () => {
    const ps = twoParams();
    const opt = make(ps);
    runSteps(opt, ps, 0, 1);
    const before = JSON.stringify(opt.stateDict());
    runSteps(opt, ps, 1, 2);
    expect(JSON.stringify(opt.stateDict())).not.toEqual(before);
    expect(JSON.parse(before).state['0'].step).toBe(1);
  });
});

describe('state dict encoding', () => {
  it('keeps NaN, Infinity and -0 in moment buffers exactly', () => {
    const p = param([1, 2, 3, 4]);
    const opt = optim.sgd([p], { lr: 0.1, momentum: 0.9 });
    setGrad(p, [1, 1, 1, 1]);
    opt.step();
    const dict = opt.stateDict();
    const other = optim.sgd([param([0, 0, 0, 0])], { lr: 0.1, momentum: 0.9 });
    const buf = new Float32Array([NaN, Infinity, -0, 1e-40]);
    const encoded = JSON.parse(JSON.stringify({ ...dict, state: { 0: { step: 1, momentumBuffer: encode(buf) } } }));
    other.loadStateDict(encoded);
    const back = other.stateDict().state['0'].momentumBuffer as optim.EncodedFloat32;
    expect(back.float32).toBe(encode(buf).float32);
  });

  it('restores group options, including an lr changed by a scheduler', () => {
    const opt = optim.adam([param([1])], { lr: 0.1 });
    opt.paramGroups[0].lr = 0.0123;
    const other = optim.adam([param([1])], { lr: 0.1 });
    other.loadStateDict(JSON.parse(JSON.stringify(opt.stateDict())));
    expect(other.paramGroups[0].lr).toBe(0.0123);
    expect(other.paramGroups[0].betas).toEqual([0.9, 0.999]);
  });
});

function encode(a: Float32Array): optim.EncodedFloat32 {
  return { float32: Buffer.from(a.buffer).toString('base64'), length: a.length };
}

describe('parameter groups', () => {
  it('each group steps with its own lr and options', () => {
    const w = param(theta0, 'w');
    const b = param(theta0, 'b');
    const opt = optim.sgd(
      [
        { params: [w], lr: 0.1, momentum: 0.9 },
        { params: [b], lr: 0.01 },
      ],
      { lr: 0.5 },
    );
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([
      [0.1, 0.9],
      [0.01, 0],
    ]);
    for (const g of grads) {
      setGrad(w, g);
      setGrad(b, g);
      opt.step();
    }
    expectClose(w.data, sgdReference(theta0, grads, { lr: 0.1, momentum: 0.9 })[2]);
    expectClose(b.data, sgdReference(theta0, grads, { lr: 0.01 })[2]);
  });

  it('a group inherits the constructor options it does not override', () => {
    const opt = optim.adam([{ params: [param([1])] }, { params: [param([2])], betas: [0.5, 0.6] }], {
      lr: 0.2,
      eps: 1e-6,
    });
    expect(opt.paramGroups.map((g) => [g.lr, g.eps, g.betas])).toEqual([
      [0.2, 1e-6, [0.9, 0.999]],
      [0.2, 1e-6, [0.5, 0.6]],
    ]);
  });

  it('an lr set on a group takes effect on the next step (what schedulers rely on)', () => {
    const p = param(theta0);
    const opt = optim.adam([p], { lr: 0.1 });
    setGrad(p, grads[0]);
    opt.step();
    opt.paramGroups[0].lr = 0.01;
    setGrad(p, grads[1]);
    opt.step();
    const at01 = adamReference(theta0, grads.slice(0, 1), {
      lr: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
    });
    // second step by hand: same moments, lr 0.01 — equal to the 0.01 run's step-2 delta plus step-1 at 0.1
    const lr01 = adamReference(theta0, grads.slice(0, 2), {
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
    });
    const lr001Step1 = adamReference(theta0, grads.slice(0, 1), {
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
    });
    const expected = at01[0].map((v, i) => v + (lr01[1][i] - lr001Step1[0][i]));
    expectClose(p.data, expected);
  });

  it('addParamGroup adds parameters with their own options', () => {
    const opt = optim.sgd([param([1])], { lr: 0.1 });
    opt.addParamGroup({ params: [param([2])], lr: 0.5 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
  });
});

describe('step and zeroGrad', () => {
  it('parameters whose grad is null are skipped (no state, no change)', () => {
    const a = param([1, 2]);
    const b = param([3, 4]);
    const opt = optim.adam([a, b], { lr: 0.1 });
    setGrad(a, [1, 1]);
    opt.step();
    expect(Array.from(b.data)).toEqual([3, 4]);
    expect(Object.keys(opt.stateDict().state)).toEqual(['0']);
    expect(a.data[0]).not.toBe(1);
  });

  it('zeroGrad sets grads to null by default, or fills them with zeros in place', () => {
    const a = param([1, 2]);
    const opt = optim.sgd([a], { lr: 0.1 });
    setGrad(a, [1, 1]);
    const grad = a.grad!;
    opt.zeroGrad(false);
    expect(a.grad).toBe(grad);
    expect(Array.from(grad.data)).toEqual([0, 0]);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });

  it('step(closure) returns the closure’s loss', () => {
    const a = param([1]);
    const opt = optim.sgd([a], { lr: 0.1 });
    const loss = opt.step(() => {
      setGrad(a, [2]);
      return 4;
    });
    expect(loss).toBe(4);
    expect(a.data[0]).toBeCloseTo(0.8, 6);
  });

  it('does not allocate state again after the first step', () => {
    const a = param(theta0);
    const opt = optim.adam([a], { lr: 0.1 });
    setGrad(a, grads[0]);
    opt.step();
    const buffers = (opt as unknown as { state: Map<unknown, Record<string, unknown>> }).state.get(a)!;
    const expAvg = buffers.expAvg;
    setGrad(a, grads[1]);
    opt.step();
    expect(buffers.expAvg).toBe(expAvg);
  });
});

describe('unbound optimizers and names', () => {
  it('adam(options) returns a spec that binds to parameters later', () => {
    const spec = optim.adam({ lr: 0.05, amsgrad: true });
    expect(optim.isOptimizerSpec(spec)).toBe(true);
    expect(spec.name).toBe('adam');
    expect(spec.options).toMatchObject({ lr: 0.05, amsgrad: true, betas: [0.9, 0.999] });
    const p = param(theta0);
    const opt = spec.bind([p]);
    expect(opt).toBeInstanceOf(optim.Adam);
    expect(opt.paramGroups[0].amsgrad).toBe(true);
  });

  it('every factory has both forms, and a spec binds twice to independent optimizers', () => {
    for (const name of optim.optimizerNames) {
      const spec = optim.optimizerByName(name, { lr: 0.5 });
      const a = spec.bind([param([1])]);
      const b = spec.bind([param([1])]);
      expect(a).not.toBe(b);
      expect(a.name).toBe(name);
      expect(a.paramGroups[0].lr).toBe(0.5);
    }
  });

  it('createOptimizer builds by name; adamw defaults to weight decay 1e-2', () => {
    const opt = optim.createOptimizer('adamw', [param([1])], { lr: 1e-3 });
    expect(opt).toBeInstanceOf(optim.AdamW);
    expect((opt as optim.AdamW).paramGroups[0].weightDecay).toBe(1e-2);
    expect(optim.createOptimizer('sgd', [param([1])]).paramGroups[0].lr).toBe(1e-3);
  });
});
