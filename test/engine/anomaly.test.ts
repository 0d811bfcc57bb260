import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectAnomaly, isAnomalyDetectionEnabled, setDetectAnomaly } from '../../lib/autograd.js';
import { randn, tensor } from '../../lib/factories.js';
import { dense } from '../../lib/ops/dense.js';
import { useVariant, variants } from '../variants.js';

afterEach(() => setDetectAnomaly(false));

describe('detectAnomaly', () => {
  it('is off by default: a NaN flows on silently', () => {
    expect(isAnomalyDetectionEnabled()).toBe(false);
    expect(Number.isNaN(tensor([1, -1]).log().data[1])).toBe(true);
  });

  it('names the first op whose forward output is NaN or Inf, with its inputs’ shapes', () => {
    setDetectAnomaly(true);
    expect(() => tensor([1, -1]).log()).toThrow(
      "detectAnomaly: forward of 'log' produced NaN at index 1 of its output [2]; inputs [2] (all inputs finite: this op made it)",
    );
    expect(() => tensor([[1, 2]]).div(tensor([[1, 0]]))).toThrow(
      "detectAnomaly: forward of 'div' produced Inf at index 1 of its output [1,2]; inputs [1,2], [1,2]",
    );
  });

  it('names the op whose backward makes a non-finite gradient', () => {
    setDetectAnomaly(true);
    const x = tensor([0, 4], { requiresGrad: true });
    const y = x.sqrt().sum(); // forward is finite: √0 = 0; backward 1/(2√0) = Inf
    expect(() => y.backward()).toThrow(
      "detectAnomaly: backward of 'sqrt' produced Inf at index 0 of the gradient for input 0 [2]; inputs [2]",
    );
  });

  it('detectAnomaly(fn) turns it on for fn only, sync and async', async () => {
    expect(() => detectAnomaly(() => tensor([-1]).sqrt())).toThrow(/forward of 'sqrt' produced NaN/);
    expect(isAnomalyDetectionEnabled()).toBe(false);
    const pending = detectAnomaly(async () => {
      await new Promise((r) => setTimeout(r, 1));
      return isAnomalyDetectionEnabled();
    });
    expect(isAnomalyDetectionEnabled()).toBe(true);
    expect(await pending).toBe(true);
    expect(isAnomalyDetectionEnabled()).toBe(false);
  });
});

describe.each(variants)('detectAnomaly through the fused dense kernels [$label]', (variant) => {
  beforeEach(() => useVariant(variant));
  it('a NaN weight is caught at the dense op', () => {
    const w = randn([3, 4]);
    w.data[5] = Number.NaN;
    setDetectAnomaly(true);
    expect(() => dense(randn([2, 4]), w, null, 'tanh')).toThrow(
      "detectAnomaly: forward of 'dense' produced NaN at index 1 of its output [2,3]; inputs [2,4], [3,4] (input 1 already held a non-finite value)",
    );
  });
});

describe.each(variants)('relu propagates NaN, as PyTorch [$label]', (variant) => {
  beforeEach(() => useVariant(variant));
  it('relu(NaN) is NaN, alone and fused in dense, so detectAnomaly can see it', () => {
    const y = tensor([Number.NaN, -1, 2]).relu();
    expect(Number.isNaN(y.data[0])).toBe(true);
    expect(Array.from(y.data.subarray(1))).toEqual([0, 2]);
    const w = randn([3, 4]);
    w.data[5] = Number.NaN;
    expect(Number.isNaN(dense(randn([2, 4]), w, null, 'relu').data[1])).toBe(true);
  });
});
