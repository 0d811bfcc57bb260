// chainrule: neural networks and reverse-mode automatic differentiation for Node.js.
export { Activation, type ActivationName, type Backend, type BackendName } from './backend/backend.js';
// --- threads (kernels issue) ---
export {
  type BackendInfo,
  backend,
  backendInfo,
  getNumThreads,
  type IsaName,
  nativeAvailable,
  setIsa,
  setNumThreads,
  useBackend,
} from './backend/load.js';
