// The machine the kernels run on, described and measured rather than assumed: CPU model
// and micro-architecture, cache sizes, the FMA peak of the active ISA (an FMA-only loop)
// and the STREAM-triad memory bandwidth, per thread count. The bench prints these beside
// every figure, so a GFLOP/s or GB/s reads against what this CPU can do.
import * as os from 'node:os';
import { nativeAddon } from './load.js';

export interface MachineDescription {
  /** e.g. 'AMD EPYC (AuthenticAMD family 26 model 2, zen5)'. */
  cpu: string;
  /** Micro-architecture ('zen4', 'zen5', 'sapphire-rapids', 'arm64', …), or null when unknown. */
  arch: string | null;
  logicalCpus: number;
  /** Bytes per instance, and where they came from; null without the addon. */
  caches: { l1d: number; l2: number; l3: number; source: string } | null;
  /** The native ISA whose vectors the peak loop uses; null without the addon. */
  isa: string | null;
}

export interface MachineMeasurement extends MachineDescription {
  /** GFLOP/s of an FMA-only loop with that many threads running at once. */
  fmaPeak: { threads: number; gflops: number }[];
  /** STREAM triad (a = b + s·c, 12 bytes per element), GB/s. */
  bandwidth: { threads: number; gbps: number }[];
  /** Why nothing was measured (no native addon), else null. */
  skipped: string | null;
}

export function describeMachine(): MachineDescription {
  const addon = nativeAddon();
  const info = addon ? addon.info() : null;
  const cpu = info?.cpu;
  const model = cpu?.brand || os.cpus()[0]?.model || 'unknown CPU';
  const detail = [
    cpu?.vendor ? `${cpu.vendor} family ${cpu.family} model ${cpu.model}` : null,
    cpu?.arch || null,
  ].filter((s): s is string => s !== null);
  return {
    cpu: detail.length > 0 ? `${model} (${detail.join(', ')})` : model,
    arch: cpu?.arch || null,
    logicalCpus: os.availableParallelism?.() ?? os.cpus().length,
    caches: cpu?.caches ?? null,
    isa: info?.isa ?? null,
  };
}

/**
 * Measures the FMA peak (about `fmaMs` per thread count) and the triad bandwidth (arrays
 * totalling `bandwidthMb`, 3× a 32 MiB L3 by default) at each thread count.
 */
export function measureMachine(
  threads: number[],
  opts: { fmaMs?: number; bandwidthMb?: number } = {},
): MachineMeasurement {
  const description = describeMachine();
  const addon = nativeAddon();
  if (!addon?.measureFmaPeak || !addon.measureBandwidth) {
    return { ...description, fmaPeak: [], bandwidth: [], skipped: 'the native addon did not load: nothing measured' };
  }
  const l3 = description.caches?.l3 ?? 0;
  const megabytes = opts.bandwidthMb ?? Math.min(1024, Math.max(192, (12 * l3) / 1e6));
  const fmaMs = opts.fmaMs ?? 500;
  return {
    ...description,
    fmaPeak: threads.map((t) => ({ threads: t, gflops: addon.measureFmaPeak!(t, fmaMs) })),
    bandwidth: threads.map((t) => ({ threads: t, gbps: addon.measureBandwidth!(t, megabytes) })),
    skipped: null,
  };
}

/**
 * The better of two measurements of the same machine, per thread count: the peak and the
 * bandwidth are properties of the machine, and a busy host only ever lowers a reading.
 */
export function bestOf(a: MachineMeasurement, b: MachineMeasurement): MachineMeasurement {
  return {
    ...a,
    fmaPeak: a.fmaPeak.map((p) => ({
      threads: p.threads,
      gflops: Math.max(p.gflops, b.fmaPeak.find((q) => q.threads === p.threads)?.gflops ?? 0),
    })),
    bandwidth: a.bandwidth.map((p) => ({
      threads: p.threads,
      gbps: Math.max(p.gbps, b.bandwidth.find((q) => q.threads === p.threads)?.gbps ?? 0),
    })),
  };
}

const kib = (bytes: number) => (bytes >= 1 << 20 ? `${bytes / (1 << 20)} MiB` : `${bytes / 1024} KiB`);

/** One paragraph for a bench header: the CPU, its caches, peak and bandwidth. */
export function formatMachine(m: MachineMeasurement): string {
  const lines = [`machine: ${m.cpu}, ${m.logicalCpus} CPUs`];
  if (m.caches && m.caches.source !== '') {
    lines.push(
      `  caches: L1d ${kib(m.caches.l1d)}, L2 ${kib(m.caches.l2)}, L3 ${kib(m.caches.l3)} per instance (${m.caches.source})`,
    );
  }
  if (m.skipped) lines.push(`  peak and bandwidth: skipped (${m.skipped})`);
  else {
    const peak = m.fmaPeak.map(
      (p) => `${p.gflops.toFixed(0)} GFLOP/s on ${p.threads} thread${p.threads > 1 ? 's' : ''}`,
    );
    const bw = m.bandwidth.map((b) => `${b.gbps.toFixed(1)} GB/s on ${b.threads} thread${b.threads > 1 ? 's' : ''}`);
    lines.push(`  FMA peak (measured, FMA-only ${m.isa} loop): ${peak.join(', ')}`);
    lines.push(`  memory bandwidth (measured, STREAM triad): ${bw.join(', ')}`);
  }
  return lines.join('\n');
}

/** The measured peak at `threads` threads (the nearest measured count below, scaled), or null. */
export function peakAt(m: MachineMeasurement, threads: number): number | null {
  const exact = m.fmaPeak.find((p) => p.threads === threads);
  if (exact) return exact.gflops;
  const one = m.fmaPeak.find((p) => p.threads === 1);
  return one ? one.gflops * threads : null;
}
