// chainrule's benchmark: `npm run bench [-- --quick] [-- --only gemm,mlp,xor,dense]
// [-- --threads 1,2]`. Native and TypeScript kernels beside @tensorflow/tfjs (cpu, wasm),
// NumPy and PyTorch (bench/peers/torch_peer.py), all in the same run. Prints tables and
// writes bench/results/<timestamp>.json. Medians over repeats, warm-up excluded.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Activation, type Backend } from '../lib/backend/backend.js';
import { backendInfo, nativeAvailable, setNumThreads, useBackend } from '../lib/backend/load.js';
import {
  bestOf,
  describeMachine,
  formatMachine,
  type MachineMeasurement,
  measureMachine,
  peakAt,
} from '../lib/backend/machine.js';
import { mlpNet, xorNet } from './cases/steps.js';
import { loadTfjs, type TfjsPeer, tfjsGemmSeconds, tfjsMlpSeconds, tfjsXorSeconds, useTfjs } from './cases/tfjs.js';
import { type PythonPeerOutput, runPythonPeer } from './peers/python.js';
import { formatSeconds, medianSeconds, type TimingOptions, table } from './timing.js';

interface Options {
  quick: boolean;
  only: Set<string>;
  threads: number[];
  /** --peak: a per-core figure to use instead of the measured peak (null: measure). */
  peakPerCore: number | null;
  python: boolean;
  tfjs: boolean;
  passes: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    quick: false,
    only: new Set(['gemm', 'dense', 'mlp', 'xor']),
    threads: [1, 2],
    peakPerCore: null,
    python: true,
    tfjs: true,
    passes: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench: ${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') opts.quick = true;
    else if (arg === '--only') opts.only = new Set(value().split(','));
    else if (arg === '--threads') opts.threads = value().split(',').map(Number);
    else if (arg === '--peak') opts.peakPerCore = Number(value());
    else if (arg === '--passes') opts.passes = Math.max(1, Number(value()));
    else if (arg === '--no-python') opts.python = false;
    else if (arg === '--no-tfjs') opts.tfjs = false;
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'npm run bench -- [--quick] [--only gemm,dense,mlp,xor] [--threads 1,2] [--passes N (best median of N)] [--peak GFLOPS_PER_CORE (instead of the measured FMA peak)] [--no-python] [--no-tfjs]',
      );
      process.exit(0);
    } else throw new Error(`bench: unknown option ${arg} (try --help)`);
  }
  return opts;
}

interface Row {
  case: string;
  peer: string;
  threads: number;
  m?: number;
  n?: number;
  k?: number;
  seconds: number;
  gflops?: number;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const timing: TimingOptions = opts.quick
    ? { minTimeMs: 40, repeats: 3, passes: opts.passes }
    : { minTimeMs: 150, repeats: 7, passes: opts.passes };
  const sizes = opts.quick ? [32, 128, 256, 512, 1024, 2048] : [32, 64, 128, 256, 512, 1024, 2048];
  // The MLP 784-256-256-10 at batch 128: forward x·Wᵀ and the two backward GEMMs per layer.
  const mlpShapes: [number, number, number][] = [
    [128, 256, 784],
    [256, 784, 128],
    [128, 784, 256],
    [128, 256, 256],
    [128, 10, 256],
  ];
  const denseShapes: [number, number, number][] = [
    [128, 256, 784],
    [128, 256, 256],
  ];
  const rows: Row[] = [];
  const skipped: string[] = [];
  const say = (s: string) => process.stdout.write(`${s}\n`);

  if (!nativeAvailable()) skipped.push(`native: ${backendInfo().nativeError}`);
  const ts = useBackend('ts');
  const native: Backend | null = nativeAvailable() ? useBackend('native') : null;
  const info = backendInfo();
  // The peak and bandwidth are measured before and after the cases, the better kept
  // (printed with the tables).
  const machineBefore = measureMachine(opts.threads);
  say(`chainrule bench — ${describeMachine().cpu}, node ${process.version}`);
  if (opts.peakPerCore !== null)
    say(`  % of peak below uses --peak ${opts.peakPerCore} GFLOP/s per core, not the measured peak`);
  say(`native: ${native ? `isa ${info.isa} (${info.isaReason})` : 'unavailable'}`);

  const tfPeers: TfjsPeer[] = [];
  if (opts.tfjs) {
    for (const name of ['cpu', 'wasm'] as const) {
      const peer = await loadTfjs(name);
      if (typeof peer === 'string') skipped.push(`tfjs-${name}: ${peer}`);
      else tfPeers.push(peer);
    }
  } else skipped.push('tfjs: --no-tfjs');

