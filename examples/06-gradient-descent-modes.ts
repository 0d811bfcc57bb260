// Note 003: gradient descent over all samples (one update per pass, W ← W − α·Σ∂f_n/∂W —
// "too much computation" per update), stochastic GD (one sample per update) and minibatch
// SGD (m samples per update), on the same data from the same initial weights.
// Run: node --import tsx examples/06-gradient-descent-modes.ts [--svg modes.svg]
import { writeFileSync } from 'node:fs';
import { inspect, losses, manualSeed, nn, noGrad, optim, randn, Tensor } from '../lib/index.js';

// data: y = 2·x1 − 3·x2 + 1 + noise, 64 samples
manualSeed(7);
const n = 64;
const X = randn([n, 2]);
const Y = Tensor.empty([n, 1]);
const noise = randn([n]);
for (let i = 0; i < n; i++) Y.data[i] = 2 * X.data[2 * i] - 3 * X.data[2 * i + 1] + 1 + 0.1 * noise.data[i];

const rows = (t: Tensor, from: number, to: number) => t.slice(0, from, to);
const modes = [
  { mode: 'full', batchSize: n, lr: 0.1 },
  { mode: 'stochastic', batchSize: 1, lr: 0.01 },
  { mode: 'minibatch', batchSize: 8, lr: 0.05 },
] as const;
const epochs = 20;
const curves: inspect.LinePoint[] = [];
for (const { mode, batchSize, lr } of modes) {
  manualSeed(0); // the same initial weights for every mode
  const model = nn.dense(2, 1, { init: { type: 'normal', std: 0.5 } });
  const opt = optim.sgd(model.parameters(), { lr });
  let updates = 0;
  const fullLoss = () => noGrad(() => losses.mse(model.forward(X), Y).item());
  curves.push({ series: mode, x: 0, y: fullLoss() });
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let start = 0; start < n; start += batchSize) {
      opt.zeroGrad();
      const end = Math.min(start + batchSize, n);
      losses.mse(model.forward(rows(X, start, end)), rows(Y, start, end)).backward(); // mean over the batch
      opt.step();
      updates++;
    }
    curves.push({ series: mode, x: epoch, y: fullLoss() });
  }
  const w = Array.from(model.weight.data, (v) => inspect.formatNumber(v, 3)).join(', ');
  console.log(
    `${mode.padEnd(10)} batch ${String(batchSize).padStart(2)}, lr ${lr}: ${updates} updates, ` +
      `loss ${inspect.formatNumber(curves[curves.length - 1].y, 3)} after ${epochs} epochs, W = [${w}], b = ${inspect.formatNumber(model.bias!.item(), 3)}`,
  );
}

const svgAt = process.argv.indexOf('--svg');
if (svgAt > 0) {
  void inspect
    .lineChart(curves, {
      title: 'full vs stochastic vs minibatch gradient descent (y = 2x1 − 3x2 + 1)',
      xTitle: 'epoch (passes over the 64 samples)',
      yTitle: 'mean squared error on all samples (log)',
      logY: true,
    })
    .then((svg) => {
      writeFileSync(process.argv[svgAt + 1], svg);
      console.log(`wrote ${process.argv[svgAt + 1]}`);
    });
}
