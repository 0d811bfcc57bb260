import { beforeEach, describe, expect, it } from 'vitest';
import { noGrad } from '../../lib/autograd.js';
import { gradcheck } from '../../lib/inspect/gradcheck.js';
import type { Tensor } from '../../lib/tensor.js';
import * as nn from '../../lib/nn/index.js';
import { manualSeed } from '../../lib/random.js';
import { randn, tensor } from '../../lib/factories.js';
import { useVariant, variants } from '../variants.js';

/**
 * Backward's gradient of every parameter against central differences taken by nudging the
 * parameter's own data in place (so the layer itself is what runs), in float64.
 */
function expectParameterGradients(model: nn.Module, loss: () => Tensor, eps = 3e-3): void {
  model.zeroGrad();
  loss().backward();
  for (const [name, p] of model.namedParameters()) {
    for (let i = 0; i < p.size; i++) {
      const saved = p.data[i];
      p.data[i] = saved + eps;
      const up = noGrad(() => loss().item());
      p.data[i] = saved - eps;
      const down = noGrad(() => loss().item());
      p.data[i] = saved;
      const numeric = (up - down) / (2 * eps);
      const analytic = p.grad!.data[i];
      if (Math.abs(numeric - analytic) > 2e-3 + 2e-2 * Math.abs(numeric)) {
        throw new Error(`${name}[${i}]: backward ${analytic}, finite differences ${numeric}`);
      }
    }
  }
}

describe.each(variants)('Dense [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  it.each(['identity', 'relu', 'sigmoid', 'tanh', 'leakyRelu', 'elu', 'gelu', 'softplus', 'softmax'] as const)(
    'y = %s(x·Wᵀ + b) equals the composed ops, and gradchecks',
    (activation) => {
      manualSeed(3);
      const layer = nn.dense(5, 7, { activation, init: { type: 'normal', std: 0.5 } });
      layer.bias!.data.forEach((_, i, b) => (b[i] = 0.1 * (i - 3)));
      const x = randn([3, 5]);
      const y = layer.forward(x);
      const z = x.matmul(layer.weight.transpose()).add(layer.bias!);
      const want = activation === 'softmax' ? z.softmax(-1) : z.activation(activation);
      expect(y.shape).toEqual([3, 7]);
      for (let i = 0; i < y.size; i++) expect(y.data[i]).toBeCloseTo(want.data[i], 5);
      const xg = randn([3, 5], { requiresGrad: true });
      const viaLayer = gradcheck((xi) => layer.forward(xi).mul(layer.forward(xi)).sum(), [xg]);
      expect(viaLayer.ok, viaLayer.message).toBe(true);
      expectParameterGradients(layer, () => layer.forward(x).mul(layer.forward(x)).sum());
    },
  );

  it('folds leading dimensions into the batch, as PyTorch Linear', () => {
    const layer = nn.dense(4, 2);
    const x = randn([2, 3, 4]);
    const y = layer.forward(x);
    expect(y.shape).toEqual([2, 3, 2]);
    const flat = layer.forward(x.reshape([6, 4]));
    expect(Array.from(y.data)).toEqual(Array.from(flat.data));
  });

  it('a Sequential MLP gradchecks through every parameter', () => {
    manualSeed(11);
    const model = nn.sequential(
      nn.dense(3, 6, { activation: 'tanh' }),
      nn.dense(6, 4, { activation: 'gelu' }),
      nn.dense(4, 2),
    );
    const x = randn([5, 3]);
    expectParameterGradients(model, () =>
      model
        .forward(x)
        .softmax(-1)
        .mul(tensor([[1, 2]]))
        .sum(),
    );
  });
});

describe('layer errors name the layer, what was expected and what came', () => {
  it('input width ≠ in-features', () => {
    const layer = nn.dense(784, 256, { activation: 'relu' });
    expect(() => layer.forward(randn([32, 100]))).toThrow(
      'Dense(784→256, relu): expected input [batch, 784], got [32,100] (width 100 ≠ in-features 784)',
    );
  });
  it('unknown activation, init, bad features, bad dropout p, non-module in Sequential', () => {
    expect(() => nn.dense(2, 2, { activation: 'swish' as never })).toThrow(
      "Dense: unknown activation 'swish'; expected one of identity, relu, sigmoid, tanh, leakyRelu, elu, gelu, softplus, softmax",
    );
    expect(() => nn.dense(2, 2, { init: 'glorot' as never })).toThrow("Dense: unknown init 'glorot'");
    expect(() => nn.dense(0, 2)).toThrow('Dense: expected inFeatures to be a positive integer, got 0');
    expect(() => nn.dense(2, 2.5)).toThrow('Dense: expected outFeatures to be a positive integer, got 2.5');
    expect(() => nn.dropout(1)).toThrow('Dropout: expected p in [0, 1), got 1');
    expect(() => nn.sequential(nn.relu(), {} as never)).toThrow(
      'Sequential: expected layer 1 to be a Module, got an object (Object)',
    );
    expect(() => nn.activation('swish' as never)).toThrow("activation: unknown activation 'swish'");
  });
});

