// chainrule: neural networks and reverse-mode automatic differentiation for Node.js.

// --- the autograd engine: tensors, ops, backward, gradcheck (engine) ---
export {
  type BackwardOptions,
  type BackwardTrace,
  detectAnomaly,
  type GraphNode,
  isAnomalyDetectionEnabled,
  isGradEnabled,
  noGrad,
  setDetectAnomaly,
} from './autograd.js';
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
export {
  arange,
  eye,
  full,
  ones,
  onesLike,
  rand,
  randn,
  type TensorOptions,
  tensor,
  zeros,
  zerosLike,
} from './factories.js';
export { type GradcheckOptions, type GradcheckResult, gradcheck, jacobian } from './inspect/gradcheck.js';
export * from './ops/index.js';
export {
  createGenerator,
  Generator,
  getRngState,
  manualSeed,
  type RngState,
  random,
  randomInt,
  randomNormal,
  setRngState,
  shuffleInPlace,
} from './random.js';
export { type GradHook, type NestedArray, Tensor } from './tensor.js';

// --- data pipeline (lib/data): arrays, CSV, IDX, streams, batching, normalizers, datasets
export * as data from './data/index.js';
// --- io (issue 9): safetensors, saved-model directories, ONNX export, standalone predict() ---
export * as io from './io/index.js';
// --- layers, initialisation and losses (issue 6) ---
export * as losses from './losses/index.js';
// --- metrics on their own, with scikit-learn's definitions ---
export * as metrics from './metrics/index.js';
export * as nn from './nn/index.js';

// --- optimizers, schedules, clipping (lib/optim) ---
export * as optim from './optim/index.js';
// --- save / load models (issue 9) ---
export { load, save, saveOnnxModel, toOnnx } from './io/model.js';
export * as inspect from './inspect/index.js';

// --- training (issue 7): fit / fitSync / evaluate / predict; checkpoints (issue 9) ---
export {
  type Callback,
  type CallbackContext,
  evaluate,
  type FitOptions,
  fit,
  fitSync,
  type History,
  predict,
} from './train/index.js';
export * as train from './train/index.js';
export {
  type CheckpointContents,
  type LoadedCheckpoint,
  loadCheckpoint,
  restoreCheckpoint,
  saveCheckpoint,
} from './io/checkpoint.js';
