// Every op, one file each (forward above its VJP).
export { abs } from './abs.js';
export { activation, elu, gelu, leakyRelu, relu, sigmoid, softplus, tanh } from './activations.js';
export { add } from './add.js';
export { argmax, argmin, type TopkOptions, topk } from './argmax.js';
export { clamp } from './clamp.js';
export { concat } from './concat.js';
export { type ConvOptions, conv1d, conv2d } from './conv.js';
export { type ConvTransposeOptions, convTranspose2d } from './conv-transpose.js';
export { type BatchNormOptions, batchNorm } from './batch-norm.js';
export { dense } from './dense.js';
export { div } from './div.js';
export { dropout2d } from './dropout2d.js';
export { exp } from './exp.js';
export { flatten } from './flatten.js';
export { gather, scatterAdd } from './gather.js';
export { groupNorm } from './group-norm.js';
export { log } from './log.js';
export { matmul } from './matmul.js';
export { maximum, minimum } from './maximum.js';
export { mul } from './mul.js';
export { neg } from './neg.js';
export { permute, transpose } from './permute.js';
export {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  type AvgPoolOptions,
  avgPool1d,
  avgPool2d,
  type MaxPoolOptions,
  maxPool1d,
  maxPool2d,
} from './pool.js';
export { pow } from './pow.js';
export { max, mean, min, sum } from './reduce.js';
export { reshape } from './reshape.js';
export { indexSelect, slice } from './slice.js';
export { logSoftmax, softmax } from './softmax.js';
export { sqrt } from './sqrt.js';
export { clone, squeeze, unsqueeze } from './squeeze.js';
export { sub } from './sub.js';
export { where } from './where.js';
export { type AttentionOptions, scaledDotProductAttention } from './attention.js';
export { type EmbeddingOptions, embedding, type TokenIds } from './embedding.js';
export { layerNorm, rmsNorm } from './norm.js';
