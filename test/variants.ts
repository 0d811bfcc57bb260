// The kernel variants every parametrized suite runs on: the TypeScript kernels and the
// native addon at each ISA this CPU has. Native must load unless CHAINRULE_BACKEND=ts
// (the fallback run in .ci/run): a missing addon fails the suite, never skips it.
import { backendInfo, nativeAvailable, setIsa, useBackend } from '../lib/backend/load.js';

export interface Variant {
  label: string;
  backend: 'ts' | 'native';
  isa?: 'generic' | 'avx2' | 'avx512';
}

function listVariants(): Variant[] {
  const list: Variant[] = [{ label: 'ts', backend: 'ts' }];
  if (process.env.CHAINRULE_BACKEND === 'ts') return list;
  if (!nativeAvailable()) {
    throw new Error(
      `the native addon did not load (${backendInfo().nativeError}); set CHAINRULE_BACKEND=ts to test only the TS kernels`,
    );
  }
  list.push({ label: 'native-generic', backend: 'native', isa: 'generic' });
  const cpu = backendInfo().cpu;
  if (cpu?.avx2) list.push({ label: 'native-avx2', backend: 'native', isa: 'avx2' });
  if (cpu?.avx512) list.push({ label: 'native-avx512', backend: 'native', isa: 'avx512' });
  return list;
}

export const variants = listVariants();
export const nativeVariants = variants.filter((v) => v.backend === 'native');

export function useVariant(v: Variant): void {
  useBackend(v.backend);
  if (v.isa) setIsa(v.isa);
}

export { randomArray, seededRandom } from './reference.js';
