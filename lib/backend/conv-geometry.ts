// The geometry of a convolution or a pooling window, as the kernels take it: one Int32Array
// of sizes, so both backends (and the addon) read the same 16 numbers in the same order.
// Shapes are NCHW; a 1-d op is the 2-d one with H = 1.

/** conv: x [n, cIn, h, w] ⊛ weight [cOut, cIn/groups, kh, kw] → y [n, cOut, outH, outW]. */
export const ConvGeom = {
  n: 0,
  cIn: 1,
  h: 2,
  w: 3,
  cOut: 4,
  kh: 5,
  kw: 6,
  outH: 7,
  outW: 8,
  strideH: 9,
  strideW: 10,
  padH: 11,
  padW: 12,
  dilationH: 13,
  dilationW: 14,
  groups: 15,
} as const;
export const CONV_GEOM_LENGTH = 16;

/**
 * pooling: x [n, c, h, w] → y [n, c, outH, outW], a kh×kw window every stride, padH/padW
 * before the first row/column. countIncludePad (0|1) and divisor (0: none) are avgPool's.
 */
export const PoolGeom = {
  n: 0,
  c: 1,
  h: 2,
  w: 3,
  outH: 4,
  outW: 5,
  kh: 6,
  kw: 7,
  strideH: 8,
  strideW: 9,
  padH: 10,
  padW: 11,
  dilationH: 12,
  dilationW: 13,
  countIncludePad: 14,
  divisor: 15,
} as const;
export const POOL_GEOM_LENGTH = 16;

export interface ConvGeometry {
  n: number;
  cIn: number;
  h: number;
  w: number;
  cOut: number;
  kh: number;
  kw: number;
  outH: number;
  outW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  dilationH: number;
  dilationW: number;
  groups: number;
}

export function packConvGeometry(g: ConvGeometry): Int32Array {
  const out = new Int32Array(CONV_GEOM_LENGTH);
  for (const [key, index] of Object.entries(ConvGeom)) out[index] = g[key as keyof ConvGeometry];
  return out;
}

export interface PoolGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  outH: number;
  outW: number;
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  dilationH: number;
  dilationW: number;
  countIncludePad: number;
  divisor: number;
}

export function packPoolGeometry(g: PoolGeometry): Int32Array {
  const out = new Int32Array(POOL_GEOM_LENGTH);
  for (const [key, index] of Object.entries(PoolGeom)) out[index] = g[key as keyof PoolGeometry];
  return out;
}
