// The PyTorch peer of bench/interop: which interpreter, whether it has torch, and running
// the torch_*.py scripts beside this file. A missing interpreter or a python without torch
// is not a failure: the scripts print one `skipped: <reason>` line and exit 0.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The interpreter: $CHAINRULE_BENCH_PYTHON, else /work/venv/bin/python if present, else /usr/bin/python3. */
export function pythonPath(): string {
  const fromEnv = process.env.CHAINRULE_BENCH_PYTHON;
  if (fromEnv) return fromEnv;
  return fs.existsSync('/work/venv/bin/python') ? '/work/venv/bin/python' : '/usr/bin/python3';
}

export type Probe = { ok: true; python: string; versions: string } | { ok: false; reason: string };

function firstLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .pop() ?? ''
  );
}

/** Asks the interpreter to import torch (and say how it reads safetensors); never throws. */
export function probePython(python = pythonPath()): Probe {
  const r = spawnSync(python, [path.join(__dirname, 'torch_common_probe.py')], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: `python interpreter ${python} not found` };
    return { ok: false, reason: `python interpreter ${python} did not run (${r.error.message})` };
  }
  const out = r.stdout.trim();
  if (r.status === 0 && out.startsWith('ok ')) return { ok: true, python, versions: out.slice(3) };
  if (r.status === 0 && out.startsWith('skipped: ')) return { ok: false, reason: out.slice('skipped: '.length) };
  return {
    ok: false,
    reason: `${python} could not run the torch probe (exit ${r.status}): ${firstLine(r.stderr) || firstLine(r.stdout)}`,
  };
}

/** Runs bench/interop/<script> with args; throws with its stderr when it fails. Returns stdout. */
export function runPython(python: string, script: string, args: string[]): string {
  const file = path.join(__dirname, script);
  const r = spawnSync(python, [file, ...args], { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${python} ${script}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${python} ${script} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** Largest |a_i − b_i|; Infinity when lengths differ, NaN when any value is NaN. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = d; // NaN propagates
  }
  return m;
}

/** Plain text table: first row is the header, columns padded (numbers right-aligned). */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (/^[-+0-9.e]+$/.test(cell) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
