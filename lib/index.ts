// chainrule: neural networks and reverse-mode automatic differentiation for Node.js.
export { Activation, type ActivationName, type Backend, type BackendName } from './backend/backend.js';
export {
  type BackendInfo,
  backend,
  backendInfo,
  type IsaName,
  nativeAvailable,
  setIsa,
  useBackend,
} from './backend/load.js';

// --- optimizers, schedules, clipping (lib/optim) ---
export * as optim from './optim/index.js';
