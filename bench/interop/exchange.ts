// PyTorch ⇄ chainrule through safetensors: `npm run bench:interop` (or
// `node --import tsx bench/interop/exchange.ts`).
//
//   torch → chainrule   torch writes an nn.Sequential MLP's state_dict (safetensors.torch's
//                       save_file) beside a hand-written model.json; lib/io load() reads the
//                       pair, and chainrule's outputs, loss and gradients (w.r.t. input and
//                       every weight) on torch's batch are compared with torch's.
//   chainrule → torch   lib/io save() writes a chainrule model; torch loads model.safetensors
//                       into the equivalent nn.Sequential (load_state_dict, strict) and
//                       compares its outputs, loss and gradients with chainrule's. Once with
//                       activations as layers (names identical to torch's), once with
//                       activations fused into Dense (torch's indices shift: keys renamed).
// Prints a table of max |Δ| with PASS/FAIL against 1e-5; exit 1 on any FAIL, and
// `skipped: <reason>` with exit 0 when no python with torch is at hand.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backendInfo } from '../../lib/index.js';
import { type NamedTensors, readSafetensors } from '../../lib/io/index.js';
import { load } from '../../lib/io/model.js';
import { Tensor } from '../../lib/tensor.js';
import type { Sequential } from '../../lib/nn/index.js';
import { exchangeModel, forwardBackward, fusedExchangeModel, writeChainruleExport } from './fixtures.js';
import { maxAbsDiff, probePython, runPython, table } from './python.js';

const tolerance = 1e-5;

function maxAbs(data: Float32Array): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}

/**
 * Rows of the table: output, loss, ∂L/∂x, then the worst weight and the worst bias gradient,
 * each with the size of the values compared (max |value|), so 1e-5 is seen against its scale.
 */
function summarise(direction: string, diffs: Record<string, number>, values: NamedTensors): string[][] {
  const worst = (pick: (k: string) => boolean) => {
    const keys = Object.keys(diffs).filter(pick);
    if (keys.length === 0) return { value: Number.POSITIVE_INFINITY, n: 0, scale: 0 };
    let value = 0;
    let scale = 0;
    for (const k of keys) {
      if (!(diffs[k] <= value)) value = diffs[k];
      if (values[k]) scale = Math.max(scale, maxAbs(values[k].data));
    }
    return { value, n: keys.length, scale };
  };
  const quantities: [string, { value: number; n: number; scale: number }][] = [
    ['outputs', worst((k) => k === 'output')],
    ['loss (cross entropy)', worst((k) => k === 'loss')],
    ['∂L/∂x', worst((k) => k === 'grad.x')],
    ['∂L/∂weight', worst((k) => k.endsWith('.weight'))],
    ['∂L/∂bias', worst((k) => k.endsWith('.bias'))],
  ];
  return quantities.map(([what, { value, n, scale }]) => [
    direction,
    n > 1 ? `${what} (${n} tensors)` : what,
    scale.toExponential(2),
    value.toExponential(2),
    value <= tolerance ? 'PASS' : 'FAIL',
  ]);
}

/** torch → chainrule: lib/io load() of torch's files, then forward and backward on torch's batch. */
function fromTorch(python: string, dir: string): string[][] {
  runPython(python, 'torch_exchange.py', ['export', dir]);
  const model = load(dir);
  const torch = readSafetensors(path.join(dir, 'batch.safetensors')).tensors;
  const asTensor = (t: NamedTensors[string]) => new Tensor(t.data.slice(), t.shape.slice());
  const ours = forwardBackward(model, asTensor(torch.x), asTensor(torch.labels));
  const diffs: Record<string, number> = {};
  for (const [name, t] of Object.entries(torch)) {
    if (name === 'x' || name === 'labels') continue;
    const mine = ours[name];
    const sameShape = mine !== undefined && mine.shape.join() === t.shape.join();
    diffs[name] = sameShape ? maxAbsDiff(mine.data, t.data) : Number.POSITIVE_INFINITY;
  }
  // every tensor chainrule has must have been checked against one of torch's
  for (const name of Object.keys(ours)) if (!(name in torch)) diffs[name] = Number.POSITIVE_INFINITY;
  return summarise('torch → chainrule', diffs, torch);
}

/** chainrule → torch: lib/io save(), then torch_exchange.py check compares torch's run with ours. */
function toTorch(python: string, dir: string, model: Sequential, label: string): string[][] {
  const ours = writeChainruleExport(dir, model);
  const report = JSON.parse(runPython(python, 'torch_exchange.py', ['check', dir]).trim().split('\n').pop()!) as {
    diffs: Record<string, number | null>;
    renamed: Record<string, string>;
  };
  const diffs: Record<string, number> = {};
  for (const [k, v] of Object.entries(report.diffs)) diffs[k] = v ?? Number.POSITIVE_INFINITY;
  const renamed = Object.entries(report.renamed);
  const note = renamed.length === 0 ? 'same names' : `${renamed.length} keys renamed`;
  return summarise(`chainrule → torch, ${label}, ${note}`, diffs, ours);
}

function main(): number {
  const probe = probePython();
  if (!probe.ok) {
    console.log(`skipped: ${probe.reason}`);
    return 0;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-exchange-'));
  try {
    const dirs = ['from-torch', 'to-torch', 'to-torch-fused'].map((d) => path.join(tmp, d));
    for (const d of dirs) fs.mkdirSync(d);
    console.log(
      `exchange: MLP 6-16-12-8-3 through safetensors, chainrule backend ${backendInfo().backend}; ` +
        `peer ${probe.python}: ${probe.versions}`,
    );
    const rows = [
      ['direction', 'quantity', 'max|value|', 'max|Δ|', 'result'],
      ...fromTorch(probe.python, dirs[0]),
      ...toTorch(probe.python, dirs[1], exchangeModel(), 'activation layers'),
      ...toTorch(probe.python, dirs[2], fusedExchangeModel(), 'fused activations'),
    ];
    console.log(table(rows));
    const failed = rows.slice(1).filter((r) => r[4] !== 'PASS').length;
    console.log(
      failed === 0
        ? `all ${rows.length - 1} comparisons within 1e-5`
        : `FAILED: ${failed} of ${rows.length - 1} comparisons exceed 1e-5`,
    );
    return failed === 0 ? 0 : 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = main();
