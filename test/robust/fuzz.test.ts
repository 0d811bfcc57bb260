// The addon boundary under fuzzing, in child processes (a crash shows as a signal, not a
// dead test runner): thousands of calls per entry point with random and malformed arguments.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('addon fuzz', () => {
  it.each([1, 2, 3])('seed %i: 30,000 calls, no crash, every error names its op, memory intact', (seed) => {
    const r = spawnSync(process.execPath, [path.join(__dirname, 'fuzz-addon.cjs'), '30000', String(seed)], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.calls).toBe(30000);
    expect(out.badErrors).toEqual([]);
    expect(out.threw).toBeGreaterThan(out.calls / 2); // most calls are malformed
    expect(out.returned).toBeGreaterThan(out.calls / 20); // and valid ones still run
    expect(out.afterwards).toEqual([19, 22, 43, 50]);
  });
});
