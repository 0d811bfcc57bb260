// End-to-end Fashion-MNIST: MLP 784-256-256-10 ReLU, Adam lr 1e-3, batch 128, 5 epochs —
// seconds per epoch and test accuracy for chainrule, beside PyTorch running the same model
// on the same files in the same bench run (bench/peers/torch_fashion.py).
//   node --import tsx bench/fashion-mnist.ts [--epochs N] [--seed S]      (npm run bench:fashion)
// Data: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist) or
// CHAINRULE_FASHION_MNIST. Python: CHAINRULE_BENCH_PYTHON, else /work/venv/bin/python, else
// /usr/bin/python3. Prints "skipped: …" for whatever is missing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { backendInfo } from '../lib/backend/load.js';
import { formatMachine, measureMachine } from '../lib/backend/machine.js';
import { fashionMnistPath, loadMnistLike } from '../lib/data/idx.js';
import { Dense, Sequential } from '../lib/nn/index.js';
import { adam } from '../lib/optim/index.js';
import { manualSeed } from '../lib/random.js';
import { evaluate, fit } from '../lib/train/index.js';

const epochsArg = process.argv.indexOf('--epochs');
const epochs = epochsArg > 0 ? Number(process.argv[epochsArg + 1]) : 5;
const seedArg = process.argv.indexOf('--seed');
const seed = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 0;
const TORCH_THREADS = 2;

function pythonPath(): string | null {
  for (const p of [process.env.CHAINRULE_BENCH_PYTHON, '/work/venv/bin/python', '/usr/bin/python3']) {
    if (p && existsSync(p)) return p;
  }
  return null;
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

async function chainrule(dir: string) {
  const train = loadMnistLike(dir, { split: 'train' });
  const test = loadMnistLike(dir, { split: 'test' });
  manualSeed(seed);
  const model = new Sequential(
    new Dense(784, 256, { activation: 'relu' }),
    new Dense(256, 256, { activation: 'relu' }),
    new Dense(256, 10),
  );
  const seconds: number[] = [];
  let start = 0;
  await fit(model, train, {
    epochs,
    batchSize: 128,
    optimizer: adam({ lr: 1e-3 }),
    loss: 'softmaxCrossEntropy',
    verbose: 0,
    callbacks: [
      {
        onEpochBegin: () => {
          start = performance.now();
        },
        onEpochEnd: (epoch, logs) => {
          seconds.push((performance.now() - start) / 1000);
          console.log(`  chainrule epoch ${epoch + 1}: ${seconds[epoch].toFixed(2)} s, loss ${logs.loss.toFixed(4)}`);
        },
      },
    ],
  });
  const { accuracy } = evaluate(model, test, { metrics: ['accuracy'] });
  return { secondsPerEpoch: mean(seconds), testAccuracy: accuracy };
}

function torch(dir: string): Promise<{ secondsPerEpoch: number; testAccuracy: number; version: string } | string> {
  const python = pythonPath();
  if (!python) return Promise.resolve('no python (set CHAINRULE_BENCH_PYTHON)');
  const script = path.join(__dirname, 'peers', 'torch_fashion.py');
  return new Promise((resolve) => {
    const child = spawn(python, [script, dir, String(epochs), String(TORCH_THREADS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const seconds: number[] = [];
    let final: { testAccuracy: number; torch: string } | null = null;
    let skipped: string | null = null;
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const msg = JSON.parse(line);
        if (msg.skipped) skipped = `${python}: ${msg.skipped}`;
        else if (msg.epoch) {
          seconds.push(msg.seconds);
          console.log(`  pytorch   epoch ${msg.epoch}: ${msg.seconds.toFixed(2)} s, loss ${msg.loss.toFixed(4)}`);
        } else final = msg;
      }
    });
    child.on('close', (code) => {
      if (skipped) resolve(skipped);
      else if (code !== 0 || !final) resolve(`${python} exited with ${code}`);
      else resolve({ secondsPerEpoch: mean(seconds), testAccuracy: final.testAccuracy, version: final.torch });
    });
  });
}

async function main() {
  const dir = fashionMnistPath();
  if (!dir) {
    console.log(
      'fashion-mnist: skipped: no Fashion-MNIST IDX files (apt-get install dataset-fashion-mnist, or set CHAINRULE_FASHION_MNIST)',
    );
    return;
  }
  const info = backendInfo();
  console.log(`fashion-mnist: MLP 784-256-256-10 ReLU, Adam lr 1e-3, batch 128, ${epochs} epochs, data ${dir}`);
  console.log(
    `chainrule backend ${info.backend}${info.isa ? ` (${info.isa})` : ''}, threads ${info.threads}; pytorch threads ${TORCH_THREADS}`,
  );
  console.log(formatMachine(measureMachine([...new Set([1, info.threads])])));
  const ours = await chainrule(dir);
  const peer = await torch(dir);
  console.log('');
  console.log(
    `chainrule: ${ours.secondsPerEpoch.toFixed(2)} s/epoch, test accuracy ${(100 * ours.testAccuracy).toFixed(2)}%`,
  );
  if (typeof peer === 'string') console.log(`pytorch:   skipped: ${peer}`);
  else {
    console.log(
      `pytorch:   ${peer.secondsPerEpoch.toFixed(2)} s/epoch, test accuracy ${(100 * peer.testAccuracy).toFixed(2)}% (torch ${peer.version})`,
    );
    console.log(
      `ratio:     chainrule/pytorch seconds per epoch = ${(ours.secondsPerEpoch / peer.secondsPerEpoch).toFixed(2)}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
