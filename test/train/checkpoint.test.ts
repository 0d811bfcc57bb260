import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, restoreCheckpoint, saveCheckpoint } from '../../lib/io/checkpoint.js';
import { Dense, Sequential } from '../../lib/nn/index.js';
import { adam } from '../../lib/optim/index.js';
import { getRngState, manualSeed, random } from '../../lib/random.js';
import { resumeRun } from './resume-run.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-ckpt-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const root = path.resolve(__dirname, '../..');

describe('checkpoints', () => {
  it('4 epochs straight = 2 epochs, checkpoint, and 2 more in a new process: identical weights and history', () => {
    const straight = resumeRun({ epochs: 4 });
    const dir = path.join(tmp, 'run');
    const firstHalf = resumeRun({ epochs: 2, checkpoint: { dir } });
    expect(firstHalf.weights).not.toEqual(straight.weights);
    expect(loadCheckpoint(dir).epoch).toBe(2);
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/train/resume-run.ts', dir], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(child.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(child.status).toBe(0);
    const resumed = JSON.parse(child.stdout);
    expect(resumed.weights).toEqual(straight.weights); // bit for bit: the float32 bytes
    expect(resumed.history.epoch).toEqual([0, 1, 2, 3]);
    expect(resumed.history.history).toEqual(straight.history.history);
  });

  it('restores optimizer moments and the RNG; a tampered weights file is a clear error', () => {
    manualSeed(1);
    const model = new Sequential(new Dense(3, 2));
    const opt = adam({ lr: 0.1 }).bind(model.parameters());
    for (const p of model.parameters()) p.grad = { data: p.data.map((v) => v + 1) } as never;
    opt.step();
    const dir = path.join(tmp, 'manual');
    saveCheckpoint(dir, { model, optimizer: opt, epoch: 5, rng: getRngState() });
    const next = random();
    const other = new Sequential(new Dense(3, 2));
    const otherOpt = adam({ lr: 0.1 }).bind(other.parameters());
    const ckpt = restoreCheckpoint(dir, { model: other, optimizer: otherOpt });
    expect(ckpt.epoch).toBe(5);
    expect(other.stateDict()).toEqual(model.stateDict());
    expect(otherOpt.stateDict()).toEqual(opt.stateDict());
    expect(random()).toBe(next);
    const weights = path.join(dir, 'model', 'model.safetensors');
    const bytes = fs.readFileSync(weights);
    bytes[bytes.length - 1] ^= 1;
    fs.writeFileSync(weights, bytes);
    expect(() => loadCheckpoint(dir)).toThrow(
      /loadCheckpoint: .*model\.safetensors: sha256 [0-9a-f]+ does not match checkpoint\.json's/,
    );
    expect(() => loadCheckpoint(path.join(tmp, 'nowhere'))).toThrow(/loadCheckpoint: .*checkpoint\.json: no such file/);
  });
});
