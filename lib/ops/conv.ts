// conv1d / conv2d, PyTorch's layout: x [n, cIn, (h,) w], weight [cOut, cIn/groups, (kh,) kw],
// bias [cOut]; out = ⌊(in + 2·pad − dilation·(k − 1) − 1)/stride⌋ + 1 per spatial axis.
// A 1-d convolution is the 2-d one with h = 1 (same memory), so both run the same kernels:
//   forward  y = x ⊛ W + b                     backend().conv2dForward
//   VJP      dx = dy ⊛ᵀ W  (transposed conv)   backend().conv2dBackwardData
//            dW = Σ dy·im2col(x)ᵀ, db = Σ dy    backend().conv2dBackwardWeight
import { exclusiveGrad, node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { type ConvGeometry, packConvGeometry } from '../backend/conv-geometry.js';
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';
import { formatSize, type Padding2, type Size2, spatialInput, tuple } from './spatial-args.js';

export interface ConvOptions {
  stride?: Size2;
  /** An int or pair, or 'valid' (0) or 'same' (output size = input size; stride 1 only). */
  padding?: Padding2;
  dilation?: Size2;
  groups?: number;
}

export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: ConvOptions = {}): Tensor {
  return convolve('conv2d', 2, x, weight, bias, opts);
}

export function conv1d(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
  opts: { stride?: number; padding?: number | 'same' | 'valid'; dilation?: number; groups?: number } = {},
): Tensor {
  return convolve('conv1d', 1, x, weight, bias, opts as ConvOptions);
}

/** The conv geometry (1-d as h = 1) after every check; padding is the leading (top/left) pad. */
export function convGeometry(
  op: string,
  dims: 1 | 2,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  opts: ConvOptions,
): { geometry: ConvGeometry; batched: boolean } {
  if (typeof opts !== 'object' || opts === null)
    throw new TypeError(`${op}: expected options to be an object, got ${describe(opts)}`);
  const { n, c, spatial, batched } = spatialInput(op, x, dims);
  if (weight.ndim !== dims + 2) {
    const names = dims === 1 ? 'k' : 'kh, kw';
    throw new RangeError(
      `${op}: expected weight [out, in/groups, ${names}] (${dims + 2}-d), got ${formatShape(weight.shape)}`,
    );
  }
  const groups = opts.groups ?? 1;
  if (!Number.isSafeInteger(groups) || groups < 1) {
    throw new RangeError(`${op}: expected groups to be a positive integer, got ${describe(groups)}`);
  }
  const [cOut, cInG, ...kernel] = weight.shape;
  if (c % groups !== 0 || cOut % groups !== 0) {
    throw new RangeError(
      `${op}: expected groups ${groups} to divide the input channels and the output channels, got x ${formatShape(x.shape)} (${c} channels) and weight ${formatShape(weight.shape)} (${cOut} out)`,
    );
  }
  if (cInG * groups !== c) {
    throw new RangeError(
      `${op}: expected x with weight.shape[1]·groups = ${cInG}·${groups} = ${cInG * groups} channels, got x ${formatShape(x.shape)} and weight ${formatShape(weight.shape)}`,
    );
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== cOut)) {
    throw new RangeError(`${op}: expected bias of shape [${cOut}], got ${formatShape(bias.shape)}`);
  }
  const stride = tuple(op, 'stride', opts.stride ?? 1, dims, 1);
  const dilation = tuple(op, 'dilation', opts.dilation ?? 1, dims, 1);
  const padding = opts.padding ?? 0;
  let pad: number[];
  if (padding === 'valid') pad = new Array<number>(dims).fill(0);
  else if (padding === 'same') {
    if (stride.some((s) => s !== 1)) {
      throw new RangeError(`${op}: padding 'same' needs stride 1, got stride ${formatSize(stride)}`);
    }
    // total d·(k−1), the odd one extra at the end (as PyTorch): the leading pad is half, rounded down
    pad = kernel.map((k, i) => Math.floor((dilation[i] * (k - 1)) / 2));
  } else pad = tuple(op, 'padding', padding, dims, 0);
  const effective = kernel.map((k, i) => dilation[i] * (k - 1) + 1);
  const padded = spatial.map((s, i) => s + 2 * pad[i]);
  if (padding !== 'same' && effective.some((k, i) => k > padded[i])) {
    throw new RangeError(
      `${op}: kernel ${formatSize(kernel)} (dilated ${formatSize(effective)}) is larger than the padded input ${formatSize(padded)}, got x ${formatShape(x.shape)}, weight ${formatShape(weight.shape)}, padding ${formatSize(pad)}`,
    );
  }
  const out =
    padding === 'same'
      ? spatial.slice()
      : spatial.map((_, i) => Math.floor((padded[i] - effective[i]) / stride[i]) + 1);
  const two = (v: number[], one: number) => (dims === 1 ? [one, v[0]] : v);
  const [h, w] = two(spatial, 1);
  const [kh, kw] = two(kernel, 1);
  const [outH, outW] = two(out, 1);
  const [strideH, strideW] = two(stride, 1);
  const [padH, padW] = two(pad, 0);
  const [dilationH, dilationW] = two(dilation, 1);
  return {
    geometry: { n, cIn: c, h, w, cOut, kh, kw, outH, outW, strideH, strideW, padH, padW, dilationH, dilationW, groups },
    batched,
  };
}

function convolve(op: string, dims: 1 | 2, x: Tensor, weight: Tensor, bias: Tensor | null, opts: ConvOptions): Tensor {
  checkTensor(op, 'x', x);
  checkTensor(op, 'weight', weight);
  const b = bias ?? null;
  if (b !== null) checkTensor(op, 'bias', b);
  const { geometry: g, batched } = convGeometry(op, dims, x, weight, b, opts);
  const geom = packConvGeometry(g);
  const spatialOut = dims === 1 ? [g.outW] : [g.outH, g.outW];
  const y = Tensor.empty(batched ? [g.n, g.cOut, ...spatialOut] : [g.cOut, ...spatialOut]);
  backend().conv2dForward(geom, x.data, weight.data, b ? b.data : null, y.data);
  const inputs = b ? [x, weight, b] : [x, weight];
  return node(
    op,
    inputs,
    y,
    (dy) => {
      const distinct = x !== weight && (b === null || (b !== x && b !== weight));
      const grad = (t: Tensor) => (distinct ? exclusiveGrad(Tensor.empty(t.shape)) : Tensor.empty(t.shape));
      const dx = x.requiresGrad ? grad(x) : null;
      if (dx) backend().conv2dBackwardData(geom, dy.data, weight.data, dx.data);
      let dW: Tensor | null = null;
      let db: Tensor | null = null;
      if (weight.requiresGrad || b?.requiresGrad) {
        dW = weight.requiresGrad ? grad(weight) : Tensor.empty(weight.shape);
        db = b?.requiresGrad ? grad(b) : null;
        backend().conv2dBackwardWeight(geom, x.data, dy.data, dW.data, db ? db.data : null);
        if (!weight.requiresGrad) dW = null;
      }
      return b ? [dx, dW, db] : [dx, dW];
    },
    { geometry: g },
  );
}
