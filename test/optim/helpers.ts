import { expect } from 'vitest';
import type { Parameter } from '../../lib/optim/index.js';

export function param(values: number[], name?: string): Parameter {
  return { shape: [values.length], data: Float32Array.from(values), grad: null, name };
}

export function setGrad(p: Parameter, values: number[]): void {
  p.grad = { data: Float32Array.from(values) };
}

/** θ₀ and three steps of gradients: mixed signs, a zero, small and large magnitudes (all float32-exact). */
export const theta0 = [0.5, -1.25, 2, 0.125, -3, 0.75];
export const grads = [
  [0.25, -0.5, 1.5, 0, 4, -0.0625],
  [-0.75, 0.125, 1, 0.5, -2, 0.3125],
  [0.5, 0.5, -0.25, -1, 3, 0.0078125],
];

/** |actual − expected| ≤ tol·max(1, |expected|), element by element, with the index in the message. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 2e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= tol * Math.max(1, Math.abs(expected[i])))) {
      expect.fail(`element ${i}: got ${actual[i]}, expected ${expected[i]} (error ${err})`);
    }
  }
}

/** Runs the optimizer over `grads`, returning θ after each step. */
export function trajectory(p: Parameter, step: () => void, steps: number[][]): number[][] {
  return steps.map((g) => {
    setGrad(p, g);
    step();
    return Array.from(p.data);
  });
}