  const python: PythonPeerOutput[] = [];
  if (opts.python) {
    for (const t of opts.threads) {
      const out = runPythonPeer(
        {
          sizes,
          mlpShapes,
          denseShapes,
          cases: [...opts.only],
          minTimeMs: timing.minTimeMs,
          repeats: timing.repeats,
          passes: opts.passes,
        },
        t,
      );
      if (typeof out === 'string') {
        skipped.push(`numpy/torch (${t} thread${t > 1 ? 's' : ''}): ${out}`);
        break;
      }
      python.push(out);
      for (const s of out.skipped) skipped.push(`python peer: ${s}`);
      for (const r of out.results) rows.push({ ...r, peer: r.peer === 'torch' ? 'pytorch' : 'numpy', threads: t });
    }
    if (python.length > 0) {
      const p = python[0];
      say(`python: ${p.python}; numpy ${p.numpy ?? '—'} (BLAS: ${JSON.stringify(p.numpyBlas ?? '—')})`);
      say(`pytorch ${p.torch ?? '—'}: ${(p.torchConfig ?? []).join('; ')}`);
    }
  } else skipped.push('numpy/torch: --no-python');

  const gemmShapes: [number, number, number][] = [
    ...sizes.map((s) => [s, s, s] as [number, number, number]),
    ...mlpShapes,
  ];

  for (const t of opts.threads) {
    if (native) setNumThreads(t);
    if (opts.only.has('gemm')) {
      for (const [m, n, k] of gemmShapes) {
        const a = new Float32Array(m * k).map(Math.random);
        const b = new Float32Array(k * n).map(Math.random);
        const c = new Float32Array(m * n);
        const flops = 2 * m * n * k;
        if (native) {
          const s = medianSeconds(() => native.gemm(false, false, m, n, k, 1, a, b, 0, c), timing);
          rows.push({ case: 'gemm', peer: 'native', threads: t, m, n, k, seconds: s, gflops: flops / s / 1e9 });
        }
        // Single-threaded peers: measured once, in the 1-thread pass, where they are small enough.
        if (t === 1 && m * n * k <= 512 ** 3) {
          const s = medianSeconds(() => ts.gemm(false, false, m, n, k, 1, a, b, 0, c), timing);
          rows.push({ case: 'gemm', peer: 'ts', threads: 1, m, n, k, seconds: s, gflops: flops / s / 1e9 });
        }
        for (const peer of tfPeers) {
          if (t !== 1 || m * n * k > (peer.backend === 'cpu' ? 256 ** 3 : 1024 ** 3)) continue;
          await useTfjs(peer);
          const s = tfjsGemmSeconds(peer, m, n, k, timing);
          rows.push({
            case: 'gemm',
            peer: `tfjs-${peer.backend}`,
            threads: 1,
            m,
            n,
            k,
            seconds: s,
            gflops: flops / s / 1e9,
          });
        }
      }
    }
    if (opts.only.has('dense')) {
      for (const [m, n, k] of denseShapes) {
        for (const [label, be] of [
          ['native', native],
          ['ts', t === 1 ? ts : null],
        ] as const) {
          if (!be) continue;
          const x = new Float32Array(m * k).map(Math.random);
          const w = new Float32Array(n * k).map(Math.random);
          const bias = new Float32Array(n);
          const y = new Float32Array(m * n);
          const dy = new Float32Array(m * n).fill(1);
          const dZ = new Float32Array(m * n);
          const dX = new Float32Array(m * k);
          const dW = new Float32Array(n * k);
          const db = new Float32Array(n);
          const s = medianSeconds(() => {
            be.denseForward(m, n, k, x, w, bias, Activation.relu, 0, y, null);
            be.denseBackward(m, n, k, x, w, null, y, dy, Activation.relu, 0, dZ, dX, dW, db, false);
          }, timing);
          rows.push({ case: 'dense', peer: label, threads: t, m, n, k, seconds: s, gflops: (6 * m * n * k) / s / 1e9 });
        }
      }
    }
    if (opts.only.has('mlp')) {
      for (const [label, be] of [
        ['native', native],
        ['ts', t === 1 ? ts : null],
      ] as const) {
        if (!be) continue;
        const { net, x, targets } = mlpNet(be);
        rows.push({ case: 'mlp', peer: label, threads: t, seconds: medianSeconds(() => net.step(x, targets), timing) });
      }
      if (t === 1) {
        for (const peer of tfPeers) {
          await useTfjs(peer);
          const small = { ...timing, repeats: peer.backend === 'cpu' ? 3 : timing.repeats, passes: 1 };
          rows.push({ case: 'mlp', peer: `tfjs-${peer.backend}`, threads: 1, seconds: tfjsMlpSeconds(peer, small) });
        }
      }
    }
    if (opts.only.has('xor')) {
      for (const [label, be] of [
        ['native', native],
        ['ts', t === 1 ? ts : null],
      ] as const) {
        if (!be) continue;
        const { net, x, targets } = xorNet(be);
        rows.push({ case: 'xor', peer: label, threads: t, seconds: medianSeconds(() => net.step(x, targets), timing) });
      }
      if (t === 1) {
        for (const peer of tfPeers) {
          await useTfjs(peer);
          rows.push({ case: 'xor', peer: `tfjs-${peer.backend}`, threads: 1, seconds: tfjsXorSeconds(peer, timing) });
        }
      }
    }
  }
  if (native) setNumThreads(os.availableParallelism?.() ?? os.cpus().length);

