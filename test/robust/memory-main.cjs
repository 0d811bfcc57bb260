// Runs in a child process (node --expose-gc): trains for `steps` steps and samples RSS and
// the JS heap after a full GC, after warm-up and at the end. Tensors own plain Float32Arrays
// and no native memory, so everything a step makes is garbage the GC frees.
'use strict';
const { cr } = require('./train-step.cjs');

const steps = Number(process.argv[2] || 3000);
// warm-up: half the run (V8 grows its spaces and JIT code in steps early on); a leak keeps growing after
const warmup = Math.floor(steps / 2);
cr.manualSeed(7);
const model = cr.nn.sequential(cr.nn.dense(64, 128, { activation: 'relu' }), cr.nn.dense(128, 10));
const opt = cr.optim.adam(model.parameters(), { lr: 1e-3 });
const x = cr.randn([32, 64]);
const y = cr.tensor(Float32Array.from({ length: 32 }, () => cr.randomInt(10)));

function sample() {
  global.gc();
  global.gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external + m.arrayBuffers };
}

const every = Number(process.argv[3] || steps);
let atWarmup = null;
const samples = [];
const t0 = process.hrtime.bigint();
for (let s = 1; s <= steps; s++) {
  opt.zeroGrad();
  cr.losses.softmaxCrossEntropy(model.forward(x), y).backward();
  opt.step();
  if (s === warmup) atWarmup = sample();
  if (s % every === 0 && s !== steps) samples.push({ step: s, ...sample() });
}
const atEnd = sample();
samples.push({ step: steps, ...atEnd });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(`${JSON.stringify({ steps, warmup, atWarmup, atEnd, samples, seconds })}\n`);
