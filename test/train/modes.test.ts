// The notes' three descents: each mode makes the right number of updates, each from the
// gradient of the right samples (checked against a float64 hand computation of ∂ mse/∂(w, b)
// for a linear model, at the weights the optimizer saw).
import { describe, expect, it } from 'vitest';
import { fitSync } from '../../lib/train/index.js';
import { Dense, Sequential } from '../../lib/nn/index.js';
import { manualSeed } from '../../lib/random.js';
import { mseLinearGrad, spyOptimizer, type StepRecord } from './helpers.js';

const n = 10;
const x = Array.from({ length: n }, (_, i) => [Math.sin(i + 1), Math.cos(2 * i), (i % 3) - 1]);
const y = x.map(([a, b, c]) => 0.5 * a - b + 2 * c + 0.3);

function run(opts: Parameters<typeof fitSync>[2]) {
  manualSeed(3);
  const model = new Sequential(new Dense(3, 1));
  const optimizer = spyOptimizer(model, 0.05);
  fitSync(model, { x, y }, { loss: 'mse', verbose: 0, shuffle: false, ...opts, optimizer });
  return optimizer.steps;
}

function expectGrad(step: StepRecord, rows: number[]) {
  const [w, b] = step.weights;
  const { dw, db } = mseLinearGrad(x, y, w, b[0], rows);
  for (let j = 0; j < 3; j++) expect(step.grads[0][j]).toBeCloseTo(dw[j], 5);
  expect(step.grads[1][0]).toBeCloseTo(db, 5);
}

const all = Array.from({ length: n }, (_, i) => i);

describe('fit modes', () => {
  it('full: one update per epoch from the gradient over all samples, accumulated over chunks', () => {
    for (const batchSize of [undefined, 3, 10]) {
      const steps = run({ mode: 'full', epochs: 3, batchSize });
      expect(steps).toHaveLength(3);
      for (const s of steps) expectGrad(s, all);
    }
  });

  it('stochastic: one update per sample, from that sample alone', () => {
    const steps = run({ mode: 'stochastic', epochs: 2 });
    expect(steps).toHaveLength(2 * n);
    steps.forEach((s, k) => expectGrad(s, [k % n]));
  });

  it('minibatch: one update per batchSize samples (the last batch short, or dropped)', () => {
    const steps = run({ mode: 'minibatch', batchSize: 4, epochs: 2 });
    expect(steps).toHaveLength(6);
    const batchesOf = [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ];
    steps.forEach((s, k) => expectGrad(s, batchesOf[k % 3]));
    expect(run({ mode: 'minibatch', batchSize: 4, epochs: 2, dropLast: true })).toHaveLength(4);
  });

  it('shuffled minibatches cover every sample once per epoch, in a new order each epoch', () => {
    const ids = Array.from({ length: 12 }, (_, i) => [i]);
    const rows: number[][] = [];
    manualSeed(5);
    const model = new Sequential(new Dense(1, 1));
    fitSync(
      model,
      { x: ids, y: ids.map(([i]) => i) },
      {
        // a loss that records which targets each batch holds
        loss: (pred, target) => {
          rows.push(Array.from(target.data));
          return pred.sub(target).mul(pred.sub(target)).mean();
        },
        batchSize: 5,
        epochs: 2,
        verbose: 0,
      },
    );
    expect(rows.map((r) => r.length)).toEqual([5, 5, 2, 5, 5, 2]);
    const identity = ids.map(([i]) => i);
    const epoch1 = rows.slice(0, 3).flat();
    const epoch2 = rows.slice(3).flat();
    expect([...epoch1].sort((a, b) => a - b)).toEqual(identity);
    expect([...epoch2].sort((a, b) => a - b)).toEqual(identity);
    expect(epoch1).not.toEqual(epoch2);
    expect(epoch1).not.toEqual(identity);
  });
});