describe('Module', () => {
  it('names parameters as nn.Sequential does and counts them', () => {
    const model = nn.sequential(
      nn.dense(784, 256, { activation: 'relu' }),
      nn.dropout(0.2),
      nn.dense(256, 10, { bias: false }),
    );
    expect(model.namedParameters().map(([n, p]) => `${n} [${p.shape}]`)).toEqual([
      '0.weight [256,784]',
      '0.bias [256]',
      '2.weight [10,256]',
    ]);
    expect(model.parameterCount()).toBe(256 * 784 + 256 + 2560);
    expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
  });

  it('summary lists output shapes and parameter counts', () => {
    const model = nn.sequential(nn.dense(4, 8, { activation: 'relu' }), nn.dense(8, 3), nn.softmax());
    const text = model.summary([1, 4]);
    expect(text).toContain('0: Dense(4→8, relu)');
    expect(text).toMatch(/1: Dense\(8→3\)\s+\[1,3\]\s+27/);
    expect(text).toMatch(/total\s+67$/);
  });

  it('stateDict / loadStateDict round trip, with strict errors', () => {
    manualSeed(1);
    const a = nn.sequential(nn.dense(3, 4), nn.dense(4, 2));
    manualSeed(2);
    const b = nn.sequential(nn.dense(3, 4), nn.dense(4, 2));
    const state = a.stateDict();
    b.loadStateDict(state);
    expect(Array.from(b.parameters()[2].data)).toEqual(Array.from(a.parameters()[2].data));
    state['0.weight'].data[0] = 42; // a copy: the model is untouched
    expect(a.parameters()[0].data[0]).not.toBe(42);
    const { ['1.bias']: _dropped, ...missing } = a.stateDict();
    expect(() => b.loadStateDict(missing)).toThrow('loadStateDict: Sequential(2 layers): missing 1.bias');
    const wrong = a.stateDict();
    wrong['1.weight'] = { shape: [2, 5], data: new Float32Array(10) };
    expect(() => b.loadStateDict(wrong)).toThrow(
      "loadStateDict: '1.weight' has shape [2,4] in Sequential(2 layers), got [2,5]",
    );
  });

  it('zeroGrad clears gradients to null; train/eval propagate', () => {
    const model = nn.sequential(nn.dense(2, 2), nn.dropout(0.5));
    model
      .forward(randn([3, 2]))
      .sum()
      .backward();
    expect(model.parameters()[0].grad).not.toBeNull();
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
    model.eval();
    expect(model.layers[1].training).toBe(false);
    model.train();
    expect(model.layers[1].training).toBe(true);
  });
});

describe('Dropout', () => {
  it('is seeded, zeroes about p of the inputs, scales the rest by 1/(1−p), and is off in eval', () => {
    const drop = nn.dropout(0.25);
    const x = tensor(new Float32Array(20000).fill(1), { shape: [100, 200] });
    manualSeed(5);
    const a = drop.forward(x);
    manualSeed(5);
    const b = drop.forward(x);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const zeros = a.data.filter((v) => v === 0).length / a.size;
    expect(zeros).toBeGreaterThan(0.23);
    expect(zeros).toBeLessThan(0.27);
    expect(a.data.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    drop.eval();
    expect(drop.forward(x)).toBe(x);
  });

  it('routes the gradient only through kept units', () => {
    const drop = nn.dropout(0.5);
    const x = randn([4, 8], { requiresGrad: true });
    manualSeed(9);
    const y = drop.forward(x);
    y.sum().backward();
    for (let i = 0; i < x.size; i++) expect(x.grad!.data[i]).toBeCloseTo(y.data[i] === 0 ? 0 : 2, 6);
  });
});
