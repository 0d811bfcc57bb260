// 003: zero initialisation never breaks the symmetry between hidden units; Gaussian does.
import { describe, expect, it } from 'vitest';
import { losses, manualSeed, nn, optim, randn, Tensor } from '../../lib/index.js';

function trainHidden(init: nn.InitSpec): Float32Array[] {
  manualSeed(5);
  const x = randn([16, 3]);
  const y = Tensor.empty([16, 1]);
  for (let i = 0; i < 16; i++) y.data[i] = x.data[3 * i] * x.data[3 * i + 1] > 0 ? 1 : 0;
  const hidden = nn.dense(3, 4, { activation: 'sigmoid', init });
  const model = nn.sequential(hidden, nn.dense(4, 1, { activation: 'sigmoid', init }));
  const opt = optim.sgd(model.parameters(), { lr: 1 });
  for (let step = 0; step < 200; step++) {
    opt.zeroGrad();
    losses.halfSquaredError(model.forward(x), y).backward();
    opt.step();
  }
  const rows = [0, 1, 2, 3].map((j) => hidden.weight.data.slice(3 * j, 3 * j + 3));
  rows.push(hidden.bias!.data.slice());
  return rows;
}

describe('003: initial weights 0 vs Gaussian', () => {
  it('zero init: every hidden unit stays identical after training (but did move)', () => {
    const [r0, r1, r2, r3, bias] = trainHidden('zeros');
    for (const r of [r1, r2, r3]) expect(Array.from(r)).toEqual(Array.from(r0));
    expect(new Set(bias).size).toBe(1);
    expect(Math.max(...Array.from(r0, Math.abs))).toBeGreaterThan(1e-3); // trained, yet symmetric
  });

  it('Gaussian init: the hidden units differ', () => {
    const [r0, r1, r2, r3] = trainHidden({ type: 'normal', std: 1 });
    const distinct = new Set([r0, r1, r2, r3].map((r) => Array.from(r).join(',')));
    expect(distinct.size).toBe(4);
  });
});
