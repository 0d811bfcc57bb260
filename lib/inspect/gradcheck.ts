// Finite differences against backward(). The output is reduced to a scalar with a fixed
// random projection L = Σ rₖ·yₖ, so one backward (with gradient r) gives ∂L/∂x for every
// input element; the numeric side perturbs each element by ±eps in the float32 data and
// takes the central difference (L⁺ − L⁻)/(x⁺ − x⁻) in float64 over the values actually
// stored (float32 rounds x ± eps, so the true step is used, not 2·eps).
import { noGrad } from '../autograd.js';
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';

export interface GradcheckOptions {
  /** Perturbation; float32 data favours 1e-3 … 1e-2 (smaller drowns in rounding). */
  eps?: number;
  atol?: number;
  rtol?: number;
}

export interface GradcheckResult {
  ok: boolean;
  maxAbsError: number;
  maxRelError: number;
  message: string;
}

type Fn = (...inputs: Tensor[]) => Tensor;

/** Weights in ±[0.5, 1.5] from a private generator: fixed per size, and the library's RNG is left alone. */
function projection(size: number): Float32Array {
  const r = new Float32Array(size);
  let s = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
    const u = s / 4294967296;
    r[i] = (i % 2 === 0 ? 1 : -1) * (0.5 + u);
  }
  return r;
}

function project(y: Tensor, r: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += r[i] * y.data[i];
  return sum;
}

function checkInputs(op: string, fn: unknown, inputs: unknown): asserts inputs is Tensor[] {
  if (typeof fn !== 'function') throw new TypeError(`${op}: expected fn to be a function, got ${describe(fn)}`);
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((t) => t instanceof Tensor)) {
    throw new TypeError(`${op}: expected inputs to be a non-empty array of Tensors, got ${describe(inputs)}`);
  }
}

function callFn(op: string, fn: Fn, leaves: Tensor[]): Tensor {
  const y = fn(...leaves);
  if (!(y instanceof Tensor)) throw new TypeError(`${op}: expected fn to return a Tensor, got ${describe(y)}`);
  return y;
}

/**
 * Checks backward() of fn at inputs against central differences. Inputs with requiresGrad
 * are checked (all of them when none has it); the caller's tensors are not modified.
 */
export function gradcheck(fn: Fn, inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  checkInputs('gradcheck', fn, inputs);
  const eps = opts.eps ?? 3e-3;
  const atol = opts.atol ?? 1e-3;
  const rtol = opts.rtol ?? 1e-2;
  if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
    throw new RangeError(`gradcheck: expected eps > 0, atol ≥ 0, rtol ≥ 0, got ${eps}, ${atol}, ${rtol}`);
  }
  const anyMarked = inputs.some((t) => t.requiresGrad);
  const leaves = inputs.map((t) => {
    const leaf = new Tensor(t.data.slice(), t.shape.slice());
    leaf.requiresGrad = anyMarked ? t.requiresGrad : true;
    return leaf;
  });
  const out = callFn('gradcheck', fn, leaves);
  const r = projection(out.size);
  if (out.requiresGrad) out.backward(new Tensor(r.slice(), out.shape.slice()));

  let maxAbsError = 0;
  let maxRelError = 0;
  let worst = '';
  let worstExcess = 0;
  noGrad(() => {
    leaves.forEach((leaf, i) => {
      if (!leaf.requiresGrad) return;
      const analytic = leaf.grad ? leaf.grad.data : new Float32Array(leaf.size);
      for (let j = 0; j < leaf.size; j++) {
        const original = leaf.data[j];
        leaf.data[j] = original + eps;
        const plus = leaf.data[j];
        const lossPlus = project(callFn('gradcheck', fn, leaves), r);
        leaf.data[j] = original - eps;
        const minus = leaf.data[j];
        const lossMinus = project(callFn('gradcheck', fn, leaves), r);
        leaf.data[j] = original;
        const numeric = (lossPlus - lossMinus) / (plus - minus);
        const err = Math.abs(analytic[j] - numeric);
        const allowed = atol + rtol * Math.abs(numeric);
        maxAbsError = Math.max(maxAbsError, err);
        maxRelError = Math.max(maxRelError, err / Math.max(Math.abs(numeric), 1e-12));
        if (!(err <= allowed) && (worst === '' || err - allowed > worstExcess)) {
          worstExcess = err - allowed;
          worst =
            `input ${i} ${formatShape(leaf.shape)} element ${j}: backward gives ${analytic[j]}, ` +
            `finite differences ${numeric} (|error| ${err.toExponential(2)} > atol + rtol·|numeric| = ${allowed.toExponential(2)})`;
        }
      }
    });
  });
  const ok = worst === '';
  const summary = `max |error| ${maxAbsError.toExponential(2)}, max relative error ${maxRelError.toExponential(2)}`;
  return {
    ok,
    maxAbsError,
    maxRelError,
    message: ok ? `gradcheck: ok (${summary})` : `gradcheck: mismatch at ${worst}; ${summary}`,
  };
}

/** The Jacobian ∂fn(x)/∂x as a [outSize, inSize] tensor, one backward per output element. */
export function jacobian(fn: (x: Tensor) => Tensor, x: Tensor): Tensor {
  checkInputs('jacobian', fn, [x]);
  const leaf = new Tensor(x.data.slice(), x.shape.slice());
  leaf.requiresGrad = true;
  const out = callFn('jacobian', fn, [leaf]);
  const J = Tensor.empty([out.size, leaf.size]);
  if (!out.requiresGrad) return J; // fn does not depend on x
  const seed = new Tensor(new Float32Array(out.size), out.shape.slice());
  for (let o = 0; o < out.size; o++) {
    leaf.grad = null;
    seed.data.fill(0);
    seed.data[o] = 1;
    out.backward(seed, { retainGraph: true });
    if (leaf.grad) J.data.set((leaf.grad as Tensor).data, o * leaf.size);
  }
  return J;
}
