// TypeScript GEMM over Float32Array, written for V8: a 4×4 block of C lives in 16 local
// accumulators (V8 keeps them in registers) while k runs, so each step loads 4 values of A
// and 4 of B for 16 multiply-adds instead of a load and a store of C per multiply-add.
// k is cut into KC-long blocks so the 4-column sliver of B stays in L1 while every row of
// A passes. Transposes only change the strides; nothing is packed and nothing allocated.
import { checkGemmArgs } from '../check.js';

// KC = 256: a 256×4 sliver of B is 4 KiB — in L1 with room for the A rows streaming past.
const KC = 256;

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
  // C ← beta·C first (beta = 0 ignores C, NaN included, as BLAS); then C += alpha·A·B.
  if (beta === 0) c.fill(0, 0, m * n);
  else if (beta !== 1) for (let i = 0; i < m * n; i++) c[i] *= beta;
  if (alpha === 0 || k === 0 || m === 0 || n === 0) return;
  // A(i, p) = a[i·aRow + p·aCol], B(p, j) = b[p·bRow + j·bCol]
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    for (let j = 0; j < n4; j += 4) {
      const b0 = p0 * bRow + j * bCol;
      for (let i = 0; i < m4; i += 4)
        block4x4(a, b, c, n, i * aRow + p0 * aCol, aRow, aCol, b0, bRow, bCol, p1 - p0, i * n + j, alpha);
      for (let i = m4; i < m; i++) {
        // one row of A against the 4 columns
        let c0 = 0;
        let c1 = 0;
        let c2 = 0;
        let c3 = 0;
        let ia = i * aRow + p0 * aCol;
        let ib = b0;
        for (let p = p0; p < p1; p++) {
          const av = a[ia];
          c0 += av * b[ib];
          c1 += av * b[ib + bCol];
          c2 += av * b[ib + 2 * bCol];
          c3 += av * b[ib + 3 * bCol];
          ia += aCol;
          ib += bRow;
        }
        const ic = i * n + j;
        c[ic] += alpha * c0;
        c[ic + 1] += alpha * c1;
        c[ic + 2] += alpha * c2;
        c[ic + 3] += alpha * c3;
      }
    }
    for (let j = n4; j < n; j++) {
      // the last n % 4 columns, one dot product each
      for (let i = 0; i < m; i++) {
        let sum = 0;
        let ia = i * aRow + p0 * aCol;
        let ib = p0 * bRow + j * bCol;
        for (let p = p0; p < p1; p++) {
          sum += a[ia] * b[ib];
          ia += aCol;
          ib += bRow;
        }
        c[i * n + j] += alpha * sum;
      }
    }
  }
}

/** C[4×4 at ic] += alpha · A[4 rows from ia] · B[4 columns from ib], over kc steps. */
// prettier-ignore: a 4×4 register block reads best as a grid
function block4x4(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  n: number,
  ia: number,
  aRow: number,
  aCol: number,
  ib: number,
  bRow: number,
  bCol: number,
  kc: number,
  ic: number,
  alpha: number,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  const a1 = aRow,
    a2 = 2 * aRow,
    a3 = 3 * aRow;
  const b1 = bCol,
    b2 = 2 * bCol,
    b3 = 3 * bCol;
  for (let p = 0; p < kc; p++) {
    const x0 = a[ia],
      x1 = a[ia + a1],
      x2 = a[ia + a2],
      x3 = a[ia + a3];
    const y0 = b[ib],
      y1 = b[ib + b1],
      y2 = b[ib + b2],
      y3 = b[ib + b3];
    c00 += x0 * y0;
    c01 += x0 * y1;
    c02 += x0 * y2;
    c03 += x0 * y3;
    c10 += x1 * y0;
    c11 += x1 * y1;
    c12 += x1 * y2;
    c13 += x1 * y3;
    c20 += x2 * y0;
    c21 += x2 * y1;
    c22 += x2 * y2;
    c23 += x2 * y3;
    c30 += x3 * y0;
    c31 += x3 * y1;
    c32 += x3 * y2;
    c33 += x3 * y3;
    ia += aCol;
    ib += bRow;
  }
  c[ic] += alpha * c00;
  c[ic + 1] += alpha * c01;
  c[ic + 2] += alpha * c02;
  c[ic + 3] += alpha * c03;
  ic += n;
  c[ic] += alpha * c10;
  c[ic + 1] += alpha * c11;
  c[ic + 2] += alpha * c12;
  c[ic + 3] += alpha * c13;
  ic += n;
  c[ic] += alpha * c20;
  c[ic + 1] += alpha * c21;
  c[ic + 2] += alpha * c22;
  c[ic + 3] += alpha * c23;
  ic += n;
  c[ic] += alpha * c30;
  c[ic + 1] += alpha * c31;
  c[ic + 2] += alpha * c32;
  c[ic + 3] += alpha * c33;
}
