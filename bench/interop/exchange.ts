// PyTorch ⇄ chainrule through safetensors: `node --import tsx bench/interop/exchange.ts`.
// Runs when /usr/bin/python3 has torch and safetensors, else prints "skipped: …" and exits 0.
// torch → chainrule: a torch MLP's state_dict loads with loadModelFiles and predicts the same
// outputs; chainrule → torch: a saveModelFiles directory loads into nn.Sequential (strict).
// Outputs are compared through the standalone predict() (lib/io has no engine); gradients
// (batch.json "grads") are TODO until lib/nn's Sequential + backward land.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import {
  loadModelFiles,
  type ModelDescription,
  type NamedTensors,
  saveModelFiles,
  toFunctionSource,
} from '../../lib/io/index.js';

const python = '/usr/bin/python3';
const script = path.join(__dirname, 'torch_safetensors.py');
const tolerance = 1e-5;

function py(...args: string[]): string {
  const r = spawnSync(python, [script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function predictor(description: ModelDescription, tensors: NamedTensors): (x: number[], batch: number) => Float32Array {
  const sandbox: Record<string, unknown> = {};
  vm.runInNewContext(toFunctionSource(description, tensors), sandbox);
  return sandbox.predict as (x: number[], batch: number) => Float32Array;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return a.length === b.length ? m : Number.POSITIVE_INFINITY;
}

function main(): number {
  if (!fs.existsSync(python)) {
    console.log(`skipped: ${python} not found`);
    return 0;
  }
  const probe = py('probe');
  if (probe !== 'ok') {
    console.log(probe); // "skipped: No module named 'torch'"
    return 0;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-interop-'));
  try {
    // torch → chainrule
    const fromTorch = path.join(tmp, 'from-torch');
    fs.mkdirSync(fromTorch);
    py('export', fromTorch);
    const batch = JSON.parse(fs.readFileSync(path.join(fromTorch, 'batch.json'), 'utf8'));
    const loaded = loadModelFiles(fromTorch);
    const forward = maxAbsDiff(predictor(loaded.description, loaded.tensors)(batch.input, batch.batch), batch.output);
    console.log(`torch → chainrule: outputs max |Δ| = ${forward.toExponential(2)}`);
    console.log('torch → chainrule: gradients: TODO (needs lib/nn Sequential + backward; batch.json has torch grads)');

    // chainrule → torch: same architecture, new weights, chainrule's outputs checked in torch
    const toTorch = path.join(tmp, 'to-torch');
    const tensors: NamedTensors = {};
    for (const [name, t] of Object.entries(loaded.tensors))
      tensors[name] = { shape: t.shape, data: t.data.map((v, i) => v * 0.5 + Math.sin(i) * 0.1) };
    const description: ModelDescription = loaded.description;
    saveModelFiles(toTorch, description, tensors);
    const output = Array.from(predictor(description, tensors)(batch.input, batch.batch));
    fs.writeFileSync(
      path.join(toTorch, 'batch.json'),
      JSON.stringify({ batch: batch.batch, input: batch.input, output }),
    );
    const backward = JSON.parse(py('check', toTorch)).maxAbsDiff as number;
    console.log(`chainrule → torch: outputs max |Δ| = ${backward.toExponential(2)}`);
    const ok = forward <= tolerance && backward <= tolerance;
    console.log(ok ? `ok (≤ ${tolerance})` : `FAILED: a difference exceeds ${tolerance}`);
    return ok ? 0 : 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = main();
