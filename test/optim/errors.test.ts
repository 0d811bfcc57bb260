// Every validation error: the op, what was expected, what came.
import { describe, expect, it } from 'vitest';
import { optim } from '../../lib/index.js';
import { param, setGrad } from './helpers.js';

const ps = () => [param([1, 2, 3], 'w')];

/** Cases named by their message, so the test list reads as the list of errors. */
function named(cases: [() => unknown, string][]) {
  return cases.map(([make, message]) => ({ make, message }));
}

describe('optimizer options', () => {
  it.each(
    named([
      [() => optim.sgd(ps(), { lr: -0.1 }), 'sgd: expected lr > 0, got -0.1'],
      [() => optim.sgd(ps(), { lr: 0 }), 'sgd: expected lr > 0, got 0'],
      [() => optim.sgd(ps(), { lr: NaN }), 'sgd: expected lr > 0, got NaN'],
      [() => optim.adam(ps(), { lr: Infinity }), 'adam: expected lr > 0, got Infinity'],
      [() => optim.sgd(ps(), { lr: '0.1' as unknown as number }), "sgd: expected lr > 0, got '0.1'"],
      [() => optim.sgd(ps(), { momentum: -0.5 }), 'sgd: expected momentum >= 0, got -0.5'],
      [() => optim.sgd(ps(), { dampening: -1 }), 'sgd: expected dampening >= 0, got -1'],
      [() => optim.sgd(ps(), { weightDecay: -1e-4 }), 'sgd: expected weightDecay >= 0, got -0.0001'],
      [
        () => optim.sgd(ps(), { nesterov: true }),
        'sgd: expected momentum > 0 and dampening = 0 with nesterov, got momentum 0 and dampening 0',
      ],
      [
        () => optim.sgd(ps(), { nesterov: true, momentum: 0.9, dampening: 0.1 }),
        'sgd: expected momentum > 0 and dampening = 0 with nesterov, got momentum 0.9 and dampening 0.1',
      ],
      [
        () => optim.sgd(ps(), { nesterov: 1 as unknown as boolean, momentum: 0.9 }),
        'sgd: expected nesterov to be true or false, got 1',
      ],
      [() => optim.adam(ps(), { betas: [0.9, 1] }), 'adam: expected betas[1] in [0, 1), got 1'],
      [() => optim.adam(ps(), { betas: [-0.1, 0.9] }), 'adam: expected betas[0] in [0, 1), got -0.1'],
      [() => optim.adamw(ps(), { betas: [1.5, 0.9] }), 'adamw: expected betas[0] in [0, 1), got 1.5'],
      [
        () => optim.adam(ps(), { betas: [0.9] as unknown as [number, number] }),
        'adam: expected betas to be a pair [beta1, beta2], got [0.9]',
      ],
      [() => optim.adam(ps(), { eps: 0 }), 'adam: expected eps > 0, got 0'],
      [() => optim.adamw(ps(), { weightDecay: -1 }), 'adamw: expected weightDecay >= 0, got -1'],
      [() => optim.rmsprop(ps(), { alpha: -0.9 }), 'rmsprop: expected alpha >= 0, got -0.9'],
      [() => optim.rmsprop(ps(), { eps: -1e-8 }), 'rmsprop: expected eps > 0, got -1e-8'],
      [() => optim.rmsprop(ps(), { momentum: -1 }), 'rmsprop: expected momentum >= 0, got -1'],
      [() => optim.adagrad(ps(), { lrDecay: -1 }), 'adagrad: expected lrDecay >= 0, got -1'],
      [
        () => optim.adagrad(ps(), { initialAccumulatorValue: -0.1 }),
        'adagrad: expected initialAccumulatorValue >= 0, got -0.1',
      ],
      [() => optim.adagrad(ps(), { eps: 0 }), 'adagrad: expected eps > 0, got 0'],
      [() => optim.adadelta(ps(), { rho: 1.5 }), 'adadelta: expected rho in [0, 1], got 1.5'],
      [() => optim.adadelta(ps(), { lr: -1 }), 'adadelta: expected lr > 0, got -1'],
    ]),
  )('$message', ({ make, message }) => {
    expect(make).toThrow(message);
  });

  it('the unbound form checks its options when it is created', () => {
    expect(() => optim.adam({ betas: [0.9, 1] })).toThrow('adam: expected betas[1] in [0, 1), got 1');
    expect(() => optim.sgd({ lr: -0.1 })).toThrow('sgd: expected lr > 0, got -0.1');
  });

  it('misspelt options are rejected, naming the known ones', () => {
    expect(() => optim.adam(ps(), { beta1: 0.9 } as never)).toThrow(
      "adam: unknown option 'beta1'; did you mean 'betas'? (expected one of lr, betas, eps, weightDecay, amsgrad, maximize)",
    );
  });

  it('a group override is checked like a constructor option', () => {
    expect(() => optim.sgd([{ params: ps(), lr: -1 }], { lr: 0.1 })).toThrow('sgd: expected lr > 0, got -1');
  });
});

describe('parameters and names', () => {
  it('unknown optimizer names list the known ones', () => {
    expect(() => optim.createOptimizer('adamx', ps())).toThrow(
      "optim: unknown optimizer 'adamx'; expected one of sgd, adam, adamw, rmsprop, adagrad, adadelta",
    );
  });

  it('no parameters, a parameter twice, a parameter without Float32Array data', () => {
    expect(() => optim.sgd([], { lr: 0.1 })).toThrow('sgd: expected at least one parameter, got none');
    const p = param([1]);
    expect(() => optim.adam([{ params: [p] }, { params: [p] }])).toThrow(
      'adam: expected each parameter in one group once, got parameter 0 again',
    );
    expect(() => optim.sgd([{ shape: [1], data: [1], grad: null } as never])).toThrow(
      'sgd: expected parameters with data: Float32Array, got {"shape":[1],"data":[1],"grad":null} at index 0',
    );
  });

  it('a gradient of the wrong size is an error naming the parameter', () => {
    const list = [param([1, 2]), param([1, 2, 3], 'fc.weight')];
    const opt = optim.sgd(list, { lr: 0.1 });
    setGrad(list[1], [1, 2]);
    expect(() => opt.step()).toThrow(
      "sgd.step: expected the grad of parameter 1 ('fc.weight') to have 3 elements, got 2",
    );
  });
});

