// The fused dense layer on the TypeScript kernels: y = act(x·Wᵀ + b) and its backward.
import type { ActivationCode } from '../backend.js';
import { activationBackward, activationForward } from './activations.js';
import { gemm } from './gemm.js';

export function denseForward(
  m: number,
  n: number,
  k: number,
  x: Float32Array,
  w: Float32Array,
  b: Float32Array | null,
  act: ActivationCode,
  alpha: number,
  out: Float32Array,
  preActivation: Float32Array | null,
): void {
  const z = preActivation ?? out;
  gemm(false, true, m, n, k, 1, x, w, 0, z); // z = x·Wᵀ
  if (b !== null) {
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) z[row + j] += b[j];
    }
  }
  activationForward(act, alpha, z, out);
}

export function denseBackward(
  m: number,
  n: number,
  k: number,
  x: Float32Array,
  w: Float32Array,
  preActivation: Float32Array | null,
  out: Float32Array,
  dy: Float32Array,
  act: ActivationCode,
  alpha: number,
  dZ: Float32Array,
  dX: Float32Array | null,
  dW: Float32Array | null,
  db: Float32Array | null,
  accumulate: boolean,
): void {
  activationBackward(act, alpha, preActivation, out, dy, dZ); // dZ = dY ⊙ act′
  if (dW !== null) gemm(true, false, n, k, m, 1, dZ, x, accumulate ? 1 : 0, dW); // dW = dZᵀ·X
  if (db !== null) {
    if (!accumulate) db.fill(0);
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) db[j] += dZ[row + j]; // db = Σ_rows dZ
    }
  }
  if (dX !== null) gemm(false, false, m, k, n, 1, dZ, w, 0, dX); // dX = dZ·W
}
