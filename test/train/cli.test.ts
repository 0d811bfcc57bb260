import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runTrain, type TrainCliOptions } from '../../lib/cli/train.js';
import { load } from '../../lib/io/model.js';
import { twoSpirals } from '../../lib/data/datasets.js';
import { predict } from '../../lib/train/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const root = path.resolve(__dirname, '../..');

const defaults: TrainCliOptions = {
  dataset: 'spirals',
  samples: 1000,
  layers: [64, 64],
  activation: 'relu',
  init: 'auto',
  optimizer: 'adam',
  lr: 0.01,
  batchSize: 32,
  mode: 'minibatch',
  epochs: 50,
  validationSplit: 0.2,
  seed: 0,
  out: '',
  normalize: 'standardize',
  verbose: 0,
};

function capture() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c) => (text += c));
  return { out, text: () => text };
}

describe('chainrule train', () => {
  it('the default run (two spirals, 2-64-64-2, adam) reaches > 95% validation accuracy and saves a loadable model', async () => {
    const out = path.join(tmp, 'spirals');
    const { out: stream, text } = capture();
    const result = await runTrain({ ...defaults, out }, stream);
    expect(result.valAccuracy).toBeGreaterThan(0.95);
    expect(text()).toMatch(/data: +spirals — 1000 samples, 2 features, 2 classes/);
    expect(text()).toMatch(/validation: loss \d\.\d{4} {2}accuracy \d\.\d{4}/);
    const model = load(out);
    expect(model.normalizer?.toJSON().type).toBe('standardize');
    // the saved model (with its normalizer) classifies the raw points as well as training left it
    const ds = twoSpirals({ samples: 1000, seed: 0 });
    const pred = predict(model, ds.x);
    let correct = 0;
    for (let i = 0; i < 1000; i++) if ((pred.data[2 * i + 1] > pred.data[2 * i] ? 1 : 0) === ds.y.data[i]) correct++;
    expect(correct / 1000).toBeGreaterThan(0.95);
  });

  it('trains on a CSV file with a named label column (regression: mse, mae)', async () => {
    const file = path.join(tmp, 'data.csv');
    const lines = ['a,b,price'];
    for (let i = 0; i < 60; i++) lines.push(`${i % 7},${(i * 3) % 11},${2 * (i % 7) - ((i * 3) % 11) + 1}`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const out = path.join(tmp, 'csv-model');
    const { out: stream, text } = capture();
    const result = await runTrain({ ...defaults, csv: file, label: 'price', layers: [8], epochs: 5, out }, stream);
    expect(text()).toMatch(/60 samples, 2 features, 1 target/);
    expect(result.mae).toBeGreaterThan(0);
    expect(load(out).layers).toHaveLength(2);
  });

  it('runs as a command: flags parsed, progress lines printed, model saved', () => {
    const out = path.join(tmp, 'cmd');
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'lib/cli/main.ts',
        'train',
        '--dataset',
        'iris',
        '--epochs',
        '3',
        '--layers',
        '8',
        '--lr',
        '0.05',
        '--out',
        out,
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^data: +iris — 150 samples, 4 features, 3 classes$/m);
    expect(r.stdout.match(/^epoch \d\/3 /gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/^train: +loss/m);
    expect(load(out).layers.map((l) => l.label())).toEqual(['Dense(4→8, relu)', 'Dense(8→3)']);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'train', '--batch-size', '0'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--batch-size must be an integer ≥ 1, got '0'/);
  });
});
