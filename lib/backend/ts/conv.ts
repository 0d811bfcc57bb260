// Convolution as GEMM (im2col): for each image and group, the input patches are unrolled
// into col [K = cIn/g·kh·kw, outH·outW] and
//   forward          y_g  = W_g · col                 (W_g is [cOut/g, K])
//   backward-data    dcol = W_gᵀ · dy_g, then col2im adds each patch back into dx
//   backward-weight  dW_g += dy_g · colᵀ,  db = Σ dy
// A 1×1 convolution with stride 1 and no padding needs no unrolling: col is x itself.
import { checkFloats } from '../check.js';
import { ConvGeom } from '../conv-geometry.js';
import { gemm } from './gemm.js';

let colBuffer = new Float32Array(0);

/** The im2col scratch, reused across calls (kernels are synchronous). */
function scratch(size: number): Float32Array {
  if (colBuffer.length < size) colBuffer = new Float32Array(size);
  return colBuffer.subarray(0, size);
}

const nonNegative = ['n', 'cIn', 'h', 'w', 'cOut', 'outH', 'outW', 'padH', 'padW'] as const;
const positive = ['kh', 'kw', 'strideH', 'strideW', 'dilationH', 'dilationW', 'groups'] as const;

export interface Conv {
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

/** Decodes and checks a conv geometry as the addon does: sizes, groups, and out = ⌊(in + 2p (+1) − d(k−1) − 1)/s⌋ + 1. */
export function decodeConv(op: string, geom: unknown): Conv {
  if (!(geom instanceof Int32Array) || geom.length !== 16) {
    throw new TypeError(`${op}: expected geometry to be an Int32Array of length 16`);
  }
  const g = {} as Conv;
  for (const [key, index] of Object.entries(ConvGeom)) g[key as keyof Conv] = geom[index];
  for (const key of nonNegative) if (g[key] < 0) throw new RangeError(`${op}: expected ${key} ≥ 0, got ${g[key]}`);
  for (const key of positive) if (g[key] < 1) throw new RangeError(`${op}: expected ${key} ≥ 1, got ${g[key]}`);
  if (g.cIn % g.groups !== 0 || g.cOut % g.groups !== 0) {
    throw new RangeError(`${op}: expected groups ${g.groups} to divide cIn ${g.cIn} and cOut ${g.cOut}`);
  }
  // The trailing pad is padH or padH + 1 (padding 'same' with an even dilated kernel).
  const outSize = (size: number, pad: number, extra: number, k: number, d: number, s: number) =>
    Math.max(Math.floor((size + 2 * pad + extra - d * (k - 1) - 1) / s) + 1, 0);
  const lowH = outSize(g.h, g.padH, 0, g.kh, g.dilationH, g.strideH);
  const lowW = outSize(g.w, g.padW, 0, g.kw, g.dilationW, g.strideW);
  const highH = outSize(g.h, g.padH, 1, g.kh, g.dilationH, g.strideH);
  const highW = outSize(g.w, g.padW, 1, g.kw, g.dilationW, g.strideW);
  if (g.outH < lowH || g.outH > highH || g.outW < lowW || g.outW > highW) {
    throw new RangeError(`${op}: expected output ${lowH}×${lowW} for this geometry, got ${g.outH}×${g.outW}`);
  }
  const sizes = g.n * g.cIn * g.h * g.w + g.cOut * g.kh * g.kw * g.cIn + g.n * g.cOut * g.outH * g.outW;
  if (!(sizes <= 2 ** 31)) throw new RangeError(`${op}: tensors larger than 2^31 elements`);
  return g;
}

function checkConvArrays(
  op: string,
  g: Conv,
  x: unknown,
  w: unknown,
  y: unknown,
  b: unknown,
  names: [string, string, string],
): void {
  checkFloats(op, names[0], x, g.n * g.cIn * g.h * g.w, 'n*cIn*h*w');
  checkFloats(op, names[1], w, g.cOut * (g.cIn / g.groups) * g.kh * g.kw, 'cOut*cIn/groups*kh*kw');
  checkFloats(op, names[2], y, g.n * g.cOut * g.outH * g.outW, 'n*cOut*outH*outW');
  if (b !== null) checkFloats(op, 'bias', b, g.cOut, 'cOut');
}

function isPointwise(g: Conv): boolean {
  return g.kh === 1 && g.kw === 1 && g.strideH === 1 && g.strideW === 1 && g.padH === 0 && g.padW === 0;
}

/** col[(c·kh + i)·kw + j][oh·outW + ow] = x[c, oh·sH − pH + i·dH, ow·sW − pW + j·dW] (0 outside). */
function im2col(g: Conv, x: Float32Array, xOffset: number, channels: number, col: Float32Array): void {
  const { h, w, kh, kw, outH, outW, strideH, strideW, padH, padW, dilationH, dilationW } = g;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const plane = xOffset + c * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        let o = row * outH * outW;
        for (let oh = 0; oh < outH; oh++) {
          const ih = oh * strideH - padH + i * dilationH;
          if (ih < 0 || ih >= h) {
            col.fill(0, o, o + outW);
            o += outW;
            continue;
          }
          const base = plane + ih * w;
          let iw = j * dilationW - padW;
          for (let ow = 0; ow < outW; ow++, o++, iw += strideW) col[o] = iw >= 0 && iw < w ? x[base + iw] : 0;
        }
      }
    }
  }
}

