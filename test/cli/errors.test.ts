// Bad input to the CLI: one line on stderr that names the command, what was expected and
// what came; exit code 1; no stack trace. Runs the built CLI (npm test builds dist/ first).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const main = path.join(root, 'dist', 'cli', 'main.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [main, ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
}

function csv(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

// [args, the pieces the one-line error must contain]
const cases: [string[], string[]][] = [
  [
    ['train', '--dataset', 'foo'],
    ['chainrule train:', "'foo'", 'spirals, xor, iris'],
  ],
  [
    ['train', '--csv', 'missing.csv'],
    ['chainrule train:', 'missing.csv', 'ENOENT'],
  ],
  [
    ['train', '--layers', '64,x'],
    ['chainrule train:', '--layers', 'positive integers', "'64,x'"],
  ],
  [
    ['train', '--epochs', '0'],
    ['chainrule train:', '--epochs', '≥ 1', "'0'"],
  ],
  [
    ['train', '--lr', '-1'],
    ['chainrule train:', '--lr', '> 0', "'-1'"],
  ],
  [
    ['train', '--activation', 'foo'],
    ['chainrule train:', '--activation', "'foo'", 'relu'],
  ],
  [
    ['train', '--optimizer', 'foo'],
    ['chainrule train:', '--optimizer', "'foo'", 'adam'],
  ],
  [
    ['train', '--verbose', '5'],
    ['chainrule train:', '--verbose', '0, 1 or 2', "'5'"],
  ],
  [
    ['train', '--dataset', 'iris', '--csv', 'x.csv'],
    ['chainrule train:', 'one data source'],
  ],
  [
    ['train', '--dataset', 'xor', '--samples', '10'],
    ['chainrule train:', '--samples', 'spirals'],
  ],
  [
    ['train', '--bogus'],
    ['chainrule train:', "unknown option '--bogus'"],
  ],
  [
    ['graph', 'foo'],
    ['chainrule graph:', "'foo'", 'lecture, neuron, neuron-expanded, max, chain, mlp'],
  ],
  [
    ['graph', 'toString'],
    ['chainrule graph:', "'toString'", 'lecture'],
  ],
  [
    ['explain', 'foo'],
    ['chainrule explain:', "'foo'", 'lecture'],
  ],
  [
    ['vanishing', '--activation', 'foo'],
    ['chainrule vanishing:', "'foo'", 'sigmoid, tanh, relu'],
  ],
  [
    ['vanishing', '--depth', 'x'],
    ['chainrule vanishing:', '--depth', "'x'"],
  ],
  [
    ['bench', '--only', 'foo'],
    ['chainrule bench:', '--only', 'gemm, dense, mlp, xor', "'foo'"],
  ],
  [
    ['bench', '--threads', '0'],
    ['chainrule bench:', '--threads', "'0'"],
  ],
  [
    ['bench', '--foo'],
    ['chainrule bench:', "'--foo'"],
  ],
  [
    ['info', '--bogus'],
    ['chainrule info:', "'--bogus'"],
  ],
  [['nope'], ['chainrule:', "unknown command 'nope'"]],
];

describe('chainrule CLI errors', () => {
  it.each(cases)('%j', (args, pieces) => {
    // train would save into the cwd if an error did not stop it first: point --out at tmp.
    const extra = args[0] === 'train' ? ['--out', path.join(tmp, 'model')] : [];
    expectOneLineError(cli(...args, ...extra), pieces);
  });

  it('a CSV with a broken row names the file and the line', () => {
    const file = csv('broken.csv', 'a,b,label\n1,2,x\n3,4\n5,6,y\n');
    expectOneLineError(cli('train', '--csv', file, '--epochs', '1'), [
      'chainrule train:',
      'broken.csv',
      'line 3',
      'expected 3 fields, got 2',
    ]);
  });

  it('a CSV with a non-numeric feature names the line and column', () => {
    const file = csv('nan.csv', 'a,b,label\n1,2,x\n3,abc,y\n5,6,y\n');
    expectOneLineError(cli('train', '--csv', file, '--epochs', '1'), ['chainrule train:', 'line 3', "'b'", "'abc'"]);
  });

  it('a bad CHAINRULE_BACKEND is one line, the prefix not doubled', () => {
    const r = spawnSync(process.execPath, [main, 'info'], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, CHAINRULE_BACKEND: 'foo' },
    });
    expectOneLineError(r, ["chainrule info: CHAINRULE_BACKEND must be 'native' or 'ts', got 'foo'"]);
  });

  it('an output file that cannot be written names the file', () => {
    const r = cli('graph', 'lecture', '-o', path.join(tmp, 'no', 'such', 'dir', 'g.svg'));
    expectOneLineError(r, ['chainrule graph:', 'cannot write', 'g.svg', 'ENOENT']);
  });
});

function expectOneLineError(r: ReturnType<typeof cli>, pieces: string[]) {
  expect(r.status, r.stderr).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  for (const p of pieces) expect(lines[0]).toContain(p);
}
