// The user path through the CLI: train on a CSV with string labels → predict new rows (columns
// in another order, by name) → evaluate on a test file that lacks one class, whose labels must
// keep the model's class indices. Plus JSON lines on stdin, --out, --version and bad input.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-cli-predict-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const file = (name: string) => path.join(tmp, name);
const names = ['setosa', 'versicolor', 'virginica'];

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 60_000, input });
}

/** Three well-separated clusters: class c sits near (2c, −c). */
function rows(n: number, keep: (c: number) => boolean): string {
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const a = (c * 2 + 0.6 * rnd()).toFixed(3);
    const b = (-c + 0.6 * rnd()).toFixed(3);
    if (keep(c)) out.push(`${a},${b},${names[c]}`);
  }
  return `x1,x2,species\n${out.join('\n')}\n`;
}

beforeAll(() => {
  fs.writeFileSync(
    file('train.csv'),
    rows(300, () => true),
  );
  fs.writeFileSync(
    file('test.csv'),
    rows(60, (c) => c !== 1),
  );
  fs.writeFileSync(file('new.csv'), 'x2,x1,extra\n0.3,0.2,9\n-1.8,4.3,9\n-0.8,2.2,9\n');
  const r = cli(['train', '--csv', file('train.csv'), '--epochs', '30', '--verbose', '0', '--out', file('model')]);
  expect(r.status, r.stderr).toBe(0);
});

describe('chainrule predict', () => {
  it('names the classes, picking the feature columns by name', () => {
    const r = cli(['predict', '--model', file('model'), '--csv', file('new.csv')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['prediction', 'setosa', 'virginica', 'versicolor']);
  });

  it('--proba adds one probability per class, each row summing to 1; --out writes the file', () => {
    const out = file('pred.csv');
    const r = cli(['predict', '--model', file('model'), '--csv', file('new.csv'), '--proba', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const [header, ...lines] = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toBe('prediction,p_setosa,p_versicolor,p_virginica');
    for (const line of lines) {
      const p = line.split(',').slice(1).map(Number);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('JSON lines on stdin: arrays of values or objects of named features', () => {
    const r = cli(['predict', '--model', file('model'), '--format', 'jsonl'], '[0.2, 0.3]\n{"x1": 4.3, "x2": -1.8}\n');
    expect(r.status, r.stderr).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).prediction),
    ).toEqual(['setosa', 'virginica']);
  });

  it('bad input: one line naming the command', () => {
    const r = cli(['predict', '--model', file('model')], '[0.2]\n[1, 2]\n');
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/^chainrule predict: row 2 has 2 features, the first had 1$/);
    const r2 = cli(['predict', '--model', file('model')], '{"x1": 1}\n');
    expect(r2.stderr).toMatch(/stdin line 1: expected feature 'x2' to be a number, got undefined/);
    const r3 = cli(['predict', '--model', file('nothing')]);
    expect(r3.status).not.toBe(0);
    expect(r3.stderr).toMatch(/^chainrule predict: /);
  });
});

describe('chainrule evaluate', () => {
  it('a test file without one class keeps the model’s class indices (accuracy 1, not 0)', () => {
    const r = cli(['evaluate', '--model', file('model'), '--csv', file('test.csv'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.task).toBe('classification');
    expect(result.rows).toBe(40);
    expect(result.metrics.accuracy).toBe(1);
    expect(result.metrics.f1Macro).toBe(1);
    expect(result.confusion.classes).toEqual(names);
    expect(result.confusion.counts).toEqual([
      [20, 0, 0],
      [0, 0, 0],
      [0, 0, 20],
    ]);
  });

  it('prints the metrics and the confusion matrix under the class names', () => {
    const r = cli(['evaluate', '--model', file('model'), '--csv', file('test.csv')]);
    expect(r.stdout).toMatch(/accuracy\s+1\.0000/);
    expect(r.stdout).toMatch(/confusion matrix \(rows: true class, columns: predicted\)/);
    expect(r.stdout).toMatch(/virginica\s+0\s+0\s+20/);
  });

  it('a class the model never saw is an error listing the difference', () => {
    fs.writeFileSync(file('bad.csv'), 'x1,x2,species\n1,2,rose\n3,4,setosa\n');
    const r = cli(['evaluate', '--model', file('model'), '--csv', file('bad.csv')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(
      /has label 'rose' that the model was not trained on \(its classes: setosa, versicolor, virginica\)/,
    );
  });

  it('regression models report MAE, MSE, RMSE and R²', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `${i / 80},${(2 * i) / 80 + 1}`);
    fs.writeFileSync(file('reg.csv'), `u,target\n${lines.join('\n')}\n`);
    expect(
      cli(['train', '--csv', file('reg.csv'), '--epochs', '40', '--verbose', '0', '--out', file('reg')]).status,
    ).toBe(0);
    const r = cli(['evaluate', '--model', file('reg'), '--csv', file('reg.csv'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.task).toBe('regression');
    expect(Object.keys(result.metrics)).toEqual(['mae', 'mse', 'rmse', 'r2']);
    expect(result.metrics.rmse).toBeCloseTo(Math.sqrt(result.metrics.mse), 10);
    expect(result.metrics.r2).toBeGreaterThan(0.9);
  });
});

it('chainrule --version prints the package version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
  expect(cli(['--version']).stdout.trim()).toBe(pkg.version);
});