describe('loadStateDict', () => {
  function trained(): optim.Adam {
    const list = [param([1, 2, 3], 'w')];
    const opt = optim.adam(list, { lr: 0.1 });
    setGrad(list[0], [1, 1, 1]);
    opt.step();
    return opt;
  }

  it('a dict from another optimizer, another group layout or another size is rejected', () => {
    const dict = trained().stateDict();
    expect(() => optim.sgd(ps()).loadStateDict(dict)).toThrow(
      "sgd.loadStateDict: expected a state dict saved by sgd, got one saved by 'adam'",
    );
    expect(() => optim.adam([{ params: ps() }, { params: ps() }]).loadStateDict(dict)).toThrow(
      'adam.loadStateDict: expected 2 parameter groups, got 1',
    );
    expect(() => optim.adam([param([1, 2, 3, 4], 'w')]).loadStateDict(dict)).toThrow(
      "adam.loadStateDict: parameter 0 ('w'): expected expAvg to hold 4 float32 elements, got 3 elements",
    );
    expect(() => optim.adam([param([1]), param([2])]).loadStateDict(dict)).toThrow(
      'adam.loadStateDict: expected group 0 to have 2 parameters, got 1',
    );
  });

  it('a bad dict leaves the optimizer unchanged', () => {
    const opt = optim.adam([param([1, 2, 3, 4], 'w')], { lr: 0.5 });
    const dict = trained().stateDict();
    expect(() => opt.loadStateDict(dict)).toThrow();
    expect(opt.paramGroups[0].lr).toBe(0.5);
    expect(opt.stateDict().state).toEqual({});
  });
});

describe('scheduler options', () => {
  const opt = () => optim.sgd(ps(), { lr: 0.1, momentum: 0.9 });
  it.each(
    named([
      [() => optim.stepLR(opt(), { stepSize: 0 }), 'stepLR: expected stepSize to be an integer >= 1, got 0'],
      [() => optim.stepLR(opt(), { stepSize: 2, gamma: -1 }), 'stepLR: expected gamma > 0, got -1'],
      [
        () => optim.multiStepLR(opt(), { milestones: [2, 1.5] }),
        'multiStepLR: expected milestones to be a list of integers >= 0, got [2,1.5]',
      ],
      [() => optim.exponentialLR(opt(), { gamma: 0 }), 'exponentialLR: expected gamma > 0, got 0'],
      [() => optim.cosineAnnealingLR(opt(), { tMax: 0 }), 'cosineAnnealingLR: expected tMax > 0, got 0'],
      [
        () => optim.cosineAnnealingWarmRestarts(opt(), { t0: 10, tMult: 1.5 }),
        'cosineAnnealingWarmRestarts: expected tMult to be an integer >= 1, got 1.5',
      ],
      [() => optim.linearLR(opt(), { startFactor: 0 }), 'linearLR: expected startFactor in (0, 1], got 0'],
      [
        () => optim.linearWarmup(opt(), { warmupSteps: -3 }),
        'linearWarmup: expected warmupSteps to be an integer >= 1, got -3',
      ],
      [() => optim.oneCycleLR(opt(), { maxLr: 0, totalSteps: 10 }), 'oneCycleLR: expected maxLr > 0, got 0'],
      [
        () => optim.oneCycleLR(opt(), { maxLr: 1, totalSteps: 10, pctStart: 1.5 }),
        'oneCycleLR: expected pctStart in (0, 1), got 1.5',
      ],
      [
        () => optim.oneCycleLR(opt(), { maxLr: 1, totalSteps: 10, annealStrategy: 'exp' as never }),
        "oneCycleLR: expected annealStrategy to be one of 'cos', 'linear', got 'exp'",
      ],
      [
        () => optim.sequentialLR(opt(), { schedulers: [optim.stepLR({ stepSize: 1 })], milestones: [3] }),
        'sequentialLR: expected 0 increasing positive integer milestones (one fewer than schedulers), got [3]',
      ],
      [() => optim.reduceLROnPlateau(opt(), { factor: 1 }), 'reduceLROnPlateau: expected factor in (0, 1), got 1'],
      [
        () => optim.reduceLROnPlateau(opt(), { mode: 'mid' as never }),
        "reduceLROnPlateau: expected mode to be one of 'min', 'max', got 'mid'",
      ],
      [
        () => optim.stepLR(opt(), { stepSize: 2, gama: 0.5 } as never),
        "stepLR: unknown option 'gama'; did you mean 'gamma'? (expected one of stepSize, gamma)",
      ],
    ]),
  )('$message', ({ make, message }) => {
    expect(make).toThrow(message);
  });
});

describe('clipping options', () => {
  it.each(
    named([
      [() => optim.clipGradNorm(ps(), -1), 'clipGradNorm: expected maxNorm >= 0, got -1'],
      [() => optim.clipGradNorm(ps(), 1, { normType: 0 }), 'clipGradNorm: expected normType > 0 (or Infinity), got 0'],
      [() => optim.clipGradValue(ps(), NaN), 'clipGradValue: expected clipValue >= 0, got NaN'],
    ]),
  )('$message', ({ make, message }) => {
    expect(make).toThrow(message);
  });
});