  const machine = bestOf(machineBefore, measureMachine(opts.threads));
  say(`\n${formatMachine(machine)}`);
  report(rows, opts, machine, say);
  for (const s of skipped) say(`skipped: ${s}`);

  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        node: process.version,
        native: native ? { isa: info.isa, isaReason: info.isaReason } : null,
        peakPerCoreGflopsGiven: opts.peakPerCore,
        tfjs: tfPeers.map((p) => ({ backend: p.backend, version: p.version })),
        python: python.map(({ results: _r, ...rest }) => rest),
        options: { quick: opts.quick, only: [...opts.only], threads: opts.threads, passes: opts.passes },
        rows,
        skipped,
      },
      null,
      2,
    )}\n`,
  );
  say(`\nwrote ${path.relative(process.cwd(), file)}`);
}

function report(rows: Row[], opts: Options, machine: MachineMeasurement, say: (s: string) => void): void {
  const peakFor = (t: number) => (opts.peakPerCore !== null ? opts.peakPerCore * t : peakAt(machine, t));
  const find = (c: string, peer: string, t: number, m?: number, n?: number, k?: number) =>
    rows.find((r) => r.case === c && r.peer === peer && r.threads === t && r.m === m && r.n === n && r.k === k);
  const gemmPeers = ['native', 'numpy', 'pytorch', 'ts', 'tfjs-wasm', 'tfjs-cpu'];
  const shapes = [...new Set(rows.filter((r) => r.case === 'gemm').map((r) => `${r.m},${r.n},${r.k}`))];
  for (const t of opts.threads) {
    if (shapes.length === 0) break;
    const body = shapes.map((key) => {
      const [m, n, k] = key.split(',').map(Number);
      const cells = gemmPeers.map((p) => {
        const r = find('gemm', p, p === 'native' || p === 'numpy' || p === 'pytorch' ? t : 1, m, n, k);
        return r?.gflops !== undefined ? r.gflops.toFixed(1) : '—';
      });
      const nat = find('gemm', 'native', t, m, n, k);
      const np = find('gemm', 'numpy', t, m, n, k);
      const peakGflops = peakFor(t);
      const peak = nat?.gflops !== undefined && peakGflops ? `${((100 * nat.gflops) / peakGflops).toFixed(0)}%` : '—';
      const ratio = nat && np ? `${(np.seconds / nat.seconds).toFixed(2)}×` : '—';
      return [m === n && n === k ? `${m}³` : `${m}×${n}×${k}`, ...cells, peak, ratio];
    });
    const peakNote = peakFor(t)
      ? `, % of ${peakFor(t)!.toFixed(0)} GFLOP/s peak at ${t} thread${t > 1 ? 's' : ''}`
      : '';
    say(`\nsgemm GFLOP/s, ${t} thread${t > 1 ? 's' : ''} (ts and tfjs: 1 thread)${peakNote} — ${machine.cpu}`);
    say(table(['m×n×k', ...gemmPeers, '% peak', 'vs numpy'], body));
  }
  const stepTable = (c: string, title: string) => {
    const peers = [...new Set(rows.filter((r) => r.case === c).map((r) => `${r.peer}@${r.threads}`))];
    if (peers.length === 0) return;
    const native1 = rows.find((r) => r.case === c && r.peer === 'native' && r.threads === 1);
    const body = peers.map((key) => {
      const [peer, t] = key.split('@');
      const r = rows.find((x) => x.case === c && x.peer === peer && x.threads === Number(t) && x.m === undefined)!;
      return [peer, t, formatSeconds(r.seconds), native1 ? `${(r.seconds / native1.seconds).toFixed(2)}×` : '—'];
    });
    say(`\n${title}`);
    say(table(['peer', 'threads', 'per step', 'time / native@1'], body));
  };
  const dense = rows.filter((r) => r.case === 'dense');
  if (dense.length > 0) {
    say('\ndense forward+backward (ReLU), GFLOP/s (6mnk per step)');
    say(
      table(
        ['shape', 'peer', 'threads', 'time', 'GFLOP/s'],
        dense.map((r) => [
          `${r.m}×${r.n}×${r.k}`,
          r.peer,
          String(r.threads),
          formatSeconds(r.seconds),
          r.gflops !== undefined ? r.gflops.toFixed(1) : `${((6 * r.m! * r.n! * r.k!) / r.seconds / 1e9).toFixed(1)}`,
        ]),
      ),
    );
  }
  stepTable('mlp', 'MLP 784-256-256-10, batch 128, one SGD step');
  stepTable('xor', 'XOR 2-8-1, batch 4, one SGD step');
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
