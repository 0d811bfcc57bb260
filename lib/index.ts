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

// --- data pipeline (lib/data): arrays, CSV, IDX, streams, batching, normalizers, datasets
export * as data from './data/index.js';
// --- io (issue 9): safetensors, saved-model directories, ONNX export, standalone predict() ---
export * as io from './io/index.js';
