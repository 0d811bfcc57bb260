// Loading, forcing and describing the backend — through child processes, since the
// choice is made once per process from the environment.
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendInfo, setIsa, useBackend } from '../lib/backend/load.js';
import { nativeVariants } from './variants.js';

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist', 'cli', 'main.js');

function run(env: Record<string, string>, code: string) {
  return spawnSync(process.execPath, ['-e', code], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

const printInfo = "console.log(JSON.stringify(require('./dist/index.js').backendInfo()))";

describe('backend selection', () => {
  it('CHAINRULE_BACKEND=ts forces the TS kernels, silently', () => {
    const r = run({ CHAINRULE_BACKEND: 'ts' }, printInfo);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ backend: 'ts', reason: 'CHAINRULE_BACKEND=ts' });
    expect(r.stderr).toBe('');
  });

  it('an unknown CHAINRULE_BACKEND is an error naming the variable and the value', () => {
    const r = run({ CHAINRULE_BACKEND: 'gpu' }, printInfo);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("CHAINRULE_BACKEND must be 'native' or 'ts', got 'gpu'");
  });

  it.each(nativeVariants.map((v) => v.isa!))('CHAINRULE_ISA=%s picks that ISA at load', (isa) => {
    const r = run({ CHAINRULE_ISA: isa, CHAINRULE_BACKEND: 'native' }, printInfo);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ backend: 'native', isa, isaReason: 'CHAINRULE_ISA' });
  });

  it('CHAINRULE_NUM_THREADS sets the pool size; a bad value is ignored, and info says so', () => {
    const one = JSON.parse(run({ CHAINRULE_NUM_THREADS: '1', CHAINRULE_BACKEND: 'native' }, printInfo).stdout);
    expect(one).toMatchObject({ threads: 1, threadsReason: 'CHAINRULE_NUM_THREADS' });
    const bad = JSON.parse(run({ CHAINRULE_NUM_THREADS: 'x', CHAINRULE_BACKEND: 'native' }, printInfo).stdout);
    expect(bad.threads).toBeGreaterThanOrEqual(1);
    expect(bad.threadsReason).toBe(
      "one per core available to the process; CHAINRULE_NUM_THREADS='x' ignored: expected a positive integer",
    );
  });

  it('an unknown CHAINRULE_ISA falls back to CPUID and says so', () => {
    const r = run({ CHAINRULE_ISA: 'sse9' }, printInfo);
    expect(JSON.parse(r.stdout).isaReason).toContain('CHAINRULE_ISA not one of generic|avx2|avx512');
  });

  it('setIsa rejects unknown names with the op, what it expected and what came', () => {
    expect(() => setIsa('sse9' as never)).toThrow(
      "setIsa: expected isa to be 'generic', 'avx2' or 'avx512', got 'sse9'",
    );
  });

  it('useBackend rejects unknown names', () => {
    expect(() => useBackend('gpu' as never)).toThrow("useBackend: expected 'native' or 'ts', got 'gpu'");
  });

  it('backendInfo reports versions and the addon', () => {
    useBackend('native');
    const info = backendInfo();
    expect(info.backend).toBe('native');
    expect(info.packageVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.napiVersion).toBeGreaterThanOrEqual(8);
    expect(info.nodeNapiVersion).toBeGreaterThanOrEqual(info.napiVersion!);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.addonPath).toMatch(/chainrule\.node$/);
  });
});

describe('chainrule info (CLI)', () => {
  it('says which backend runs, why, the ISA, threads and versions', () => {
    const out = execFileSync(process.execPath, [cli, 'info'], {
      encoding: 'utf8',
      env: { ...process.env, CHAINRULE_ISA: 'avx2' },
    });
    expect(out).toMatch(/^chainrule \d+\.\d+\.\d+ on Node \d+/);
    expect(out).toMatch(/backend: +native — loaded .*chainrule\.node/);
    expect(out).toMatch(/isa: +avx2 \(CHAINRULE_ISA/);
    expect(out).toMatch(/threads: +\d+/);
  });

  it('--json prints the same facts as backendInfo()', () => {
    const out = execFileSync(process.execPath, [cli, 'info', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, CHAINRULE_BACKEND: 'ts' },
    });
    expect(JSON.parse(out)).toMatchObject({ backend: 'ts', reason: 'CHAINRULE_BACKEND=ts', nativeAvailable: true });
  });
});

describe('addon argument checks', () => {
  it('wrong argument counts and types are JS errors naming the op', () => {
    const native = useBackend('native');
    const gemm = native.gemm as unknown as (...args: unknown[]) => void;
    expect(() => gemm(false, false, 1)).toThrow('gemm: expected 10 arguments, got 3');
    expect(() =>
      gemm('no', false, 1, 1, 1, 1, new Float32Array(1), new Float32Array(1), 0, new Float32Array(1)),
    ).toThrow('gemm: expected transA to be a boolean, got a string');
    const c = new Float32Array(4);
    expect(() => native.gemm(false, false, 2, 2, 2, 1, c, new Float32Array(4), 0, c)).toThrow(
      'gemm: expected c not to overlap a, got overlapping memory',
    );
    expect(() => native.activationForward(99 as never, 0, new Float32Array(2), new Float32Array(2))).toThrow(
      'activationForward: expected activation to be an integer code in [0, 8), got number 99',
    );
  });
});
