// `chainrule bench`: runs the benchmark harness (bench/run.ts) — the same as `npm run bench`.
// The harness and its peers (tfjs, the Python peer script) are development files, so this
// works from a source checkout with its devDependencies installed, and says so otherwise.
// The flags are checked here first, so a typo is one line naming the flag, not a stack trace
// from inside the harness.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../backend/load.js';

const cases = ['gemm', 'dense', 'mlp', 'xor'];

const help = `Usage: chainrule bench [options]

benchmark native vs TS kernels beside tfjs (cpu, wasm), NumPy and PyTorch, in the same run;
prints tables and writes bench/results/*.json (the same as npm run bench -- [options])

Options:
  --quick              shorter samples (default: off)
  --only <cases>       comma list of ${cases.join(', ')} (default: all)
  --threads <list>     thread counts to measure, comma list (default: 1,2)
  --passes <n>         repeat the whole run n times, keep the best median (default: 1)
  --peak <gflops>      fp32 FMA peak per core for the % of peak column (default: measured)
  --no-python          skip the NumPy / PyTorch peers
  --no-tfjs            skip the tfjs cpu / wasm peers
  -h, --help           display help for command
`;

/** Checks the harness flags; throws one clear line on the first bad one. */
export function checkBenchArgs(args: string[]): void {
  const positiveInts = (flag: string, v: string) => {
    for (const s of v.split(',')) {
      const n = Number(s);
      if (s.trim() === '' || !Number.isInteger(n) || n < 1)
        throw new Error(`bench: ${flag} expects positive integers (e.g. 1,2), got '${v}'`);
    }
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`bench: ${arg} needs a value`);
      return v;
    };
    if (arg === '--quick' || arg === '--no-python' || arg === '--no-tfjs') continue;
    if (arg === '--only') {
      const v = value();
      const bad = v.split(',').filter((c) => !cases.includes(c));
      if (bad.length > 0) throw new Error(`bench: --only expects a comma list of ${cases.join(', ')}, got '${v}'`);
    } else if (arg === '--threads') positiveInts('--threads', value());
    else if (arg === '--passes') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`bench: --passes expects an integer ≥ 1, got '${v}'`);
    } else if (arg === '--peak') {
      const v = value();
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`bench: --peak expects a number > 0 (GFLOP/s), got '${v}'`);
    } else
      throw new Error(
        `bench: unknown option '${arg}' (expected one of --quick, --only, --threads, --passes, --peak, --no-python, --no-tfjs)`,
      );
  }
}

export function register(program: Command): void {
  program
    .command('bench')
    .description('benchmark native vs TS kernels beside tfjs (cpu, wasm), NumPy and PyTorch (npm run bench)')
    .allowUnknownOption(true)
    .helpOption(false)
    .argument('[options...]', 'see chainrule bench --help')
    .action((args: string[]) => {
      if (args.includes('--help') || args.includes('-h')) {
        process.stdout.write(help);
        return;
      }
      checkBenchArgs(args);
      const script = path.join(packageRoot, 'bench', 'run.ts');
      const tsx = path.join(packageRoot, 'node_modules', 'tsx');
      if (!fs.existsSync(script) || !fs.existsSync(tsx)) {
        throw new Error(
          'bench: the benchmark harness runs from a source checkout with its devDependencies (bench/ and tsx); ' +
            `not found under ${packageRoot}. Clone the repository, npm install, then npx chainrule bench`,
        );
      }
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
        cwd: packageRoot,
        stdio: 'inherit',
      });
      process.exitCode = r.status ?? 1;
    });
}
