// One thread pool per process, shared by every worker_thread that loads the addon: four
// workers running GEMMs at once must each get their own, correct answers.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../lib/backend/load.js';
import { nativeVariants } from './variants.js';

const requireHere = createRequire(__filename);

// Each worker loads the addon itself and compares 2-thread GEMMs with a float64 reference.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const addon = require(workerData.file);
const { m, n, k, seed } = workerData;
let s = seed;
const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
const a = Float32Array.from({ length: m * k }, rand);
const b = Float32Array.from({ length: k * n }, rand);
const c = new Float32Array(m * n);
let worst = 0;
for (let rep = 0; rep < 10; rep++) {
  addon.gemm(false, seed % 2 === 1, m, n, k, 1, a, b, 0, c);
}
for (let i = 0; i < m; i += 7) for (let j = 0; j < n; j += 5) {
  let sum = 0;
  for (let p = 0; p < k; p++) sum += a[i * k + p] * (seed % 2 === 1 ? b[j * k + p] : b[p * n + j]);
  worst = Math.max(worst, Math.abs(c[i * n + j] - sum) / (1 + Math.abs(sum)));
}
parentPort.postMessage(worst);
`;

if (nativeVariants.length > 0) {
  describe('addon in several worker_threads at once', () => {
    it('4 workers, each with its own GEMMs on the shared pool, all correct', async () => {
      const file = (requireHere('node-gyp-build') as { resolve(dir: string): string }).resolve(packageRoot);
      (requireHere(file) as { setNumThreads(n: number): void }).setNumThreads(2);
      const results = await Promise.all(
        [1, 2, 3, 4].map(
          (seed) =>
            new Promise<number>((resolve, reject) => {
              const worker = new Worker(workerSource, {
                eval: true,
                workerData: { file, m: 131, n: 257, k: 129, seed },
              });
              worker.once('message', (worst: number) => {
                void worker.terminate();
                resolve(worst);
              });
              worker.once('error', reject);
            }),
        ),
      );
      for (const worst of results) expect(worst).toBeLessThan(1e-4);
    });
  });
}
