// Memory soak: 10,000 training steps in one process, RSS / JS heap / array buffers sampled
// after a full GC every 1,000 steps, against the sample after warm-up.
// (V8's young generation is fixed at 16 MiB semi-spaces, so its adaptive growth does not read as a leak.)
// Run: node --expose-gc bench/memory-soak.cjs [steps]   (after `npm run build:ts`)
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const steps = Number(process.argv[2] || 10000);
const script = path.join(__dirname, '..', 'test', 'robust', 'memory-main.cjs');
const r = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    '--min-semi-space-size=16',
    '--max-semi-space-size=16',
    script,
    String(steps),
    String(Math.max(1, steps / 10)),
  ],
  {
    encoding: 'utf8',
  },
);
if (r.status !== 0) throw new Error(r.stderr);
const out = JSON.parse(r.stdout);
const mb = (b) => (b / 2 ** 20).toFixed(1).padStart(7);
const pct = (a, b) => `${((100 * a) / b - 100).toFixed(2)}%`.padStart(8);
console.log(`memory soak: ${steps} steps of a 64-128-10 MLP (Adam, batch 32), ${out.seconds.toFixed(2)} s`);
console.log(`warm-up (step ${out.warmup}): rss ${mb(out.atWarmup.rss)} MiB  heap ${mb(out.atWarmup.heapUsed)} MiB`);
console.log('  step      rss MiB    Δrss   heap MiB   Δheap  buffers MiB');
for (const s of out.samples) {
  console.log(
    `${String(s.step).padStart(6)}  ${mb(s.rss)}  ${pct(s.rss, out.atWarmup.rss)}  ${mb(s.heapUsed)}  ${pct(s.heapUsed, out.atWarmup.heapUsed)}  ${mb(s.external)}`,
  );
}
