// The README's code examples run as written (with 'chainrule' pointed at lib/).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

function runTs(code: string): { status: number | null; stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-readme-'));
  const file = path.join(dir, 'example.ts');
  const lib = path.join(root, 'lib', 'index.ts').split(path.sep).join('/');
  fs.writeFileSync(file, code.replace(/from 'chainrule'/g, `from '${lib}'`));
  try {
    return spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('README', () => {
  it('its first code example is the lecture graph and prints the notes’ gradients', () => {
    expect(blocks[0]).toContain('x.add(y).mul(z)');
    const r = runTs(blocks[0]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('-12 -4 -4 3');
  });

  it('every other TypeScript example runs', () => {
    for (const block of blocks.slice(1)) {
      const r = runTs(block);
      expect(r.status, r.stderr).toBe(0);
    }
  });
});
