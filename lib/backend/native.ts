// The native backend: the addon's functions, called directly (no wrapper per call). Any
// kernel the addon does not provide yet runs on the TypeScript kernels.
import type { Backend } from './backend.js';
import { tsKernels } from './ts/index.js';

export interface AddonInfo {
  isa: string;
  isaReason: string;
  cpu: {
    avx2: boolean;
    avx512: boolean;
    /** CPUID vendor, brand string and micro-architecture ('zen5', 'sapphire-rapids', …); empty when unknown. */
    vendor?: string;
    brand?: string;
    arch?: string;
    family?: number;
    model?: number;
    /** Cache sizes in bytes per instance (0 when unknown) and where they came from ('cpuid', 'sysfs'). */
    caches?: { l1d: number; l2: number; l3: number; source: string };
  };
  threads: number;
  napiVersion: number;
  arch: string;
}

/** What the compiled addon exports (native/addon.cc). */
export interface Addon extends Partial<Omit<Backend, 'name'>> {
  info(): AddonInfo;
  setIsa(isa: string): void;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  /** GFLOP/s of an FMA-only loop on `threads` threads at once, over about `milliseconds`. */
  measureFmaPeak?(threads: number, milliseconds: number): number;
  /** STREAM-triad GB/s over three arrays totalling `megabytes`, split across `threads` threads. */
  measureBandwidth?(threads: number, megabytes: number): number;
}

export function nativeBackend(addon: Addon): Backend {
  const backend: Record<string, unknown> = { ...tsKernels, name: 'native' };
  for (const key of Object.keys(tsKernels)) {
    const fn = (addon as unknown as Record<string, unknown>)[key];
    if (typeof fn === 'function') backend[key] = fn;
  }
  return backend as unknown as Backend;
}
