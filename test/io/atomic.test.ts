import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AtomicFs, writeFileAtomic } from '../../lib/io/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-atomic-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let count = 0;
const freshDir = () => {
  const dir = path.join(tmp, `d${++count}`);
  fs.mkdirSync(dir);
  return dir;
};

/** The real fs, except that `fault` runs before the named call (and may throw). */
function faultyFs(call: keyof AtomicFs, fault: (n: number) => void): AtomicFs {
  let n = 0;
  const wrap =
    <F extends (...args: never[]) => unknown>(name: keyof AtomicFs, f: F) =>
    (...args: Parameters<F>) => {
      if (name === call) fault(n++);
      return f(...args);
    };
  return {
    openSync: wrap('openSync', fs.openSync),
    writeSync: wrap('writeSync', fs.writeSync as (fd: number, b: Uint8Array, o: number, l: number) => number),
    fsyncSync: wrap('fsyncSync', fs.fsyncSync),
    closeSync: wrap('closeSync', fs.closeSync),
    renameSync: wrap('renameSync', fs.renameSync),
    unlinkSync: wrap('unlinkSync', fs.unlinkSync),
  } as AtomicFs;
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('writeFileAtomic', () => {
  it('writes all chunks in order and leaves only the target', () => {
    const dir = freshDir();
    const target = path.join(dir, 'out.bin');
    writeFileAtomic(target, [Buffer.from('head'), new Uint8Array(0), Buffer.from('-tail')]);
    expect(fs.readFileSync(target, 'utf8')).toBe('head-tail');
    expect(fs.readdirSync(dir)).toEqual(['out.bin']);
  });

  it.each([
    ['the second write fails (disk full)', 'writeSync' as const, 1],
    ['the first write fails', 'writeSync' as const, 0],
    ['fsync fails', 'fsyncSync' as const, 0],
    ['rename fails', 'renameSync' as const, 0],
  ])('%s: the old file stays whole and no temporary file is left', (_name, call, failAt) => {
    const dir = freshDir();
    const target = path.join(dir, 'model.safetensors');
    fs.writeFileSync(target, 'old contents');
    const failing = faultyFs(call, (n) => {
      if (n === failAt) throw enospc();
    });
    expect(() => writeFileAtomic(target, [Buffer.alloc(1000, 1), Buffer.alloc(1000, 2)], failing)).toThrow(/ENOSPC/);
    expect(fs.readFileSync(target, 'utf8')).toBe('old contents');
    expect(fs.readdirSync(dir)).toEqual(['model.safetensors']);
  });

  it('a target that is a directory: rename fails, the temporary file is removed', () => {
    const dir = freshDir();
    fs.mkdirSync(path.join(dir, 'taken'));
    fs.writeFileSync(path.join(dir, 'taken', 'keep'), 'x');
    expect(() => writeFileAtomic(path.join(dir, 'taken'), Buffer.from('data'))).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(fs.readdirSync(dir)).toEqual(['taken']);
    expect(fs.readdirSync(path.join(dir, 'taken'))).toEqual(['keep']);
  });

  it('a process killed in the middle of a write never leaves a half-written target', () => {
    // A fresh node process writes 2 chunks and is SIGKILLed after the first reached the disk.
    const dir = freshDir();
    const target = path.join(dir, 'model.safetensors');
    fs.writeFileSync(target, 'old contents');
    const atomicModule = path.resolve(__dirname, '../../lib/io/atomic.ts');
    const script = `
      const fs = require('node:fs');
      const { writeFileAtomic } = require(${JSON.stringify(atomicModule)});
      let writes = 0;
      const dying = { ...fs, writeSync: (...a) => { if (writes++ === 1) process.kill(process.pid, 'SIGKILL'); return fs.writeSync(...a); } };
      writeFileAtomic(${JSON.stringify(target)}, [Buffer.alloc(4096, 1), Buffer.alloc(4096, 2)], dying);
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    expect(fs.readFileSync(target, 'utf8')).toBe('old contents');
    // What a kill -9 leaves is a stray temporary (hidden, never the target): 4096 bytes of it.
    const leftovers = fs.readdirSync(dir).filter((f) => f !== 'model.safetensors');
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/^\.model\.safetensors\.\d+\.\d+\.tmp$/);
    expect(fs.statSync(path.join(dir, leftovers[0])).size).toBe(4096);
  });
});
