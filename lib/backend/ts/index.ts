// The pure-TypeScript backend: the fallback wherever no native binary loads, and the
// reference the native kernels are tested against.
import type { Backend } from '../backend.js';
import { activationBackward, activationForward } from './activations.js';
import { denseBackward, denseForward } from './dense.js';
import { gemm } from './gemm.js';

export const tsKernels: Omit<Backend, 'name'> = {
  gemm,
  activationForward,
  activationBackward,
  denseForward,
  denseBackward,
};

export const tsBackend: Backend = { name: 'ts', ...tsKernels };
