// The fused dense layer y = act(x·Wᵀ + b), PyTorch's Linear layout (weight [out, in]):
// one backend().denseForward and, in backward, one backend().denseBackward, which computes
// dZ = dY ⊙ act′, dW = dZᵀ·X, db = Σ dZ, dX = dZ·W together. The pre-activation is kept
// only for activations whose derivative needs the input (leakyRelu, elu, gelu, softplus).

import { exclusiveGrad, node } from '../autograd.js';
import { Activation, type ActivationName, activationNeedsOnlyOutput } from '../backend/backend.js';
import { backend } from '../backend/load.js';
import { describe, formatShape } from '../shape.js';
import { Tensor, uninitializedFloat32 } from '../tensor.js';
import { defaultAlpha } from './activations.js';
import { checkFiniteNumber, checkTensor } from './operand.js';

let scratchBuffer = new Float32Array(0);

/** dZ, the m×n scratch of denseBackward: reused across calls (backward is synchronous). */
function scratch(size: number): Float32Array {
  if (scratchBuffer.length < size) scratchBuffer = new Float32Array(size);
  return scratchBuffer.subarray(0, size);
}

export function dense(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  activation: ActivationName = 'identity',
  opts: { alpha?: number } = {},
): Tensor {
  checkTensor('dense', 'x', x);
  checkTensor('dense', 'weight', weight);
  if (bias !== null && bias !== undefined) checkTensor('dense', 'bias', bias);
  if (typeof activation !== 'string' || !Object.hasOwn(Activation, activation)) {
    throw new RangeError(
      `dense: expected activation to be one of ${Object.keys(Activation).join(', ')}, got ${describe(activation)}`,
    );
  }
  if (x.ndim !== 2 || weight.ndim !== 2) {
    throw new RangeError(
      `dense: expected x [batch, in] and weight [out, in], got x ${formatShape(x.shape)} and weight ${formatShape(weight.shape)}`,
    );
  }
  const [m, k] = x.shape;
  const [n, kw] = weight.shape;
  if (k !== kw) {
    throw new RangeError(
      `dense: expected weight [out, ${k}] to match x ${formatShape(x.shape)}, got weight ${formatShape(weight.shape)}`,
    );
  }
  const b = bias ?? null;
  if (b !== null && (b.ndim !== 1 || b.shape[0] !== n)) {
    throw new RangeError(`dense: expected bias of shape [${n}], got ${formatShape(b.shape)}`);
  }
  const alpha = opts.alpha === undefined ? defaultAlpha(activation) : checkFiniteNumber('dense', 'alpha', opts.alpha);
  const code = Activation[activation];
  // With m, n, k ≥ 1 the kernels write every element of y, dX, dW, db (GEMM beta = 0 ignores
  // the old contents): those skip the zero fill. An empty dimension keeps zeroed arrays.
  const filled = m > 0 && n > 0 && k > 0;
  const alloc = filled ? uninitializedFloat32 : (size: number) => new Float32Array(size);
  const y = new Tensor(alloc(m * n), [m, n]);
  const needsGrad = x.requiresGrad || weight.requiresGrad || (b?.requiresGrad ?? false);
  const preActivation = needsGrad && !activationNeedsOnlyOutput(code) ? alloc(m * n) : null;
  backend().denseForward(m, n, k, x.data, weight.data, b ? b.data : null, code, alpha, y.data, preActivation);
  const inputs = b ? [x, weight, b] : [x, weight];
  return node(
    'dense',
    inputs,
    y,
    (dy) => {
      // Each gradient is new and goes to its one input: a leaf can keep it as its .grad.
      // (x, weight and bias are distinct inputs unless the caller passes one tensor twice.)
      const distinct = x !== weight && (b === null || (b !== x && b !== weight));
      const grad = (shape: number[]) => {
        const t = new Tensor(alloc(shape[0] * (shape[1] ?? 1)), shape.slice());
        return distinct ? exclusiveGrad(t) : t;
      };
      const dX = x.requiresGrad ? grad(x.shape) : null;
      const dW = weight.requiresGrad ? grad(weight.shape) : null;
      const db = b?.requiresGrad ? grad(b.shape) : null;
      const dZ = scratch(m * n); // read only inside denseBackward: one buffer serves every call
      backend().denseBackward(
        m,
        n,
        k,
        x.data,
        weight.data,
        preActivation,
        y.data,
        dy.data,
        code,
        alpha,
        dZ,
        dX ? dX.data : null,
        dW ? dW.data : null,
        db ? db.data : null,
        false,
      );
      return b ? [dX, dW, db] : [dX, dW];
    },
    { activation, alpha, preActivation },
  );
}
