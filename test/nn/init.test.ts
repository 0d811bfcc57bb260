import { describe, expect, it } from 'vitest';
import { Tensor } from '../../lib/tensor.js';
import * as nn from '../../lib/nn/index.js';
import { manualSeed } from '../../lib/random.js';
import { useBackend } from '../../lib/backend/load.js';

const { init } = nn;

function stats(t: Tensor): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of t.data) {
    sum += v;
    sq += v * v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / t.size;
  return { mean, std: Math.sqrt(sq / t.size - mean * mean), min, max };
}

describe('init', () => {
  it('gains follow PyTorch calculate_gain', () => {
    expect(init.calculateGain('linear')).toBe(1);
    expect(init.calculateGain('sigmoid')).toBe(1);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 12);
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 12);
    expect(init.calculateGain('leakyRelu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 12);
    expect(() => init.calculateGain('swish')).toThrow("calculateGain: unknown nonlinearity 'swish'");
  });

  it('fans of a weight [out, in]', () => {
    expect(init.fans(Tensor.empty([30, 20]))).toEqual({ fanIn: 20, fanOut: 30 });
    expect(() => init.fans(Tensor.empty([3]))).toThrow(
      'init: fan in and fan out need a weight with at least 2 dimensions, got [3]',
    );
  });

  it('xavier, he, normal and uniform have the published spreads', () => {
    manualSeed(0);
    const w = Tensor.empty([300, 500]);
    const xa = stats(init.xavierUniform_(w, 1));
    const bound = Math.sqrt(6 / 800);
    expect(xa.max).toBeLessThanOrEqual(bound);
    expect(xa.min).toBeGreaterThanOrEqual(-bound);
    expect(xa.std).toBeCloseTo(bound / Math.sqrt(3), 3);
    expect(stats(init.xavierNormal_(w, 2)).std).toBeCloseTo(2 * Math.sqrt(2 / 800), 3);
    expect(stats(init.kaimingNormal_(w, { nonlinearity: 'relu' })).std).toBeCloseTo(Math.SQRT2 / Math.sqrt(500), 3);
    expect(stats(init.kaimingNormal_(w, { nonlinearity: 'relu', mode: 'fanOut' })).std).toBeCloseTo(
      Math.SQRT2 / Math.sqrt(300),
      3,
    );
    const ku = stats(init.kaimingUniform_(w, { nonlinearity: 'relu' }));
    expect(ku.max).toBeLessThanOrEqual(Math.sqrt(6 / 500));
    const n = stats(init.normal_(w, 1, 0.5));
    expect(n.mean).toBeCloseTo(1, 2);
    expect(n.std).toBeCloseTo(0.5, 2);
    const u = stats(init.uniform_(w, -2, 3));
    expect(u.min).toBeGreaterThanOrEqual(-2);
    expect(u.max).toBeLessThan(3);
    expect(stats(init.constant_(w, 0.7)).mean).toBeCloseTo(0.7, 6);
    expect(stats(init.zeros_(w)).max).toBe(0);
  });

  it("'auto' picks He for rectifiers and Xavier with the gain otherwise; biases start at zero", () => {
    manualSeed(1);
    const relu = nn.dense(400, 300, { activation: 'relu' });
    expect(stats(relu.weight).std).toBeCloseTo(Math.SQRT2 / 20, 3);
    expect(relu.bias!.data.every((v) => v === 0)).toBe(true);
    const tanh = nn.dense(400, 300, { activation: 'tanh' });
    const bound = (5 / 3) * Math.sqrt(6 / 700);
    expect(stats(tanh.weight).max).toBeLessThanOrEqual(bound);
    expect(stats(tanh.weight).std).toBeCloseTo(bound / Math.sqrt(3), 3);
    const torchLike = nn.dense(400, 30, { init: 'pytorch' });
    expect(stats(torchLike.bias!).max).toBeLessThanOrEqual(1 / 20);
    expect(stats(torchLike.bias!).std).toBeGreaterThan(0);
    expect(nn.dense(3, 3, { init: 'zeros' }).weight.data.every((v) => v === 0)).toBe(true);
  });

  it('the same seed gives the same weights on either backend', () => {
    const draw = (backend: 'ts' | 'native') => {
      useBackend(backend);
      manualSeed(42);
      return nn.sequential(nn.dense(5, 4, { activation: 'relu' }), nn.dense(4, 3, { init: 'normal' })).stateDict();
    };
    const a = draw('ts');
    const b = draw('native');
    for (const k of Object.keys(a)) expect(Array.from(b[k].data)).toEqual(Array.from(a[k].data));
    const c = draw('ts');
    manualSeed(43);
    expect(Array.from(nn.dense(5, 4).weight.data)).not.toEqual(Array.from(c['0.weight'].data));
  });

  it('validates spreads', () => {
    expect(() => init.normal_(Tensor.empty([2]), 0, -1)).toThrow('init.normal: expected std ≥ 0, got -1');
    expect(() => init.uniform_(Tensor.empty([2]), 1, 0)).toThrow(
      'init.uniform: expected low ≤ high, got low 1, high 0',
    );
  });
});
