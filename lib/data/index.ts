// chainrule's data pipeline: arrays, CSV, IDX (MNIST), streams, batching, normalizers,
// labels, splits and built-in data sets — over plain row-major float32 matrices.
export * from './batches.js';
export * from './csv.js';
export * from './datasets.js';
export * from './idx.js';
export * from './labels.js';
export * from './matrix.js';
export * from './normalize.js';
export { gaussian, permutation, pickGenerator, pickRandom, seededRandom, shuffleInPlace } from './rng.js';
export * from './split.js';
