// lib/io: persistence and exchange over plain descriptions and float32 tensors —
// safetensors, the saved-model directory, ONNX export, standalone JavaScript.
export { type AtomicFs, writeFileAtomic } from './atomic.js';
export { type FunctionSourceOptions, toFunctionSource } from './codegen.js';
export {
  type ActivationLayerDescription,
  activationNames,
  type DenseLayerDescription,
  type DropoutLayerDescription,
  defaultAlpha,
  expectedTensorShapes,
  FORMAT_VERSION,
  type LayerDescription,
  type ModelDescription,
  ModelFormatError,
  modelWidths,
  type NamedTensors,
  validateDescription,
  validateTensors,
} from './description.js';
export { DESCRIPTION_FILE, loadModelFiles, type ModelFiles, saveModelFiles, WEIGHTS_FILE } from './model-file.js';
export { decodeOnnx, exportOnnx, type OnnxExportOptions, saveOnnx } from './onnx.js';
export {
  decodeSafetensors,
  encodeSafetensors,
  MAX_HEADER_BYTES,
  readSafetensors,
  type SafetensorsContents,
  writeSafetensors,
} from './safetensors.js';
export { load, modelFromDescription, save, saveOnnxModel, toOnnx } from './model.js';
