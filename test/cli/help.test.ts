// Every command's --help: exit 0, a usage line, and every value-taking flag of train,
// vanishing and bench states its default (or says what happens without it).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const main = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const help = (cmd: string) => spawnSync(process.execPath, [main, cmd, '--help'], { encoding: 'utf8', timeout: 60_000 });

describe('chainrule <command> --help', () => {
  it.each(['info', 'train', 'graph', 'explain', 'vanishing', 'bench'])('%s', (cmd) => {
    const r = help(cmd);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Usage: chainrule ${cmd}`);
  });

  it.each([
    [
      'train',
      [
        '--dataset',
        '--samples',
        '--layers',
        '--activation',
        '--init',
        '--optimizer',
        '--lr',
        '--batch-size',
        '--mode',
        '--epochs',
        '--loss',
        '--validation-split',
        '--seed',
        '--out',
        '--normalize',
        '--verbose',
        '--label',
      ],
    ],
    ['vanishing', ['--depth', '--width', '--activation', '--init', '--batch', '--seed']],
    ['bench', ['--only', '--threads', '--passes', '--peak']],
    ['graph', ['--output', '--no-grad']],
  ] as const)('%s states each default', (cmd, flags) => {
    // commander wraps descriptions: join each option's lines before looking for "default".
    const options = help(cmd).stdout.split(/\n(?=\s{2}-)/);
    for (const flag of flags) {
      const entry = options.find((o) => new RegExp(`^\\s+(-\\w, )?${flag}\\b`).test(o));
      expect(entry, flag).toBeDefined();
      expect(entry, flag).toMatch(/default/);
    }
  });
});
