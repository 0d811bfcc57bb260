// Pooling windows over NCHW planes. maxPool keeps, per output, the flat index (ih·w + iw)
// of the winner in its input plane (PyTorch's `indices`), so backward routes dy there;
// the first strict maximum in window order wins, and a NaN (the last one) over any number, as
// PyTorch's CPU kernel.
// avgPool divides by the window's size clipped to the padded input (countIncludePad) or to
// the input itself, or by divisor when it is non-zero (PyTorch's divisor_override).
import { checkFloats } from '../check.js';
import { PoolGeom } from '../conv-geometry.js';

export interface Pool {
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

/** Decodes and checks a pooling geometry as the addon does; every window overlaps the input. */
export function decodePool(op: string, geom: unknown): Pool {
  if (!(geom instanceof Int32Array) || geom.length !== 16) {
    throw new TypeError(`${op}: expected geometry to be an Int32Array of length 16`);
  }
  const g = {} as Pool;
  for (const [key, index] of Object.entries(PoolGeom)) g[key as keyof Pool] = geom[index];
  for (const key of ['n', 'c', 'h', 'w', 'outH', 'outW', 'padH', 'padW', 'divisor'] as const)
    if (g[key] < 0) throw new RangeError(`${op}: expected ${key} ≥ 0, got ${g[key]}`);
  for (const key of ['kh', 'kw', 'strideH', 'strideW', 'dilationH', 'dilationW'] as const)
    if (g[key] < 1) throw new RangeError(`${op}: expected ${key} ≥ 1, got ${g[key]}`);
  if (2 * g.padH > g.kh || 2 * g.padW > g.kw) {
    throw new RangeError(
      `${op}: expected padding at most half the kernel, got ${g.padH}×${g.padW} for ${g.kh}×${g.kw}`,
    );
  }
  // the last window must start inside the input or its left padding
  if (
    (g.outH > 0 && (g.outH - 1) * g.strideH - g.padH >= g.h) ||
    (g.outW > 0 && (g.outW - 1) * g.strideW - g.padW >= g.w)
  ) {
    throw new RangeError(`${op}: output ${g.outH}×${g.outW} has windows outside the input ${g.h}×${g.w}`);
  }
  if (!(g.n * g.c * g.h * g.w <= 2 ** 31 && g.n * g.c * g.outH * g.outW <= 2 ** 31)) {
    throw new RangeError(`${op}: tensors larger than 2^31 elements`);
  }
  return g;
}

function checkPoolArrays(op: string, g: Pool, x: unknown, y: unknown, names: [string, string]): void {
  checkFloats(op, names[0], x, g.n * g.c * g.h * g.w, 'n*c*h*w');
  checkFloats(op, names[1], y, g.n * g.c * g.outH * g.outW, 'n*c*outH*outW');
}

export function maxPool2dForward(geom: Int32Array, x: Float32Array, y: Float32Array, indices: Int32Array): void {
  const g = decodePool('maxPool2dForward', geom);
  checkPoolArrays('maxPool2dForward', g, x, y, ['x', 'y']);
  if (!(indices instanceof Int32Array) || indices.length !== y.length) {
    throw new TypeError(`maxPool2dForward: expected indices to be an Int32Array of length ${y.length}`);
  }
  const { h, w, outH, outW, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW } = g;
  const planes = g.n * g.c;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * h * w;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = oh * strideH - padH;
      for (let ow = 0; ow < outW; ow++, o++) {
        const w0 = ow * strideW - padW;
        let best = Number.NEGATIVE_INFINITY;
        let at = -1;
        for (let i = 0; i < kh; i++) {
          const ih = h0 + i * dilationH;
          if (ih < 0 || ih >= h) continue;
          for (let j = 0; j < kw; j++) {
            const iw = w0 + j * dilationW;
            if (iw < 0 || iw >= w) continue;
            const v = x[base + ih * w + iw];
            if (v > best || v !== v || at < 0) {
              best = v;
              at = ih * w + iw;
            }
          }
        }
        y[o] = best;
        indices[o] = at;
      }
    }
  }
}

/** dx[winner] += dy (dx overwritten). */
export function maxPool2dBackward(geom: Int32Array, dy: Float32Array, indices: Int32Array, dx: Float32Array): void {
  const g = decodePool('maxPool2dBackward', geom);
  checkPoolArrays('maxPool2dBackward', g, dx, dy, ['dx', 'dy']);
  if (!(indices instanceof Int32Array) || indices.length !== dy.length) {
    throw new TypeError(`maxPool2dBackward: expected indices to be an Int32Array of length ${dy.length}`);
  }
  dx.fill(0);
  const plane = g.h * g.w;
  const outPlane = g.outH * g.outW;
  for (let p = 0; p < g.n * g.c; p++) {
    for (let o = p * outPlane; o < (p + 1) * outPlane; o++) {
      const at = indices[o];
      if (at < 0 || at >= plane) throw new RangeError(`maxPool2dBackward: index ${at} outside the plane of ${plane}`);
      dx[p * plane + at] += dy[o];
    }
  }
}

