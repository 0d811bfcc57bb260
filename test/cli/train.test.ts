// `chainrule train` details a user meets: --label by 0-based index, as --help promises;
// output piped into a reader that stops early (| head) ends without an EPIPE trace.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const main = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-cli-train-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('chainrule train', () => {
  it('--label takes a 0-based column index', () => {
    const file = path.join(tmp, 'data.csv');
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'a' : 'b'},${i / 40},${(i * 7) % 5}`);
    fs.writeFileSync(file, `kind,u,v\n${rows.join('\n')}\n`);
    const r = spawnSync(
      process.execPath,
      [main, 'train', '--csv', file, '--label', '0', '--epochs', '1', '--verbose', '0', '--out', path.join(tmp, 'm')],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('40 samples, 2 features, 2 classes');
  });

  it('a closed stdout pipe ends quietly', () => {
    // `| head -1` while training still writes one line per epoch: head exits, the pipe closes.
    const r = spawnSync(
      '/bin/sh',
      ['-c', `"${process.execPath}" "${main}" train --epochs 5 --verbose 2 --out "${path.join(tmp, 'm2')}" | head -1`],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.stdout).toContain('data:      spirals');
    expect(r.stderr).not.toContain('EPIPE');
  });
});
