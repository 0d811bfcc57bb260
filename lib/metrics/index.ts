// Metrics on their own (outside fit): `metrics.accuracy(yTrue, yPred)`, … with scikit-learn's
// definitions. Inputs are Tensors, nested arrays or typed arrays.
export {
  type Average,
  accuracy,
  type ClassOptions,
  confusionMatrix,
  type PrfOptions,
  type PrfResult,
  precisionRecallF1,
  rocAuc,
  topKAccuracy,
} from './classification.js';
export { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from './regression.js';
export type { MetricInput } from './values.js';
