// Timing: warm-up runs (excluded), then `repeats` samples, each long enough to be measured
// reliably (≥ minTimeMs of back-to-back calls); the figure is the median sample. With
// passes > 1 the whole measurement repeats and the best median counts: on a shared host,
// other processes only ever make a pass slower (PEERS.md's figures are best of four).

export interface TimingOptions {
  minTimeMs: number;
  repeats: number;
  passes?: number;
}

/** Median seconds per call of fn (the best median over opts.passes passes). */
export function medianSeconds(fn: () => void, opts: TimingOptions): number {
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < (opts.passes ?? 1); pass++) best = Math.min(best, onePass(fn, opts));
  return best;
}

function onePass(fn: () => void, opts: TimingOptions): number {
  fn();
  fn();
  const t0 = process.hrtime.bigint();
  fn();
  const onceNs = Math.max(Number(process.hrtime.bigint() - t0), 100);
  const inner = Math.max(1, Math.floor((opts.minTimeMs * 1e6) / onceNs));
  const samples: number[] = [];
  for (let r = 0; r < opts.repeats; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e9 / inner);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

export function formatSeconds(s: number): string {
  if (s < 1e-3) return `${(s * 1e6).toFixed(1)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(3)} ms`;
  return `${s.toFixed(2)} s`;
}

/** A plain text table with right-aligned columns after the first. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
