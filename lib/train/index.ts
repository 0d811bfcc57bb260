// lib/train: fit (async, event-loop friendly) and fitSync, evaluate, predict, metrics,
// callbacks, early stopping, progress output.
export type { Callback, CallbackContext, History } from './callbacks.js';
export type { BatchStream, DataLike, StreamBatch, XY } from './data.js';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export { evaluate, type EvaluateOptions, predict } from './evaluate.js';
export { fit, fitSync } from './fit.js';
export { type Logs, type MetricName, metricNames } from './metrics.js';
export type { FitOptions, Mode } from './options.js';
export { formatLogs, type Verbosity } from './progress.js';
