// worker_threads and memory, each in a fresh child process (node --expose-gc) so the numbers
// are this library's alone. The scripts load dist/ (npm test builds it first).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// V8 grows its young generation adaptively (up to 16 MiB semi-spaces), which shows in RSS as a
// one-time step; fixing the size keeps what is measured to what training itself holds.
const v8Flags = ['--expose-gc', '--min-semi-space-size=16', '--max-semi-space-size=16'];

function runScript(script: string, args: string[] = []) {
  const r = spawnSync(process.execPath, [...v8Flags, path.join(__dirname, script), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('worker_threads', () => {
  it('4 workers training at once get the same weights as the same runs alone; 50 restarts leave RSS flat', () => {
    const out = runScript('workers-main.cjs');
    expect(out.identical).toEqual([true, true, true, true]);
    expect(out.backends).toEqual(['native', 'native', 'native', 'native']);
    // RSS after 50 worker lifetimes within 5% of after 10 (the addon and pool are loaded once)
    expect(out.rssAfter50 / out.rssAfter10).toBeLessThan(1.05);
  });
});

describe('memory', () => {
  it('training keeps RSS and the JS heap flat after warm-up (8000 steps, the second half within 5% of the first)', () => {
    const out = runScript('memory-main.cjs', ['8000']);
    expect(out.atEnd.rss / out.atWarmup.rss).toBeLessThan(1.05);
    expect(out.atEnd.heapUsed / out.atWarmup.heapUsed).toBeLessThan(1.05);
    expect(out.atEnd.external / out.atWarmup.external).toBeLessThan(1.05);
  });
});