/** Window [h0, h1) × [w0, w1) clipped to the input, and its divisor. */
function avgWindow(g: Pool, oh: number, ow: number, out: Int32Array): number {
  let h0 = oh * g.strideH - g.padH;
  let w0 = ow * g.strideW - g.padW;
  let h1 = Math.min(h0 + g.kh, g.h + g.padH);
  let w1 = Math.min(w0 + g.kw, g.w + g.padW);
  const padded = (h1 - h0) * (w1 - w0);
  h0 = Math.max(h0, 0);
  w0 = Math.max(w0, 0);
  h1 = Math.min(h1, g.h);
  w1 = Math.min(w1, g.w);
  out[0] = h0;
  out[1] = h1;
  out[2] = w0;
  out[3] = w1;
  if (g.divisor > 0) return g.divisor;
  return g.countIncludePad ? padded : (h1 - h0) * (w1 - w0);
}

const bounds = new Int32Array(4);

export function avgPool2dForward(geom: Int32Array, x: Float32Array, y: Float32Array): void {
  const g = decodePool('avgPool2dForward', geom);
  checkPoolArrays('avgPool2dForward', g, x, y, ['x', 'y']);
  let o = 0;
  for (let p = 0; p < g.n * g.c; p++) {
    const base = p * g.h * g.w;
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++, o++) {
        const divisor = avgWindow(g, oh, ow, bounds);
        let s = 0;
        for (let ih = bounds[0]; ih < bounds[1]; ih++)
          for (let iw = bounds[2]; iw < bounds[3]; iw++) s += x[base + ih * g.w + iw];
        y[o] = s / divisor;
      }
    }
  }
}

/** dx (overwritten) = Σ over windows holding it of dy/divisor. */
export function avgPool2dBackward(geom: Int32Array, dy: Float32Array, dx: Float32Array): void {
  const g = decodePool('avgPool2dBackward', geom);
  checkPoolArrays('avgPool2dBackward', g, dx, dy, ['dx', 'dy']);
  dx.fill(0);
  let o = 0;
  for (let p = 0; p < g.n * g.c; p++) {
    const base = p * g.h * g.w;
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++, o++) {
        const share = dy[o] / avgWindow(g, oh, ow, bounds);
        for (let ih = bounds[0]; ih < bounds[1]; ih++)
          for (let iw = bounds[2]; iw < bounds[3]; iw++) dx[base + ih * g.w + iw] += share;
      }
    }
  }
}

/** PyTorch's adaptive bins: output i averages rows ⌊i·h/out⌋ … ⌈(i+1)·h/out⌉ − 1. */
export function adaptiveAvgPool2dForward(
  planes: number,
  h: number,
  w: number,
  outH: number,
  outW: number,
  x: Float32Array,
  y: Float32Array,
): void {
  checkFloats('adaptiveAvgPool2dForward', 'x', x, planes * h * w, 'planes*h*w');
  checkFloats('adaptiveAvgPool2dForward', 'y', y, planes * outH * outW, 'planes*outH*outW');
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * h * w;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = Math.floor((oh * h) / outH);
      const h1 = Math.ceil(((oh + 1) * h) / outH);
      for (let ow = 0; ow < outW; ow++, o++) {
        const w0 = Math.floor((ow * w) / outW);
        const w1 = Math.ceil(((ow + 1) * w) / outW);
        let s = 0;
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) s += x[base + ih * w + iw];
        y[o] = s / ((h1 - h0) * (w1 - w0));
      }
    }
  }
}

export function adaptiveAvgPool2dBackward(
  planes: number,
  h: number,
  w: number,
  outH: number,
  outW: number,
  dy: Float32Array,
  dx: Float32Array,
): void {
  checkFloats('adaptiveAvgPool2dBackward', 'dy', dy, planes * outH * outW, 'planes*outH*outW');
  checkFloats('adaptiveAvgPool2dBackward', 'dx', dx, planes * h * w, 'planes*h*w');
  dx.fill(0);
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * h * w;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = Math.floor((oh * h) / outH);
      const h1 = Math.ceil(((oh + 1) * h) / outH);
      for (let ow = 0; ow < outW; ow++, o++) {
        const w0 = Math.floor((ow * w) / outW);
        const w1 = Math.ceil(((ow + 1) * w) / outW);
        const share = dy[o] / ((h1 - h0) * (w1 - w0));
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) dx[base + ih * w + iw] += share;
      }
    }
  }
}
