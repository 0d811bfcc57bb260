// Each optimizer's first three steps against its published update rule (reference.ts, float64).
import { describe, expect, it } from 'vitest';
import { optim } from '../../lib/index.js';
import { expectClose, grads, param, theta0, trajectory } from './helpers.js';
import {
  adadeltaReference,
  adagradReference,
  adamReference,
  rmspropReference,
  sgdReference,
  type Trajectory,
} from './reference.js';

/** Checks the run against the reference, and that the run moved far beyond the tolerance. */
function expectTrajectory(got: Trajectory, want: Trajectory): void {
  want.forEach((w, step) => expectClose(got[step], w));
  const moved = Math.max(...want[2].map((w, i) => Math.abs(w - theta0[i])));
  expect(moved).toBeGreaterThan(1e-3);
}

describe('sgd', () => {
  it.each([
    ['plain', { lr: 0.1 }],
    ['weight decay', { lr: 0.1, weightDecay: 0.05 }],
    ['momentum', { lr: 0.1, momentum: 0.9 }],
    ['momentum + dampening', { lr: 0.1, momentum: 0.9, dampening: 0.5 }],
    ['nesterov + weight decay', { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1 }],
    ['maximize + momentum', { lr: 0.05, momentum: 0.5, maximize: true }],
  ])('%s: first 3 steps follow the update rule', (_, options) => {
    const p = param(theta0);
    const opt = optim.sgd([p], options);
    expectTrajectory(
      trajectory(p, () => opt.step(), grads),
      sgdReference(theta0, grads, options),
    );
  });

  it('plain SGD is the notes’ W ← W − α·∂J/∂W', () => {
    const p = param([1, 2]);
    const opt = optim.sgd([p], { lr: 0.5 });
    p.grad = { data: Float32Array.from([4, -2]) };
    opt.step();
    expect(Array.from(p.data)).toEqual([1 - 0.5 * 4, 2 + 0.5 * 2]);
  });
});

describe('adam / adamw', () => {
  const base = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };
  it.each([
    ['plain', { lr: 0.1 }, base],
    ['weight decay (L2 in the gradient)', { lr: 0.1, weightDecay: 0.1 }, { ...base, weightDecay: 0.1 }],
    [
      'amsgrad, short betas',
      { lr: 0.1, betas: [0.8, 0.9] as [number, number], amsgrad: true },
      { ...base, beta1: 0.8, beta2: 0.9, amsgrad: true },
    ],
    ['maximize', { lr: 0.01, maximize: true }, { ...base, lr: 0.01, maximize: true }],
  ])('adam %s: first 3 steps follow the update rule', (_, options, ref) => {
    const p = param(theta0);
    const opt = optim.adam([p], options);
    expectTrajectory(
      trajectory(p, () => opt.step(), grads),
      adamReference(theta0, grads, ref),
    );
  });

  it.each([
    ['default decay 1e-2', { lr: 0.1 }, { ...base, weightDecay: 1e-2, decoupled: true }],
    ['decay 0.5', { lr: 0.1, weightDecay: 0.5 }, { ...base, weightDecay: 0.5, decoupled: true }],
    [
      'amsgrad',
      { lr: 0.1, weightDecay: 0.5, betas: [0.8, 0.9] as [number, number], amsgrad: true },
      { ...base, beta1: 0.8, beta2: 0.9, weightDecay: 0.5, amsgrad: true, decoupled: true },
    ],
  ])('adamw %s: decoupled decay, first 3 steps follow the update rule', (_, options, ref) => {
    const p = param(theta0);
    const opt = optim.adamw([p], options);
    expectTrajectory(
      trajectory(p, () => opt.step(), grads),
      adamReference(theta0, grads, ref),
    );
  });

  it('the amsgrad case really takes the max (it differs from plain Adam at step 3)', () => {
    const ref = { ...base, beta1: 0.8, beta2: 0.9 };
    const plain = adamReference(theta0, grads, ref)[2];
    const ams = adamReference(theta0, grads, { ...ref, amsgrad: true })[2];
    expect(Math.max(...plain.map((v, i) => Math.abs(v - ams[i])))).toBeGreaterThan(1e-4);
  });

  it('adamw and adam with the same weight decay differ (decoupled vs L2)', () => {
    const a = param(theta0);
    const w = param(theta0);
    const adam = optim.adam([a], { lr: 0.1, weightDecay: 0.5 });
    const adamw = optim.adamw([w], { lr: 0.1, weightDecay: 0.5 });
    trajectory(a, () => adam.step(), grads);
    trajectory(w, () => adamw.step(), grads);
    expect(Math.max(...Array.from(a.data, (v, i) => Math.abs(v - w.data[i])))).toBeGreaterThan(1e-3);
  });

  it('first Adam step moves each parameter with a nonzero gradient by ≈ lr against its sign', () => {
    const p = param(theta0);
    const opt = optim.adam([p], { lr: 0.01 });
    p.grad = { data: Float32Array.from(grads[0]) };
    opt.step();
    grads[0].forEach((g, i) => {
      const expected = g === 0 ? theta0[i] : theta0[i] - 0.01 * Math.sign(g);
      expect(p.data[i]).toBeCloseTo(expected, 6);
    });
  });
});

describe('rmsprop', () => {
  const base = { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false };
  it.each([
    ['plain', {}],
    ['centered', { centered: true }],
    ['momentum', { momentum: 0.9 }],
    ['centered + momentum + weight decay, alpha 0.9', { centered: true, momentum: 0.5, weightDecay: 0.1, alpha: 0.9 }],
  ])('%s: first 3 steps follow the update rule', (_, options) => {
    const p = param(theta0);
    const opt = optim.rmsprop([p], options);
    expectTrajectory(
      trajectory(p, () => opt.step(), grads),
      rmspropReference(theta0, grads, { ...base, ...options }),
    );
  });
});

describe('adagrad', () => {
  const base = { lr: 0.1, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 };
  it.each([
    ['plain', { lr: 0.1 }],
    [
      'lr decay, weight decay, initial accumulator',
      { lr: 0.1, lrDecay: 0.1, weightDecay: 0.05, initialAccumulatorValue: 0.1 },
    ],
  ])('%s: first 3 steps follow the update rule', (_, options) => {
    const p = param(theta0);
    const opt = optim.adagrad([p], options);
    expectTrajectory(
      trajectory(p, () => opt.step(), grads),
      adagradReference(theta0, grads, { ...base, ...options }),
    );
  });
});

describe('adadelta', () => {
  const base = { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0 };
  it.each([
    ['plain, lr 10', { lr: 10 }],
    ['rho 0.5, weight decay, lr 20', { lr: 20, rho: 0.5, weightDecay: 0.1 }],
  ])('%s: first 3 steps follow the update rule', (_, options) => {
    const p = param(theta0);
    const opt = optim.adadelta([p], options);
    expectTrajectory(
      trajectory(p, () => opt.step(), grads),
      adadeltaReference(theta0, grads, { ...base, ...options }),
    );
  });
});
