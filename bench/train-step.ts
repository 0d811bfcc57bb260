// One training step of the MLP 784-256-256-10 (ReLU, softmax cross-entropy, batch 128) as a
// user writes it — opt.zeroGrad(); loss = softmaxCrossEntropy(model.forward(x), y);
// loss.backward(); opt.step() — for SGD and Adam, at 1 and 2 threads, beside:
//  - the raw-kernel step (bench/cases/steps.ts: the same network on the Backend kernels, no
//    graph, no allocation; for Adam its SGD updates swapped for backend().adamUpdate): the
//    floor the library path can approach;
//  - PyTorch running the same step (bench/peers/torch_step.py), when a python with torch exists
//    (CHAINRULE_BENCH_PYTHON, else /work/venv/bin/python, else /usr/bin/python3).
//   node --import tsx bench/train-step.ts [--threads 1,2] [--passes N] [--no-python]
//                                                                           (npm run bench:step)
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { backend, backendInfo, setNumThreads } from '../lib/backend/load.js';
import { formatMachine, measureMachine } from '../lib/backend/machine.js';
import { softmaxCrossEntropy } from '../lib/losses/index.js';
import { Dense, Sequential } from '../lib/nn/index.js';
import { Adam, SGD } from '../lib/optim/index.js';
import { manualSeed } from '../lib/random.js';
import { Tensor } from '../lib/tensor.js';
import { lcg, mlpNet } from './cases/steps.js';
import { pythonExecutable } from './peers/python.js';
import { formatSeconds, medianSeconds, type TimingOptions, table } from './timing.js';

const BATCH = 128;

function parseArgs(argv: string[]) {
  const opts = { threads: [1, 2], passes: 2, python: true, minTimeMs: 300, repeats: 7 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--threads') opts.threads = argv[++i].split(',').map(Number);
    else if (argv[i] === '--passes') opts.passes = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--no-python') opts.python = false;
    else if (argv[i] === '--help') {
      console.log('npm run bench:step -- [--threads 1,2] [--passes N] [--no-python]');
      process.exit(0);
    }
  }
  return opts;
}

/** The library path: a Sequential of Dense layers, an optimizer, a step as in the README. */
function libraryStep(kind: 'sgd' | 'adam'): () => void {
  manualSeed(0);
  const model = new Sequential(
    new Dense(784, 256, { activation: 'relu' }),
    new Dense(256, 256, { activation: 'relu' }),
    new Dense(256, 10),
  );
  const opt = kind === 'sgd' ? new SGD(model.parameters(), { lr: 0.01 }) : new Adam(model.parameters(), { lr: 1e-3 });
  const rand = lcg(7);
  const xData = new Float32Array(BATCH * 784);
  for (let i = 0; i < xData.length; i++) xData[i] = rand() * 2 - 1;
  const labels = new Float32Array(BATCH);
  for (let i = 0; i < BATCH; i++) labels[i] = Math.floor(rand() * 10);
  const x = new Tensor(xData, [BATCH, 784]);
  const y = new Tensor(labels, [BATCH]);
  return () => {
    opt.zeroGrad();
    const loss = softmaxCrossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
  };
}

/** The raw-kernel step; for Adam, the same forward/backward and one adamUpdate per tensor. */
function rawStep(kind: 'sgd' | 'adam'): () => void {
  const be = backend();
  const { net, x, targets } = mlpNet(be, BATCH);
  if (kind === 'sgd') return () => net.step(x, targets);
  const moments = net.layers.flatMap((l) =>
    [l.w, l.b].map((p) => [new Float32Array(p.length), new Float32Array(p.length)]),
  );
  let t = 0;
  return () => {
    // net.step ends in its own SGD updates (~0.03 ms over 0.27 M weights): kept, so this floor
    // is slightly pessimistic; only the time matters here.
    net.step(x, targets);
    t++;
    let i = 0;
    for (const l of net.layers) {
      for (const [p, g] of [
        [l.w, l.dW],
        [l.b, l.db],
      ]) {
        be.adamUpdate(p, g, moments[i][0], moments[i][1], 1e-3, 0.9, 0.999, 1e-8, 0, false, t);
        i++;
      }
    }
  };
}

interface TorchTimes {
  torch: string;
  sgd: number;
  adam: number;
}

function torchPeer(threads: number, timing: TimingOptions): TorchTimes | string {
  const python = pythonExecutable();
  if (python === null) return 'skipped: no python (set CHAINRULE_BENCH_PYTHON or create /work/venv)';
  const t = String(threads);
  const result = spawnSync(
    python,
    [path.join(__dirname, 'peers', 'torch_step.py'), JSON.stringify({ threads, ...timing })],
    {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t, MKL_NUM_THREADS: t },
      timeout: 10 * 60 * 1000,
    },
  );
  if (result.error) return `skipped: ${python} did not run: ${result.error.message}`;
  if (result.status !== 0) return `skipped: ${python}: ${result.stderr.trim().split('\n').pop()}`;
  try {
    return JSON.parse(result.stdout) as TorchTimes;
  } catch {
    return `skipped: ${python} printed no JSON: ${result.stdout.slice(0, 200)}`;
  }
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const timing: TimingOptions = { minTimeMs: opts.minTimeMs, repeats: opts.repeats, passes: opts.passes };
  const info = backendInfo();
  console.log(`chainrule train step: MLP 784-256-256-10 ReLU, batch ${BATCH}; backend ${info.backend} (${info.isa})`);
  console.log(formatMachine(measureMachine(opts.threads)));
  const rows: string[][] = [];
  const json: Record<string, unknown>[] = [];
  for (const threads of opts.threads) {
    setNumThreads(threads);
    const peer = opts.python ? torchPeer(threads, timing) : 'skipped: --no-python';
    if (typeof peer === 'string') console.log(`  torch (${threads} thread${threads > 1 ? 's' : ''}): ${peer}`);
    for (const kind of ['sgd', 'adam'] as const) {
      const lib = medianSeconds(libraryStep(kind), timing);
      const raw = medianSeconds(rawStep(kind), timing);
      const torch = typeof peer === 'string' ? null : peer[kind];
      rows.push([
        kind === 'sgd' ? 'SGD' : 'Adam',
        String(threads),
        formatSeconds(lib),
        formatSeconds(raw),
        `${(lib / raw).toFixed(2)}×`,
        torch === null ? '—' : formatSeconds(torch),
        torch === null ? '—' : `${(torch / lib).toFixed(2)}×`,
      ]);
      json.push({ optimizer: kind, threads, librarySeconds: lib, rawSeconds: raw, torchSeconds: torch });
    }
  }
  console.log(
    table(['step', 'threads', 'library API', 'raw kernels', 'library / raw', 'PyTorch', 'PyTorch / library'], rows),
  );
  console.log('(PyTorch / library > 1: the library step is faster.)');
  if (process.argv.includes('--json')) console.log(JSON.stringify(json));
}

main();
