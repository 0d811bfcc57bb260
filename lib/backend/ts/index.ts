// The pure-TypeScript backend: the fallback wherever no native binary loads, and the
// reference the native kernels are tested against.
import type { Backend } from '../backend.js';
import { activationBackward, activationForward } from './activations.js';
import { denseBackward, denseForward } from './dense.js';
import {
  binaryBackward,
  binaryForward,
  stridedAccumulate,
  stridedCopy,
  unaryBackward,
  unaryForward,
} from './elementwise.js';
import { gemm } from './gemm.js';
import { reduceBackward, reduceForward } from './reduce.js';
import { logSoftmaxBackward, logSoftmaxForward, softmaxBackward, softmaxForward } from './softmax.js';
// --- fused kernels (kernels issue) ---
import { softmaxCrossEntropyBackward, softmaxCrossEntropyForward } from './losses.js';
import { adamUpdate, sgdUpdate } from './optim.js';
// --- convolution, pooling, batch norm ---
import { batchNormApply, batchNormBackward, batchNormStats } from './batchnorm.js';
import { conv2dBackwardData, conv2dBackwardWeight, conv2dForward } from './conv.js';
import {
  adaptiveAvgPool2dBackward,
  adaptiveAvgPool2dForward,
  avgPool2dBackward,
  avgPool2dForward,
  maxPool2dBackward,
  maxPool2dForward,
} from './pool.js';
// --- sequence models ---
import { gruCellBackward, gruCellForward, lstmCellBackward, lstmCellForward } from './recurrent.js';
import {
  causalSoftmaxForward,
  embeddingBackward,
  embeddingForward,
  gemmStridedBatched,
  layerNormBackward,
  layerNormForward,
} from './sequence.js';

export const tsKernels: Omit<Backend, 'name'> = {
  gemm,
  activationForward,
  activationBackward,
  denseForward,
  denseBackward,
  // --- elementwise, reductions, softmax (engine) ---
  unaryForward,
  unaryBackward,
  binaryForward,
  binaryBackward,
  stridedCopy,
  stridedAccumulate,
  reduceForward,
  reduceBackward,
  softmaxForward,
  softmaxBackward,
  logSoftmaxForward,
  logSoftmaxBackward,
  // --- fused kernels (kernels issue) ---
  softmaxCrossEntropyForward,
  softmaxCrossEntropyBackward,
  sgdUpdate,
  adamUpdate,
  // --- convolution, pooling, batch norm ---
  conv2dForward,
  conv2dBackwardData,
  conv2dBackwardWeight,
  maxPool2dForward,
  maxPool2dBackward,
  avgPool2dForward,
  avgPool2dBackward,
  adaptiveAvgPool2dForward,
  adaptiveAvgPool2dBackward,
  batchNormStats,
  batchNormApply,
  batchNormBackward,
  // --- sequence models ---
  gemmStridedBatched,
  causalSoftmaxForward,
  layerNormForward,
  layerNormBackward,
  embeddingForward,
  embeddingBackward,
  lstmCellForward,
  lstmCellBackward,
  gruCellForward,
  gruCellBackward,
};

export const tsBackend: Backend = { name: 'ts', ...tsKernels };
