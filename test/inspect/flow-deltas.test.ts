// gradientFlow, deltas (003's δ recursion) and the vanishing-gradient report (000–004).
import { describe, expect, it } from 'vitest';
import { getRngState, inspect, losses, manualSeed, nn, rand, randn, tensor, type Tensor } from '../../lib/index.js';

const norm = (t: Tensor) => Math.sqrt(Array.from(t.data).reduce((s, v) => s + v * v, 0));

function autogradGrads(model: nn.Module, x: Tensor, y: Tensor, loss: losses.LossFunction) {
  model.zeroGrad();
  loss(model.forward(x), y).backward();
  return model.parameters().map((p) => p.grad!);
}

describe('gradientFlow', () => {
  it('reports ‖∂L/∂W‖, ‖∂L/∂b‖, ‖W‖ and lr·‖∂L/∂W‖/‖W‖ as autograd computes them', () => {
    manualSeed(1);
    const model = nn.sequential(nn.dense(3, 5, { activation: 'tanh' }), nn.dense(5, 2));
    const x = randn([8, 3]);
    const y = randn([8, 2]);
    const r = inspect.gradientFlow(model, x, y, { loss: 'mse', lr: 0.1 });
    const grads = autogradGrads(model, x, y, losses.mse);
    const [w1, , w2] = model.parameters();
    expect(r.layers).toHaveLength(2);
    expect(r.layers[0].weightGradNorm).toBeCloseTo(norm(grads[0]), 5);
    expect(r.layers[0].biasGradNorm!).toBeCloseTo(norm(grads[1]), 5);
    expect(r.layers[1].weightGradNorm).toBeCloseTo(norm(grads[2]), 5);
    expect(r.layers[1].weightNorm).toBeCloseTo(norm(w2), 5);
    expect(r.layers[0].updateRatio!).toBeCloseTo((0.1 * norm(grads[0])) / norm(w1), 6);
    expect(r.layers[0].saturatedShare).not.toBeNull();
    expect(r.layers[1].saturatedShare).toBeNull();
    expect(r.loss).toBeCloseTo(losses.mse(model.forward(x), y).item(), 6);
    expect(inspect.formatGradientFlow(r)).toMatch(/‖∂L\/∂W‖/);
  });

  it('leaves existing gradients as they were', () => {
    const model = nn.sequential(nn.dense(2, 2));
    const before = tensor([1, 2, 3, 4], { shape: [2, 2] });
    model.parameters()[0].grad = before;
    inspect.gradientFlow(model, randn([4, 2]), randn([4, 2]));
    expect(model.parameters()[0].grad).toBe(before);
    expect(model.parameters()[1].grad).toBeNull();
  });

  it('counts saturated sigmoid units and dead ReLUs', () => {
    const sat = nn.dense(2, 4, { activation: 'sigmoid', init: 'zeros' });
    sat.bias!.data.fill(20); // σ(20): σ′ ≈ 2e-9 < 0.01 everywhere
    const r1 = inspect.gradientFlow(nn.sequential(sat), randn([5, 2]), rand([5, 4]));
    expect(r1.layers[0].saturatedShare).toBe(1);
    const relu = nn.dense(2, 4, { activation: 'relu', init: 'zeros' });
    relu.bias!.data.set([-1, -1, 1, 1]); // two units never fire
    const r2 = inspect.gradientFlow(nn.sequential(relu), randn([5, 2]), rand([5, 4]));
    expect(r2.layers[0].deadShare).toBe(0.5);
    expect(r2.layers[0].activationMean).toBeCloseTo(0.5, 6);
  });

  it('folds an activation layer into the Dense before it', () => {
    const model = nn.sequential(nn.dense(2, 3), nn.relu(), nn.dense(3, 1));
    const r = inspect.gradientFlow(model, randn([4, 2]), randn([4, 1]));
    expect(r.layers.map((l) => l.activation)).toEqual(['relu', 'identity']);
  });

  it('draws a chart and records every epoch as a fit() callback', async () => {
    manualSeed(2);
    const model = nn.sequential(nn.dense(2, 3, { activation: 'sigmoid' }), nn.dense(3, 1));
    const x = randn([6, 2]);
    const y = randn([6, 1]);
    const cb = inspect.gradientFlowCallback({ lr: 0.05 });
    for (let epoch = 0; epoch < 3; epoch++) cb.onEpochEnd(epoch, {}, { model, x, y, loss: 'mse' });
    expect(cb.history.map((h) => h.epoch)).toEqual([0, 1, 2]);
    expect(cb.history[0].report.lr).toBe(0.05);
    const svg = await inspect.gradientFlowChart(cb.history[0].report);
    expect(svg).toContain('<svg');
    expect(await cb.chart()).toContain('<svg');
    expect(() => cb.onEpochEnd(3, {}, {} as never)).toThrow(/expected a context with model/);
  });
});

