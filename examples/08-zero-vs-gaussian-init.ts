// Note 003: "Initial weight ⇒ 0" versus "Initial weight ⇒ Gaussian". With every weight 0,
// every hidden unit computes the same thing, gets the same δ and the same update — forever:
// the layer acts as one unit (symmetry is never broken). Gaussian weights break the tie.
// Task: XOR of the quadrants (t = 1 where x1·x2 > 0) on 32 random points; a 2-4-1 sigmoid
// net, full-batch gradient descent, Cost = ½(y − t)².
// Run: node --import tsx examples/08-zero-vs-gaussian-init.ts
import { inspect, losses, manualSeed, nn, optim, randn, Tensor } from '../lib/index.js';

manualSeed(3);
const x = randn([32, 2]);
const y = Tensor.empty([32, 1]);
for (let i = 0; i < 32; i++) y.data[i] = x.data[2 * i] * x.data[2 * i + 1] > 0 ? 1 : 0;

function train(init: nn.InitSpec) {
  manualSeed(1);
  const hidden = nn.dense(2, 4, { activation: 'sigmoid', init });
  const out = nn.dense(4, 1, { activation: 'sigmoid', init });
  const model = nn.sequential(hidden, out);
  const opt = optim.sgd(model.parameters(), { lr: 2 });
  let loss = 0;
  for (let epoch = 0; epoch < 2000; epoch++) {
    opt.zeroGrad();
    const l = losses.halfSquaredError(model.forward(x), y);
    l.backward();
    opt.step();
    loss = l.item();
  }
  let correct = 0;
  model.forward(x).data.forEach((p, i) => (correct += (p > 0.5 ? 1 : 0) === y.data[i] ? 1 : 0));
  return { hidden, loss, accuracy: correct / 32 };
}

const fmt = (v: number) => inspect.formatNumber(v, 3);
for (const [name, init] of [
  ['zero', 'zeros'],
  ['gaussian', { type: 'normal', std: 1 }],
] as const) {
  const { hidden, loss, accuracy } = train(init);
  const rows = [0, 1, 2, 3].map((j) => Array.from(hidden.weight.data.subarray(2 * j, 2 * j + 2)));
  const identical = rows.every((r) => r[0] === rows[0][0] && r[1] === rows[0][1]);
  console.log(`${name} init: loss ${fmt(loss)}, accuracy ${(100 * accuracy).toFixed(0)}%`);
  console.log(`  hidden weight rows: ${rows.map((r) => `[${r.map(fmt).join(', ')}]`).join(' ')}`);
  console.log(`  hidden units identical: ${identical ? 'yes' : 'no'}`);
}
