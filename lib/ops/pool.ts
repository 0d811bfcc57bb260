// Pooling, PyTorch's semantics: maxPool1d/2d (the VJP routes dy to each window's arg-max,
// the first maximum in window order on ties), avgPool1d/2d (countIncludePad, ceilMode,
// divisorOverride) and adaptiveAvgPool1d/2d (output i averages ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1).
// out = ⌊(in + 2·pad − dilation·(k − 1) − 1 (+ stride − 1 with ceilMode))/stride⌋ + 1, less
// one when ceilMode would start the last window past the input and its leading pad.
// 1-d ops are the 2-d ones with h = 1 (the same memory).
import { exclusiveGrad, node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { type PoolGeometry, packPoolGeometry } from '../backend/conv-geometry.js';
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';
import { formatSize, type Size2, spatialInput, tuple } from './spatial-args.js';

export interface MaxPoolOptions {
  /** Defaults to the kernel size. */
  stride?: Size2;
  padding?: Size2;
  dilation?: Size2;
  ceilMode?: boolean;
}

export interface AvgPoolOptions {
  stride?: Size2;
  padding?: Size2;
  ceilMode?: boolean;
  /** Count the zero padding in each window's divisor (PyTorch's default, true). */
  countIncludePad?: boolean;
  divisorOverride?: number;
}

function outputSize(size: number, k: number, stride: number, pad: number, dilation: number, ceil: boolean): number {
  const span = size + 2 * pad - dilation * (k - 1) - 1 + (ceil ? stride - 1 : 0);
  let out = Math.floor(span / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

function poolGeometry(
  op: string,
  dims: 1 | 2,
  x: Tensor,
  kernelSize: unknown,
  opts: MaxPoolOptions & AvgPoolOptions,
): { g: PoolGeometry; batched: boolean } {
  checkTensor(op, 'x', x);
  if (typeof opts !== 'object' || opts === null)
    throw new TypeError(`${op}: expected options to be an object, got ${describe(opts)}`);
  const { n, c, spatial, batched } = spatialInput(op, x, dims);
  const kernel = tuple(op, 'kernelSize', kernelSize, dims, 1);
  const stride = tuple(op, 'stride', opts.stride ?? kernel, dims, 1);
  const pad = tuple(op, 'padding', opts.padding ?? 0, dims, 0);
  const dilation = tuple(op, 'dilation', opts.dilation ?? 1, dims, 1);
  const ceil = opts.ceilMode === true;
  if (pad.some((p, i) => 2 * p > kernel[i])) {
    throw new RangeError(
      `${op}: expected padding at most half the kernel, got padding ${formatSize(pad)} for kernel ${formatSize(kernel)}`,
    );
  }
  const out = spatial.map((s, i) => outputSize(s, kernel[i], stride[i], pad[i], dilation[i], ceil));
  if (out.some((o) => o < 1)) {
    throw new RangeError(
      `${op}: kernel ${formatSize(kernel)} (dilation ${formatSize(dilation)}) is larger than the padded input, got x ${formatShape(x.shape)} and padding ${formatSize(pad)} (output ${formatSize(out)})`,
    );
  }
  let divisor = 0;
  if (opts.divisorOverride !== undefined) {
    if (!Number.isSafeInteger(opts.divisorOverride) || opts.divisorOverride < 1) {
      throw new RangeError(
        `${op}: expected divisorOverride to be a positive integer, got ${describe(opts.divisorOverride)}`,
      );
    }
    divisor = opts.divisorOverride;
  }
  const two = (v: number[], one: number) => (dims === 1 ? [one, v[0]] : v);
  const [h, w] = two(spatial, 1);
  const [outH, outW] = two(out, 1);
  const [kh, kw] = two(kernel, 1);
  const [strideH, strideW] = two(stride, 1);
  const [padH, padW] = two(pad, 0);
  const [dilationH, dilationW] = two(dilation, 1);
  const g: PoolGeometry = {
    n,
    c,
    h,
    w,
    outH,
    outW,
    kh,
    kw,
    strideH,
    strideW,
    padH,
    padW,
    dilationH,
    dilationW,
    countIncludePad: opts.countIncludePad === false ? 0 : 1,
    divisor,
  };
  return { g, batched };
}

function outShape(dims: 1 | 2, g: PoolGeometry, batched: boolean): number[] {
  const spatial = dims === 1 ? [g.outW] : [g.outH, g.outW];
  return batched ? [g.n, g.c, ...spatial] : [g.c, ...spatial];
}

function maxPool(op: string, dims: 1 | 2, x: Tensor, kernelSize: unknown, opts: MaxPoolOptions): Tensor {
  const { g, batched } = poolGeometry(op, dims, x, kernelSize, opts as MaxPoolOptions & AvgPoolOptions);
  const geom = packPoolGeometry(g);
  const y = Tensor.empty(outShape(dims, g, batched));
  const indices = new Int32Array(y.size);
  backend().maxPool2dForward(geom, x.data, y.data, indices);
  return node(
    op,
    [x],
    y,
    (dy) => {
      const dx = exclusiveGrad(Tensor.empty(x.shape));
      backend().maxPool2dBackward(geom, dy.data, indices, dx.data);
      return [dx];
    },
    { indices },
  );
}

function avgPool(op: string, dims: 1 | 2, x: Tensor, kernelSize: unknown, opts: AvgPoolOptions): Tensor {
  if (opts && (opts as MaxPoolOptions).dilation !== undefined) {
    throw new RangeError(`${op}: average pooling has no dilation`);
  }
  const { g, batched } = poolGeometry(op, dims, x, kernelSize, opts);
  const geom = packPoolGeometry(g);
  const y = Tensor.empty(outShape(dims, g, batched));
  backend().avgPool2dForward(geom, x.data, y.data);
  return node(op, [x], y, (dy) => {
    const dx = exclusiveGrad(Tensor.empty(x.shape));
    backend().avgPool2dBackward(geom, dy.data, dx.data);
    return [dx];
  });
}

export const maxPool2d = (x: Tensor, kernelSize: Size2, opts: MaxPoolOptions = {}): Tensor =>
  maxPool('maxPool2d', 2, x, kernelSize, opts);
export const maxPool1d = (x: Tensor, kernelSize: number, opts: MaxPoolOptions = {}): Tensor =>
  maxPool('maxPool1d', 1, x, kernelSize, opts);
export const avgPool2d = (x: Tensor, kernelSize: Size2, opts: AvgPoolOptions = {}): Tensor =>
  avgPool('avgPool2d', 2, x, kernelSize, opts);
export const avgPool1d = (x: Tensor, kernelSize: number, opts: AvgPoolOptions = {}): Tensor =>
  avgPool('avgPool1d', 1, x, kernelSize, opts);

function adaptiveAvgPool(op: string, dims: 1 | 2, x: Tensor, outputSize: unknown): Tensor {
  checkTensor(op, 'x', x);
  const { n, c, spatial, batched } = spatialInput(op, x, dims);
  // null keeps the input's size on that axis, as PyTorch's None
  const list = typeof outputSize === 'number' || outputSize === null ? new Array(dims).fill(outputSize) : outputSize;
  if (
    !Array.isArray(list) ||
    list.length !== dims ||
    !list.every((d) => d === null || (Number.isSafeInteger(d) && d >= 1))
  ) {
    throw new RangeError(
      `${op}: expected outputSize to be a positive integer${dims === 2 ? ' or a pair of them (null keeps that axis)' : ''}, got ${describe(outputSize)}${Array.isArray(outputSize) ? ` [${outputSize.map(String).join(',')}]` : ''}`,
    );
  }
  const out = list.map((d: number | null, i: number) => (d === null ? spatial[i] : d));
  if (spatial.some((s) => s < 1)) {
    throw new RangeError(`${op}: expected a non-empty input plane, got x ${formatShape(x.shape)}`);
  }
  const [h, w] = dims === 1 ? [1, spatial[0]] : spatial;
  const [outH, outW] = dims === 1 ? [1, out[0]] : out;
  const y = Tensor.empty(batched ? [n, c, ...out] : [c, ...out]);
  backend().adaptiveAvgPool2dForward(n * c, h, w, outH, outW, x.data, y.data);
  return node(op, [x], y, (dy) => {
    const dx = exclusiveGrad(Tensor.empty(x.shape));
    backend().adaptiveAvgPool2dBackward(n * c, h, w, outH, outW, dy.data, dx.data);
    return [dx];
  });
}

/** Output [n, c, outH, outW] whatever the input's size; outputSize 1 is global average pooling. */
export const adaptiveAvgPool2d = (x: Tensor, outputSize: number | [number | null, number | null]): Tensor =>
  adaptiveAvgPool('adaptiveAvgPool2d', 2, x, outputSize);
export const adaptiveAvgPool1d = (x: Tensor, outputSize: number): Tensor =>
  adaptiveAvgPool('adaptiveAvgPool1d', 1, x, outputSize);
