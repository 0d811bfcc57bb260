// A small, seeded training run on the compiled library, shared by the worker_threads and
// memory tests (run in workers and child processes, so it loads dist/ rather than lib/).
'use strict';
const path = require('node:path');
const cr = require(path.join(__dirname, '..', '..', 'dist', 'index.js'));

/** Trains a 16-32-32-4 MLP for `steps` SGD-momentum steps from `seed`; returns its weights. */
function train(seed, steps) {
  cr.manualSeed(seed);
  const model = cr.nn.sequential(
    cr.nn.dense(16, 32, { activation: 'relu' }),
    cr.nn.dense(32, 32, { activation: 'tanh' }),
    cr.nn.dense(32, 4),
  );
  const opt = cr.optim.sgd(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const x = cr.randn([64, 16]);
  const labels = new Float32Array(64);
  for (let i = 0; i < 64; i++) labels[i] = cr.randomInt(4);
  const y = cr.tensor(labels);
  let loss = 0;
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const l = cr.losses.softmaxCrossEntropy(model.forward(x), y);
    l.backward();
    opt.step();
    loss = l.item();
  }
  return { loss, weights: model.parameters().map((p) => Array.from(p.data)) };
}

module.exports = { train, cr };