describe('deltas: the notes’ δ recursion equals autograd', () => {
  it.each(['sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'softplus', 'gelu'] as const)('%s layers', (activation) => {
    manualSeed(3);
    const model = nn.sequential(
      nn.dense(3, 4, { activation }),
      nn.dense(4, 5, { activation }),
      nn.dense(5, 2, { activation: 'sigmoid' }),
    );
    const x = randn([6, 3]);
    const y = rand([6, 2]);
    const view = inspect.deltas(model, x, y, { loss: 'halfSquaredError' });
    const grads = autogradGrads(model, x, y, losses.halfSquaredError);
    view.layers.forEach((layer, i) => {
      Array.from(layer.weightGrad.data).forEach((v, k) => expect(v).toBeCloseTo(grads[2 * i].data[k], 4));
      Array.from(layer.biasGrad!.data).forEach((v, k) => expect(v).toBeCloseTo(grads[2 * i + 1].data[k], 4));
    });
  });

  it('003: δ_t = (δ_{t+1}·W_{t+1}) ⊙ a′(z_t), and the last δ is ∂L/∂y ⊙ a′', () => {
    manualSeed(4);
    const model = nn.sequential(nn.dense(2, 3, { activation: 'sigmoid' }), nn.dense(3, 1, { activation: 'sigmoid' }));
    const x = randn([1, 2]);
    const t = tensor([[0.3]]);
    const view = inspect.deltas(model, x, t, { loss: 'halfSquaredError' });
    const [l1, l2] = view.layers;
    const yv = l2.output.data[0];
    expect(l2.delta.data[0]).toBeCloseTo((yv - 0.3) * yv * (1 - yv), 6); // δ4 = (y − t)·y(1 − y)
    const W2 = (model.layers[1] as nn.Dense).weight.data;
    for (let j = 0; j < 3; j++) {
      const h = l1.output.data[j];
      expect(l1.delta.data[j]).toBeCloseTo(l2.delta.data[0] * W2[j] * h * (1 - h), 6);
    }
  });

  it('refuses softmax layers, whose derivative couples units', () => {
    const model = nn.sequential(nn.dense(2, 3, { activation: 'softmax' }));
    expect(() => inspect.deltas(model, randn([2, 2]), rand([2, 3]))).toThrow(/deltas: .*softmax couples units/);
  });
});

describe('vanishing gradients (000–004)', () => {
  it('sigmoid gradients shrink like 0.25^k through 10 layers; relu with He init keeps them', () => {
    const state = getRngState();
    const sigmoid = inspect.vanishingGradients({ depth: 10, activation: 'sigmoid', init: 'xavier', width: 16 });
    const relu = inspect.vanishingGradients({ depth: 10, activation: 'relu', init: 'he', width: 16 });
    expect(getRngState()).toEqual(state); // its own seed, the global generator put back
    expect(sigmoid.layers).toHaveLength(10);
    expect(sigmoid.firstToLast).toBeLessThan(1e-3);
    expect(relu.firstToLast).toBeGreaterThan(0.05);
    const g = sigmoid.layers.map((l) => l.weightGradNorm);
    for (let k = 1; k < 10; k++) expect(g[k]).toBeGreaterThan(g[k - 1]); // strictly growing towards the output
    expect(sigmoid.sigmoidBound[9]).toBe(g[9]);
    expect(sigmoid.sigmoidBound[8]).toBeCloseTo(g[9] * 0.25, 12);
    expect(inspect.formatVanishing(sigmoid)).toMatch(/‖∂L\/∂W_1‖ \/ ‖∂L\/∂W_10‖/);
  });

  it('draws the log-scale plot with the σ′ bound', async () => {
    const r = inspect.vanishingGradients({ depth: 4, width: 8 });
    const svg = await inspect.vanishingChart([r]);
    expect(svg).toContain('<svg');
    expect(svg).toContain('σ′ ≤ 0.25');
  });

  it('names bad options', () => {
    expect(() => inspect.vanishingGradients({ activation: 'softmax' as never })).toThrow(
      /vanishing: expected activation to be one of sigmoid, tanh, relu, got 'softmax'/,
    );
    expect(() => inspect.vanishingGradients({ depth: 0 })).toThrow(/depth to be an integer in \[1, 200\]/);
  });
});
