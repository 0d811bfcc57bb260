// The PyTorch oracle for tests: a python that imports torch (CHAINRULE_TORCH_PYTHON, which
// .ci/run sets, else /work/venv/bin/python), or the reason there is none, so an oracle test
// can skip with a printed reason instead of passing silently.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

let probed: { python: string; version: string } | { skip: string } | undefined;

/** The python with torch, probed once per test file, or why there is none. */
export function torchPython(): { python: string; version: string } | { skip: string } {
  if (probed) return probed;
  const candidates = [process.env.CHAINRULE_TORCH_PYTHON, '/work/venv/bin/python'].filter(
    (p): p is string => typeof p === 'string' && p.length > 0,
  );
  const reasons: string[] = [];
  for (const python of candidates) {
    if (!existsSync(python)) {
      reasons.push(`${python} does not exist`);
      continue;
    }
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return (probed = { python, version: r.stdout.trim() });
    reasons.push(`${python} cannot import torch`);
  }
  probed = { skip: `no python with torch (${reasons.join('; ') || 'set CHAINRULE_TORCH_PYTHON'})` };
  console.log(`skipped: PyTorch oracle tests: ${probed.skip}`);
  return probed;
}

/** True when the oracle is there; use as `describe.runIf(hasTorch())`. */
export function hasTorch(): boolean {
  return 'python' in torchPython();
}

/**
 * Runs a python snippet with torch: `input` arrives as the JSON value `data`, and whatever the
 * snippet assigns to `result` comes back parsed from JSON. Throws with python's stderr.
 */
export function runTorch<T = unknown>(code: string, input: unknown = null): T {
  const found = torchPython();
  if (!('python' in found)) throw new Error(`runTorch: ${found.skip}`);
  const program = [
    'import json, sys',
    'import torch',
    'torch.set_default_dtype(torch.float64)',
    'data = json.loads(sys.stdin.read())',
    'result = None',
    code,
    'sys.stdout.write(json.dumps(result))',
  ].join('\n');
  const r = spawnSync(found.python, ['-c', program], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (r.status !== 0) throw new Error(`runTorch: python exited ${r.status}: ${r.stderr.trim().slice(-2000)}`);
  return JSON.parse(r.stdout) as T;
}
