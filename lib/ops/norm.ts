// layerNorm and rmsNorm over the trailing axes `normalizedShape`, as torch's F.layer_norm and
// F.rms_norm. Per row of those axes:
//   layerNorm x̂ = (x − μ)/√(σ² + eps) (σ² biased),  rmsNorm x̂ = x/√(mean x² + eps);
//   y = x̂·weight + bias (each optional, of shape normalizedShape).
// VJP (backend.layerNormBackward), with g = dy·weight:
//   dx = rstd·(g − mean g − x̂·mean(g·x̂))   (rmsNorm: no mean g term)
//   dWeight = Σ dy·x̂,  dBias = Σ dy  over the rows.
import { node } from '../autograd.js';
import { backend } from '../backend/load.js';
import { describe, formatShape, sameShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { checkTensor } from './operand.js';

/** torch.finfo(torch.float32).eps: F.rms_norm's default eps. */
export const FLOAT32_EPS = 1.1920928955078125e-7;

export function layerNorm(
  x: Tensor,
  normalizedShape: number | number[],
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  return normalize('layerNorm', false, x, normalizedShape, weight, bias, eps);
}

export function rmsNorm(
  x: Tensor,
  normalizedShape: number | number[],
  weight: Tensor | null = null,
  eps = FLOAT32_EPS,
): Tensor {
  return normalize('rmsNorm', true, x, normalizedShape, weight, null, eps);
}

function normalize(
  op: string,
  rms: boolean,
  x: Tensor,
  normalizedShape: number | number[],
  weight: Tensor | null,
  bias: Tensor | null,
  eps: number,
): Tensor {
  checkTensor(op, 'x', x);
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new TypeError(
      `${op}: expected normalizedShape to be a positive integer or a non-empty array of them, got ${describe(normalizedShape)}`,
    );
  }
  if (shape.length > x.ndim || !sameShape(x.shape.slice(x.ndim - shape.length), shape)) {
    throw new RangeError(
      `${op}: expected input with trailing shape ${formatShape(shape)}, got ${formatShape(x.shape)}`,
    );
  }
  for (const [name, p] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (p === null || p === undefined) continue;
    checkTensor(op, name, p);
    if (!sameShape(p.shape, shape)) {
      throw new RangeError(
        `${op}: expected ${name} of shape ${formatShape(shape)} (normalizedShape), got ${formatShape(p.shape)}`,
      );
    }
  }
  if (typeof eps !== 'number' || !(eps >= 0)) throw new RangeError(`${op}: expected eps ≥ 0, got ${describe(eps)}`);
  const cols = sizeOf(shape);
  const rows = x.size / cols;
  const gamma = weight ?? null;
  const beta = bias ?? null;
  const y = Tensor.uninitialized(x.shape);
  const mean = new Float32Array(rows);
  const rstd = new Float32Array(rows);
  backend().layerNormForward(
    rows,
    cols,
    rms,
    x.data,
    gamma ? gamma.data : null,
    beta ? beta.data : null,
    eps,
    y.data,
    mean,
    rstd,
  );
  const inputs = [x];
  if (gamma) inputs.push(gamma);
  if (beta) inputs.push(beta);
  return node(
    op,
    inputs,
    y,
    (dy) => {
      const dx = x.requiresGrad ? Tensor.uninitialized(x.shape) : null;
      const dGamma = gamma?.requiresGrad ? Tensor.empty(shape) : null;
      const dBeta = beta?.requiresGrad ? Tensor.empty(shape) : null;
      backend().layerNormBackward(
        rows,
        cols,
        rms,
        x.data,
        gamma ? gamma.data : null,
        mean,
        rstd,
        dy.data,
        dx?.data ?? null,
        dGamma?.data ?? null,
        dBeta?.data ?? null,
      );
      const out: (Tensor | null)[] = [dx];
      if (gamma) out.push(dGamma);
      if (beta) out.push(dBeta);
      return out;
    },
    { normalizedShape: shape, eps },
  );
}
