// Runs bench/peers/torch_peer.py (NumPy and PyTorch) with one thread count, through
// CHAINRULE_BENCH_PYTHON, else /work/venv/bin/python, else /usr/bin/python3.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export interface PythonResult {
  case: string;
  peer: 'numpy' | 'torch';
  m?: number;
  n?: number;
  k?: number;
  seconds: number;
  gflops?: number;
}

export interface PythonPeerOutput {
  python: string;
  threads: number;
  results: PythonResult[];
  skipped: string[];
  numpy?: string;
  numpyBlas?: string | string[];
  torch?: string;
  torchConfig?: string[];
}

export function pythonExecutable(): string | null {
  const fromEnv = process.env.CHAINRULE_BENCH_PYTHON;
  if (fromEnv) return fromEnv;
  for (const candidate of ['/work/venv/bin/python', '/usr/bin/python3']) if (existsSync(candidate)) return candidate;
  return null;
}

export function runPythonPeer(job: Record<string, unknown>, threads: number): PythonPeerOutput | string {
  const python = pythonExecutable();
  if (python === null)
    return 'no python (set CHAINRULE_BENCH_PYTHON, or create /work/venv, or install /usr/bin/python3)';
  const t = String(threads);
  const result = spawnSync(python, [path.join(__dirname, 'torch_peer.py'), JSON.stringify({ ...job, threads })], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t, MKL_NUM_THREADS: t },
    maxBuffer: 1 << 24,
    timeout: 30 * 60 * 1000,
  });
  if (result.error) return `${python} did not run: ${result.error.message}`;
  if (result.status !== 0) return `${python} exited ${result.status}: ${result.stderr.trim().split('\n').pop()}`;
  try {
    return { python, ...(JSON.parse(result.stdout) as Omit<PythonPeerOutput, 'python'>) };
  } catch {
    return `${python} printed no JSON: ${result.stdout.slice(0, 200)}`;
  }
}
