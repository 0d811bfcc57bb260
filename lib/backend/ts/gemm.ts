// TypeScript GEMM over Float32Array, the fallback and the reference for the native one.
import { checkGemmArgs } from '../check.js';

export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  b: Float32Array,
  beta: number,
  c: Float32Array,
): void {
  checkGemmArgs(m, n, k, a, b, c);
  for (let i = 0; i < m; i++) {
    const rowC = i * n;
    if (beta === 0)
      c.fill(0, rowC, rowC + n); // beta = 0 ignores C (NaN included), as BLAS
    else if (beta !== 1) for (let j = 0; j < n; j++) c[rowC + j] *= beta;
    if (alpha === 0 || k === 0) continue;
    if (!transB) {
      // i-p-j: the inner loop runs along contiguous rows of B and C
      for (let p = 0; p < k; p++) {
        const aip = alpha * (transA ? a[p * m + i] : a[i * k + p]);
        if (aip === 0) continue;
        const rowB = p * n;
        for (let j = 0; j < n; j++) c[rowC + j] += aip * b[rowB + j];
      }
    } else {
      for (let j = 0; j < n; j++) {
        const rowB = j * k;
        let sum = 0;
        if (!transA) {
          const rowA = i * k;
          for (let p = 0; p < k; p++) sum += a[rowA + p] * b[rowB + p];
        } else {
          for (let p = 0; p < k; p++) sum += a[p * m + i] * b[rowB + p];
        }
        c[rowC + j] += alpha * sum;
      }
    }
  }
}
