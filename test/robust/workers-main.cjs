// Runs in a child process (node --expose-gc): 4 workers training at once must match the same
// runs done alone, then 50 worker start/exit cycles must not crash or grow RSS.
'use strict';
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { train } = require('./train-step.cjs');

function runWorker(seed, steps) {
  return new Promise((resolve, reject) => {
    const w = new Worker(path.join(__dirname, 'worker.cjs'), { workerData: { seed, steps } });
    let result = null;
    w.on('message', (m) => (result = m));
    w.on('error', reject);
    w.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`worker exit ${code}`))));
  });
}

function rssAfterGc() {
  global.gc();
  global.gc();
  return process.memoryUsage().rss;
}

async function main() {
  const seeds = [1, 2, 3, 4];
  const alone = seeds.map((s) => train(s, 40));
  const together = await Promise.all(seeds.map((s) => runWorker(s, 40)));
  const identical = seeds.map((_, i) => JSON.stringify(together[i].weights) === JSON.stringify(alone[i].weights));
  const backends = together.map((r) => r.backend);

  const rss = [];
  for (let cycle = 0; cycle < 50; cycle++) {
    await runWorker(100 + cycle, 3);
    if (cycle === 9 || cycle === 49) rss.push(rssAfterGc());
  }
  process.stdout.write(`${JSON.stringify({ identical, backends, rssAfter10: rss[0], rssAfter50: rss[1] })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