/** The adjoint of im2col: dx[c, ih, iw] += every col entry read from there. */
function col2im(g: Conv, col: Float32Array, channels: number, dx: Float32Array, dxOffset: number): void {
  const { h, w, kh, kw, outH, outW, strideH, strideW, padH, padW, dilationH, dilationW } = g;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const plane = dxOffset + c * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        let o = row * outH * outW;
        for (let oh = 0; oh < outH; oh++) {
          const ih = oh * strideH - padH + i * dilationH;
          if (ih < 0 || ih >= h) {
            o += outW;
            continue;
          }
          const base = plane + ih * w;
          let iw = j * dilationW - padW;
          for (let ow = 0; ow < outW; ow++, o++, iw += strideW) if (iw >= 0 && iw < w) dx[base + iw] += col[o];
        }
      }
    }
  }
}

/** y = x ⊛ w + b (b may be null). */
export function conv2dForward(
  geom: Int32Array,
  x: Float32Array,
  w: Float32Array,
  b: Float32Array | null,
  y: Float32Array,
): void {
  const g = decodeConv('conv2dForward', geom);
  checkConvArrays('conv2dForward', g, x, w, y, b, ['x', 'weight', 'y']);
  const cInG = g.cIn / g.groups;
  const cOutG = g.cOut / g.groups;
  const K = cInG * g.kh * g.kw;
  const spatial = g.outH * g.outW;
  const pointwise = isPointwise(g);
  const col = pointwise ? null : scratch(K * spatial);
  for (let img = 0; img < g.n; img++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const xOffset = (img * g.cIn + grp * cInG) * g.h * g.w;
      const yOffset = (img * g.cOut + grp * cOutG) * spatial;
      const yg = y.subarray(yOffset, yOffset + cOutG * spatial);
      const wg = w.subarray(grp * cOutG * K, (grp + 1) * cOutG * K);
      let src: Float32Array;
      if (col === null) src = x.subarray(xOffset, xOffset + K * spatial);
      else {
        im2col(g, x, xOffset, cInG, col);
        src = col;
      }
      gemm(false, false, cOutG, spatial, K, 1, wg, src, 0, yg);
      if (b !== null) {
        for (let o = 0; o < cOutG; o++) {
          const bias = b[grp * cOutG + o];
          for (let s = o * spatial; s < (o + 1) * spatial; s++) yg[s] += bias;
        }
      }
    }
  }
}

/** dx = ∂(x ⊛ w)/∂x applied to dy (overwrites dx): the transposed convolution of dy. */
export function conv2dBackwardData(geom: Int32Array, dy: Float32Array, w: Float32Array, dx: Float32Array): void {
  const g = decodeConv('conv2dBackwardData', geom);
  checkConvArrays('conv2dBackwardData', g, dx, w, dy, null, ['dx', 'weight', 'dy']);
  const cInG = g.cIn / g.groups;
  const cOutG = g.cOut / g.groups;
  const K = cInG * g.kh * g.kw;
  const spatial = g.outH * g.outW;
  const pointwise = isPointwise(g);
  const col = pointwise ? null : scratch(K * spatial);
  if (!pointwise) dx.fill(0);
  for (let img = 0; img < g.n; img++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const xOffset = (img * g.cIn + grp * cInG) * g.h * g.w;
      const yOffset = (img * g.cOut + grp * cOutG) * spatial;
      const dyg = dy.subarray(yOffset, yOffset + cOutG * spatial);
      const wg = w.subarray(grp * cOutG * K, (grp + 1) * cOutG * K);
      if (col === null)
        gemm(true, false, K, spatial, cOutG, 1, wg, dyg, 0, dx.subarray(xOffset, xOffset + K * spatial));
      else {
        gemm(true, false, K, spatial, cOutG, 1, wg, dyg, 0, col);
        col2im(g, col, cInG, dx, xOffset);
      }
    }
  }
}

/** dW = Σ_images dy·colᵀ and db = Σ dy (overwritten); db may be null. */
export function conv2dBackwardWeight(
  geom: Int32Array,
  x: Float32Array,
  dy: Float32Array,
  dw: Float32Array,
  db: Float32Array | null,
): void {
  const g = decodeConv('conv2dBackwardWeight', geom);
  checkConvArrays('conv2dBackwardWeight', g, x, dw, dy, db, ['x', 'dWeight', 'dy']);
  const cInG = g.cIn / g.groups;
  const cOutG = g.cOut / g.groups;
  const K = cInG * g.kh * g.kw;
  const spatial = g.outH * g.outW;
  const pointwise = isPointwise(g);
  const col = pointwise ? null : scratch(K * spatial);
  dw.fill(0);
  for (let img = 0; img < g.n; img++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const xOffset = (img * g.cIn + grp * cInG) * g.h * g.w;
      const yOffset = (img * g.cOut + grp * cOutG) * spatial;
      const dyg = dy.subarray(yOffset, yOffset + cOutG * spatial);
      const dwg = dw.subarray(grp * cOutG * K, (grp + 1) * cOutG * K);
      let src: Float32Array;
      if (col === null) src = x.subarray(xOffset, xOffset + K * spatial);
      else {
        im2col(g, x, xOffset, cInG, col);
        src = col;
      }
      gemm(false, true, cOutG, K, spatial, 1, dyg, src, 1, dwg);
    }
  }
  if (db !== null) {
    db.fill(0);
    for (let img = 0; img < g.n; img++) {
      for (let c = 0; c < g.cOut; c++) {
        const o = (img * g.cOut + c) * spatial;
        let s = 0;
        for (let i = o; i < o + spatial; i++) s += dy[i];
        db[c] += s;
      }
    }
  }
}
