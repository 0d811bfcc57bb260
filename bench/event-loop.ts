// p99 event-loop delay while `await fit()` trains the MLP benchmark model (784-256-256-10
// ReLU, batch 128) on random data, and fit()'s cost over fitSync() for the same work.
//   node --import tsx bench/event-loop.ts [--samples N] [--epochs N]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Matrix } from '../lib/data/matrix.js';
import { Dense, Sequential } from '../lib/nn/index.js';
import { manualSeed, random } from '../lib/random.js';
import { fit, fitSync } from '../lib/train/index.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const samples = arg('--samples', 8192);
const epochs = arg('--epochs', 2);

const x: Matrix = { data: Float32Array.from({ length: samples * 784 }, () => random()), shape: [samples, 784] };
const y: Matrix = {
  data: Float32Array.from({ length: samples }, () => Math.floor(random() * 10)),
  shape: [samples, 1],
};
const model = () => {
  manualSeed(0);
  return new Sequential(
    new Dense(784, 256, { activation: 'relu' }),
    new Dense(256, 256, { activation: 'relu' }),
    new Dense(256, 10),
  );
};
const opts = { epochs, batchSize: 128, optimizer: 'adam', lr: 1e-3, verbose: 0 as const };

async function main() {
  fitSync(model(), { x, y }, { ...opts, epochs: 1 }); // warm-up (JIT, kernels)
  // alternate the two, best of 2 each: the machine may be shared
  const syncRuns: number[] = [];
  const asyncRuns: number[] = [];
  // one histogram per run: re-enabling a histogram counts the time it was off as one delay
  const histograms: ReturnType<typeof monitorEventLoopDelay>[] = [];
  for (let round = 0; round < 2; round++) {
    const h = monitorEventLoopDelay({ resolution: 1 });
    histograms.push(h);
    let t = performance.now();
    fitSync(model(), { x, y }, opts);
    syncRuns.push((performance.now() - t) / 1000);
    h.enable();
    t = performance.now();
    await fit(model(), { x, y }, opts);
    asyncRuns.push((performance.now() - t) / 1000);
    h.disable();
  }
  const syncSeconds = Math.min(...syncRuns);
  const asyncSeconds = Math.min(...asyncRuns);
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  const h = histograms.reduce((a, b) => (a.percentile(99) >= b.percentile(99) ? a : b)); // the worse run
  const perBatchMs = (syncSeconds * 1000) / (epochs * Math.ceil(samples / 128));
  console.log(
    `event loop during await fit(): MLP 784-256-256-10, batch 128, ${samples} random samples × ${epochs} epochs`,
  );
  console.log(
    `  delay p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms (worse of 2 runs; one training step: ${perBatchMs.toFixed(1)} ms)`,
  );
  console.log(
    `  fit ${asyncSeconds.toFixed(2)} s vs fitSync ${syncSeconds.toFixed(2)} s (${((asyncSeconds / syncSeconds - 1) * 100).toFixed(1)}% overhead)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
