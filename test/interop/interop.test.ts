// bench/interop without Python: the files handed to torch carry the names, shapes and values
// torch expects, and the scripts step aside with one `skipped:` line when the peer is missing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  exchangeModel,
  fusedExchangeModel,
  trajectoryCases,
  writeChainruleExport,
  writeTrajectoryInputs,
} from '../../bench/interop/fixtures.js';
import { readSafetensors } from '../../lib/io/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-interop-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const shapesOf = (file: string) =>
  Object.fromEntries(Object.entries(readSafetensors(file).tensors).map(([name, t]) => [name, t.shape]));

/** The raw JSON header of a safetensors file (what safetensors.torch.load_file parses). */
function header(file: string): Record<string, unknown> {
  const buf = fs.readFileSync(file);
  const n = Number(buf.readBigUInt64LE(0));
  return JSON.parse(buf.subarray(8, 8 + n).toString('utf8'));
}

describe('trajectory inputs', () => {
  it('init.safetensors is the MLP state_dict ([out, in] weights, layer order) and batches are shaped per step', () => {
    const dir = path.join(tmp, 'trajectories');
    const { config } = writeTrajectoryInputs(dir, 3, 5);
    const init = path.join(dir, 'init.safetensors');
    expect(Object.keys(header(init)).filter((k) => k !== '__metadata__')).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '2.weight',
      '2.bias',
    ]);
    expect(shapesOf(init)).toEqual({
      '0.weight': [32, 20],
      '0.bias': [32],
      '1.weight': [16, 32],
      '1.bias': [16],
      '2.weight': [4, 16],
      '2.bias': [4],
    });
    for (const entry of Object.values(header(init)).filter((v) => (v as { dtype?: string }).dtype !== undefined))
      expect((entry as { dtype: string }).dtype).toBe('F32');
    const batches = readSafetensors(path.join(dir, 'batches.safetensors')).tensors;
    expect(shapesOf(path.join(dir, 'batches.safetensors'))).toEqual({
      x: [3, 5, 20],
      labels: [3, 5],
      targets: [3, 5, 4],
    });
    // class labels travel as float32 and must be exact integers in [0, classes) (torch casts them with .long())
    for (const v of batches.labels.data) expect(Number.isInteger(v) && v >= 0 && v < 4).toBe(true);
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(config)));
    expect(written.description.layers.map((l: { activation: string }) => l.activation)).toEqual([
      'tanh',
      'relu',
      'identity',
    ]);
    expect(written.cases.map((c: { optimizer: string }) => c.optimizer).sort()).toEqual(
      trajectoryCases.map((c) => c.optimizer).sort(),
    );
  });

  it('the same seed hands torch the same bytes; another seed does not', () => {
    const read = (d: string) => fs.readFileSync(path.join(d, 'init.safetensors'));
    const [a, b, c] = ['seed-a', 'seed-b', 'seed-c'].map((d) => path.join(tmp, d));
    writeTrajectoryInputs(a, 2, 3, 7);
    writeTrajectoryInputs(b, 2, 3, 7);
    writeTrajectoryInputs(c, 2, 3, 8);
    expect(read(a).equals(read(b))).toBe(true);
    expect(read(a).equals(read(c))).toBe(false);
  });
});

describe('chainrule → torch export', () => {
  it("model.safetensors has nn.Sequential(Linear, Tanh, Linear, GELU, Linear, Sigmoid, Linear)'s state_dict keys", () => {
    const dir = path.join(tmp, 'export');
    const batch = writeChainruleExport(dir, exchangeModel());
    expect(shapesOf(path.join(dir, 'model.safetensors'))).toEqual({
      '0.weight': [16, 6],
      '0.bias': [16],
      '2.weight': [12, 16],
      '2.bias': [12],
      '4.weight': [8, 12],
      '4.bias': [8],
      '6.weight': [3, 8],
      '6.bias': [3],
    });
    expect((header(path.join(dir, 'model.safetensors')).__metadata__ as Record<string, string>).format).toBe('pt');
    const description = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(description.layers.map((l: { type: string; activation: string }) => `${l.type}:${l.activation}`)).toEqual([
      'dense:identity',
      'activation:tanh',
      'dense:identity',
      'activation:gelu',
      'dense:identity',
      'activation:sigmoid',
      'dense:identity',
    ]);
    // batch.safetensors: what torch_exchange.py check compares against, one gradient per parameter
    const names = ['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias', '6.weight', '6.bias'];
    expect(Object.keys(batch).sort()).toEqual(
      ['x', 'labels', 'output', 'loss', 'grad.x', ...names.map((n) => `grad.${n}`)].sort(),
    );
    expect(shapesOf(path.join(dir, 'batch.safetensors'))['grad.2.weight']).toEqual([12, 16]);
    // the last bias gradient of mean cross entropy is mean over rows of softmax(output) − onehot(label)
    const rows = batch.output.shape[0];
    const expected = new Float64Array(3);
    for (let r = 0; r < rows; r++) {
      const o = Array.from(batch.output.data.subarray(r * 3, r * 3 + 3));
      const m = Math.max(...o);
      const e = o.map((v) => Math.exp(v - m));
      const s = e.reduce((a, v) => a + v, 0);
      for (let c = 0; c < 3; c++) expected[c] += (e[c] / s - (batch.labels.data[r] === c ? 1 : 0)) / rows;
    }
    const got = readSafetensors(path.join(dir, 'batch.safetensors')).tensors['grad.6.bias'].data;
    for (let c = 0; c < 3; c++) expect(got[c]).toBeCloseTo(expected[c], 6);
  });

  it('a model with fused activations keeps one weight/bias pair per Dense (torch renames by the description)', () => {
    const dir = path.join(tmp, 'export-fused');
    writeChainruleExport(dir, fusedExchangeModel());
    expect(Object.keys(shapesOf(path.join(dir, 'model.safetensors')))).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '2.weight',
      '2.bias',
      '3.weight',
      '3.bias',
    ]);
  });
});

describe('without a PyTorch peer', () => {
  const root = path.resolve(__dirname, '../..');
  const run = (script: string, python: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/interop', script)], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CHAINRULE_BENCH_PYTHON: python },
      timeout: 60_000,
    });

  it.each(['trajectories.ts', 'exchange.ts'])(
    '%s prints one skipped: line and exits 0 for a missing interpreter',
    (script) => {
      const missing = path.join(tmp, 'no-such-python');
      const r = run(script, missing);
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(`skipped: python interpreter ${missing} not found`);
    },
  );

  it('trajectories.ts skips for a python that cannot import torch', () => {
    // python3 -S skips site-packages, so torch is never importable, whatever is installed
    const wrapper = path.join(tmp, 'python-without-torch');
    fs.writeFileSync(wrapper, '#!/bin/sh\nexec python3 -S "$@"\n', { mode: 0o755 });
    const r = run('trajectories.ts', wrapper);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^skipped: .*torch/);
  });
});
