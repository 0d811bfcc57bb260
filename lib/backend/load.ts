// Picks the backend once per process: the native addon (a prebuild from prebuilds/, or a
// local build in build/Release, found by node-gyp-build) or, failing that, the TypeScript
// kernels — saying so once on stderr, with the reason. CHAINRULE_BACKEND=native|ts forces one.
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Backend, BackendName } from './backend.js';
import { type Addon, type AddonInfo, nativeBackend } from './native.js';
import { tsBackend } from './ts/index.js';

const requireHere = createRequire(__filename);
/** The package root: lib/backend (sources) and dist/backend (compiled) both sit two levels down. */
export const packageRoot = path.resolve(__dirname, '..', '..');

interface NativeLoad {
  addon: Addon | null;
  path: string | null;
  error: string | null;
}

let nativeLoad: NativeLoad | null = null;
let current: Backend | null = null;
let currentReason = '';
let warned = false;

function platformTag(): string {
  return `${os.platform()}-${os.arch()}${isMusl() ? '-musl' : ''}`;
}

function isMusl(): boolean {
  if (os.platform() !== 'linux') return false;
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return !report?.header?.glibcVersionRuntime;
}

/** Loads the addon once; remembers the error text when it cannot. */
function loadNative(): NativeLoad {
  if (nativeLoad) return nativeLoad;
  try {
    const nodeGypBuild = requireHere('node-gyp-build') as { resolve(dir: string): string };
    const file = nodeGypBuild.resolve(packageRoot);
    const addon = requireHere(file) as Addon;
    nativeLoad = { addon, path: file, error: null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    let reason = message.split('\n')[0].trim();
    if (message.startsWith('No native build was found')) {
      reason = `no prebuild for ${platformTag()} and no local build in build/Release`;
      const installNote = readInstallNote();
      if (installNote) reason += ` (${installNote})`;
    }
    nativeLoad = { addon: null, path: null, error: reason };
  }
  return nativeLoad;
}

/** The install script leaves a note when the source build failed (scripts/install.js). */
function readInstallNote(): string | null {
  try {
    const note = requireHere(path.join(packageRoot, 'build', 'chainrule-install.json')) as { reason?: string };
    return typeof note.reason === 'string' ? note.reason : null;
  } catch {
    return null;
  }
}

function select(): Backend {
  const forced = process.env.CHAINRULE_BACKEND;
  if (forced !== undefined && forced !== '' && forced !== 'native' && forced !== 'ts') {
    throw new Error(`chainrule: CHAINRULE_BACKEND must be 'native' or 'ts', got '${forced}'`);
  }
  if (forced === 'ts') {
    currentReason = 'CHAINRULE_BACKEND=ts';
    return tsBackend;
  }
  const load = loadNative();
  if (load.addon) {
    currentReason = forced === 'native' ? 'CHAINRULE_BACKEND=native' : `loaded ${load.path}`;
    return nativeBackend(load.addon);
  }
  if (forced === 'native') {
    throw new Error(`chainrule: CHAINRULE_BACKEND=native, but the native addon did not load: ${load.error}`);
  }
  currentReason = `native addon did not load: ${load.error}`;
  if (!warned) {
    warned = true;
    process.stderr.write(`chainrule: using the TypeScript kernels (${currentReason})\n`);
  }
  return tsBackend;
}

/** The backend every op calls. */
export function backend(): Backend {
  if (current === null) current = select();
  return current;
}

/** Switches backends at run time (tests run one suite on both). */
export function useBackend(name: BackendName): Backend {
  if (name === 'ts') {
    current = tsBackend;
    currentReason = 'useBackend(ts)';
    return current;
  }
  if (name !== 'native') throw new Error(`useBackend: expected 'native' or 'ts', got '${String(name)}'`);
  const load = loadNative();
  if (!load.addon) throw new Error(`useBackend: the native addon did not load: ${load.error}`);
  current = nativeBackend(load.addon);
  currentReason = 'useBackend(native)';
  return current;
}

/** Whether the native addon can load here (without switching to it). */
export function nativeAvailable(): boolean {
  return loadNative().addon !== null;
}

/** The loaded addon itself, or null (the machine probes in machine.ts call it directly). */
export function nativeAddon(): Addon | null {
  return loadNative().addon;
}

export type IsaName = 'generic' | 'avx2' | 'avx512';

/** Forces the native kernels' instruction set (as CHAINRULE_ISA does at load). */
export function setIsa(isa: IsaName): void {
  const load = loadNative();
  if (!load.addon) throw new Error(`setIsa: the native addon did not load: ${load.error}`);
  load.addon.setIsa(isa);
}

export interface BackendInfo {
  backend: BackendName;
  reason: string;
  nativeAvailable: boolean;
  nativeError: string | null;
  addonPath: string | null;
  isa: string | null;
  isaReason: string | null;
  cpu: AddonInfo['cpu'] | null;
  threads: number;
  /** Where the thread count came from (and why CHAINRULE_NUM_THREADS was ignored, if it was). */
  threadsReason: string;
  napiVersion: number | null;
  nodeNapiVersion: number;
  packageVersion: string;
  node: string;
  platform: string;
}

export function backendInfo(): BackendInfo {
  const b = backend();
  const load = loadNative();
  const info = load.addon ? load.addon.info() : null;
  const pkg = requireHere(path.join(packageRoot, 'package.json')) as { version: string };
  return {
    backend: b.name,
    reason: currentReason,
    nativeAvailable: load.addon !== null,
    nativeError: load.error,
    addonPath: load.path,
    isa: info ? info.isa : null,
    isaReason: info ? info.isaReason : null,
    cpu: info ? info.cpu : null,
    threads: b.name === 'native' && info ? info.threads : 1,
    threadsReason: threadsReason(b.name === 'native' && info !== null),
    napiVersion: info ? info.napiVersion : null,
    nodeNapiVersion: Number(process.versions.napi),
    packageVersion: pkg.version,
    node: process.versions.node,
    platform: platformTag(),
  };
}

// --- threads (kernels issue) ---

let threadsSetByCall = false;

function threadsReason(native: boolean): string {
  if (!native) return 'the TypeScript kernels run on the calling thread';
  if (threadsSetByCall) return 'setNumThreads';
  const env = process.env.CHAINRULE_NUM_THREADS;
  if (env === undefined || env === '') return 'one per core available to the process';
  // the addon reads it the same way (native/kernels/threads.cc): a positive integer, else ignored
  if (/^\s*\+?[0-9]+$/.test(env) && Number(env) >= 1) return 'CHAINRULE_NUM_THREADS';
  return `one per core available to the process; CHAINRULE_NUM_THREADS='${env}' ignored: expected a positive integer`;
}

/**
 * Sets how many threads the native kernels use (one pool per process, shared by every
 * worker_thread; CHAINRULE_NUM_THREADS sets it at load). The TypeScript kernels are
 * single-threaded, so without the addon only n = 1 is accepted.
 */
export function setNumThreads(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 256) {
    throw new RangeError(`setNumThreads: expected n to be an integer in [1, 256], got ${String(n)}`);
  }
  const load = loadNative();
  if (!load.addon) {
    if (n === 1) return;
    throw new Error(
      `setNumThreads: the native addon did not load (${load.error}); the TypeScript kernels use 1 thread`,
    );
  }
  load.addon.setNumThreads(n);
  threadsSetByCall = true;
}

/** Threads the kernels in use run on (1 for the TypeScript kernels). */
export function getNumThreads(): number {
  const load = loadNative();
  return backend().name === 'native' && load.addon ? load.addon.getNumThreads() : 1;
}
