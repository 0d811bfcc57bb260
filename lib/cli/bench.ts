// `chainrule bench`: runs the benchmark harness (bench/run.ts) — the same as `npm run bench`.
// The harness and its peers (tfjs, the Python peer script) are development files, so this
// works from a source checkout with its devDependencies installed, and says so otherwise.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../backend/load.js';

export function register(program: Command): void {
  program
    .command('bench')
    .description('benchmark native vs TS kernels beside tfjs (cpu, wasm), NumPy and PyTorch (npm run bench)')
    .allowUnknownOption(true)
    .helpOption(false)
    .argument(
      '[options...]',
      'passed to bench/run.ts: --quick, --only gemm,dense,mlp,xor, --threads 1,2, --passes N, --no-python, --no-tfjs, --help',
    )
    .action((args: string[]) => {
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
