// convTranspose2d, PyTorch's layout: x [n, cIn, h, w], weight [cIn, cOut/groups, kh, kw],
// out = (in − 1)·stride − 2·pad + dilation·(k − 1) + outputPadding + 1. It is the adjoint of
// conv2d (from the output's shape back to x's), so the kernels swap roles:
//   forward  y = x ⊛ᵀ W + b               backend().conv2dBackwardData
//   VJP      dx = dy ⊛ W                   backend().conv2dForward
//            dW = Σ x·im2col(dy)ᵀ          backend().conv2dBackwardWeight (dy plays conv's input)
//            db = Σ dy over n, h, w
import { exclusiveGrad, node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { packConvGeometry } from '../backend/conv-geometry.js';
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';
import { formatSize, type Size2, spatialInput, tuple } from './spatial-args.js';

export interface ConvTransposeOptions {
  stride?: Size2;
  padding?: Size2;
  /** Extra rows/columns on the bottom/right of the output, each < stride. */
  outputPadding?: Size2;
  dilation?: Size2;
  groups?: number;
}

export function convTranspose2d(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
  opts: ConvTransposeOptions = {},
): Tensor {
  const op = 'convTranspose2d';
  checkTensor(op, 'x', x);
  checkTensor(op, 'weight', weight);
  const b = bias ?? null;
  if (b !== null) checkTensor(op, 'bias', b);
  if (typeof opts !== 'object' || opts === null)
    throw new TypeError(`${op}: expected options to be an object, got ${describe(opts)}`);
  const { n, c, spatial, batched } = spatialInput(op, x, 2);
  if (weight.ndim !== 4) {
    throw new RangeError(`${op}: expected weight [in, out/groups, kh, kw] (4-d), got ${formatShape(weight.shape)}`);
  }
  const groups = opts.groups ?? 1;
  if (!Number.isSafeInteger(groups) || groups < 1) {
    throw new RangeError(`${op}: expected groups to be a positive integer, got ${describe(groups)}`);
  }
  const [cIn, cOutG, kh, kw] = weight.shape;
  if (cIn !== c) {
    throw new RangeError(
      `${op}: expected x with weight.shape[0] = ${cIn} channels, got x ${formatShape(x.shape)} and weight ${formatShape(weight.shape)}`,
    );
  }
  if (c % groups !== 0) {
    throw new RangeError(
      `${op}: expected groups ${groups} to divide the input channels, got x ${formatShape(x.shape)} (${c} channels)`,
    );
  }
  const cOut = cOutG * groups;
  if (b !== null && (b.ndim !== 1 || b.shape[0] !== cOut)) {
    throw new RangeError(`${op}: expected bias of shape [${cOut}], got ${formatShape(b.shape)}`);
  }
  const stride = tuple(op, 'stride', opts.stride ?? 1, 2, 1);
  const pad = tuple(op, 'padding', opts.padding ?? 0, 2, 0);
  const dilation = tuple(op, 'dilation', opts.dilation ?? 1, 2, 1);
  const outputPadding = tuple(op, 'outputPadding', opts.outputPadding ?? 0, 2, 0);
  if (outputPadding.some((p, i) => p >= stride[i])) {
    throw new RangeError(
      `${op}: expected outputPadding smaller than stride, got outputPadding ${formatSize(outputPadding)} and stride ${formatSize(stride)}`,
    );
  }
  const kernel = [kh, kw];
  const out = spatial.map(
    (s, i) => (s - 1) * stride[i] - 2 * pad[i] + dilation[i] * (kernel[i] - 1) + outputPadding[i] + 1,
  );
  if (out.some((o) => o < 1)) {
    throw new RangeError(
      `${op}: output size ${formatSize(out)} is not positive, got x ${formatShape(x.shape)}, weight ${formatShape(weight.shape)}, padding ${formatSize(pad)}`,
    );
  }
  // The conv whose adjoint this is: input = our output, output = our input.
  const geom = packConvGeometry({
    n,
    cIn: cOut,
    h: out[0],
    w: out[1],
    cOut: cIn,
    kh,
    kw,
    outH: spatial[0],
    outW: spatial[1],
    strideH: stride[0],
    strideW: stride[1],
    padH: pad[0],
    padW: pad[1],
    dilationH: dilation[0],
    dilationW: dilation[1],
    groups,
  });
  const y = Tensor.empty(batched ? [n, cOut, out[0], out[1]] : [cOut, out[0], out[1]]);
  backend().conv2dBackwardData(geom, x.data, weight.data, y.data);
  const plane = out[0] * out[1];
  if (b !== null) {
    for (let img = 0; img < n; img++)
      for (let ch = 0; ch < cOut; ch++) {
        const o = (img * cOut + ch) * plane;
        const v = b.data[ch];
        for (let i = o; i < o + plane; i++) y.data[i] += v;
      }
  }
  const inputs = b ? [x, weight, b] : [x, weight];
  return node(op, inputs, y, (dy) => {
    const distinct = x !== weight && (b === null || (b !== x && b !== weight));
    const grad = (t: Tensor) => (distinct ? exclusiveGrad(Tensor.empty(t.shape)) : Tensor.empty(t.shape));
    const dx = x.requiresGrad ? grad(x) : null;
    if (dx) backend().conv2dForward(geom, dy.data, weight.data, null, dx.data);
    const dW = weight.requiresGrad ? grad(weight) : null;
    if (dW) backend().conv2dBackwardWeight(geom, dy.data, x.data, dW.data, null);
    let db: Tensor | null = null;
    if (b?.requiresGrad) {
      db = grad(b);
      for (let img = 0; img < n; img++)
        for (let ch = 0; ch < cOut; ch++) {
          const o = (img * cOut + ch) * plane;
          let s = 0;
          for (let i = o; i < o + plane; i++) s += dy.data[i];
          db.data[ch] += s;
        }
    }
    return b ? [dx, dW, db] : [dx, dW];
  });
}
