// What each gate does to the gradient passing back through it (CS231n lecture 4, note 002):
// its role in words and, for elementwise gates, the local gradient ∂output/∂input itself.
import type { GraphNode } from '../autograd.js';
import { sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';

const roles: Record<string, string> = {
  add: 'add distributes: each input gets the upstream gradient unchanged (local gradient 1)',
  sub: 'sub distributes with a sign: a gets +upstream, b gets −upstream',
  mul: 'mul switches: each input gets upstream × the other input',
  div: 'div: a gets upstream / b, b gets −upstream·a / b²',
  maximum: 'max routes: all of the upstream goes to the larger input, none to the other (a tie splits it)',
  minimum: 'min routes: all of the upstream goes to the smaller input, none to the other (a tie splits it)',
  max: 'max routes: the upstream goes to the winning element only (ties share it)',
  min: 'min routes: the upstream goes to the winning element only (ties share it)',
  sum: 'sum copies the upstream gradient to every element it added',
  mean: 'mean copies the upstream gradient to every element, divided by their count',
  sigmoid: 'sigmoid multiplies by σ(1 − σ), at most 0.25, read from its saved output',
  tanh: 'tanh multiplies by 1 − tanh² = (1 + tanh)(1 − tanh), at most 1',
  relu: 'relu gates: passes the upstream where its input was > 0, blocks it elsewhere',
  leakyRelu: 'leakyRelu passes the upstream where x > 0 and scales it by α elsewhere',
  elu: 'elu passes the upstream where x > 0 and multiplies it by α·eˣ elsewhere',
  gelu: 'gelu multiplies by Φ(x) + x·φ(x)',
  softplus: 'softplus multiplies by σ(x)',
  exp: 'exp multiplies by its own output eˣ',
  log: 'log multiplies by 1/x',
  neg: 'neg flips the sign',
  pow: 'pow multiplies by p·xᵖ⁻¹',
  sqrt: 'sqrt multiplies by 1/(2√x)',
  abs: 'abs multiplies by sign(x)',
  clamp: 'clamp passes the upstream inside [min, max] and blocks it outside',
  scale: 'scale multiplies by its constant',
  matmul: 'matmul: dA = upstream·Bᵀ, dB = Aᵀ·upstream (mul switches, for matrices)',
  dense: 'dense y = act(x·Wᵀ + b): dZ = upstream ⊙ act′, dX = dZ·W, dW = dZᵀ·X, db = Σ dZ',
  reshape: 'reshape routes each element’s upstream back to where it came from',
  transpose: 'transpose routes each element’s upstream back to where it came from',
  permute: 'permute routes each element’s upstream back to where it came from',
  slice: 'slice routes the upstream back into the slots it took, zeros elsewhere',
  indexSelect: 'indexSelect routes the upstream back to the rows it took (summing repeats)',
  concat: 'concat hands each input its own part of the upstream',
  softmax: 'softmax: dx = y ⊙ (upstream − Σ upstream·y)',
  logSoftmax: 'logSoftmax: dx = upstream − softmax(x)·Σ upstream',
};

export function gateRole(op: string): string {
  return roles[op] ?? `${op}: its VJP maps the upstream gradient to each input`;
}

/** The local gradient's formula for input i, as the notes write it. */
export function localFormula(fn: GraphNode, output: Tensor, i: number, names: string[]): string {
  const [a, b] = names.map((n) => (/[\s+−-]/.test(n) && !/^-?[\d.]+$/.test(n) ? `(${n})` : n)); // (1 + e^−s)²
  switch (fn.op) {
    case 'add':
      return '1';
    case 'sub':
      return i === 0 ? '1' : '−1';
    case 'mul':
      return i === 0 ? b : a;
    case 'div':
      return i === 0 ? `1/${b}` : `−${a}/${b}²`;
    case 'maximum':
      return i === 0 ? `[${a} ≥ ${b}]` : `[${b} ≥ ${a}]`;
    case 'minimum':
      return i === 0 ? `[${a} ≤ ${b}]` : `[${b} ≤ ${a}]`;
    case 'sigmoid':
      return 'σ(1 − σ)';
    case 'tanh':
      return '1 − tanh²';
    case 'relu':
      return `[${a} > 0]`;
    case 'exp':
      return `e^${a}`;
    case 'log':
      return `1/${a}`;
    case 'neg':
      return '−1';
    case 'sqrt':
      return `1/(2√${a})`;
    case 'abs':
      return `sign(${a})`;
    case 'pow':
      if (fn.inputs.length === 1) return `${String(fn.saved.alpha ?? 0)}·${a}^${Number(fn.saved.alpha ?? 0) - 1}`;
      return i === 0 ? `${b}·${a}^(${b}−1)` : `${a}^${b}·ln ${a}`;
    case 'sum':
      return '1 (copied)';
    case 'mean':
      return `1/${fn.inputs[0].size / Math.max(1, output.size)}`;
    case 'matmul':
      return i === 0 ? `·${b}ᵀ` : `${a}ᵀ·`;
    case 'dense':
      return [`dZ·${b}`, `dZᵀ·${a}`, 'Σ rows of dZ'][i] ?? '?';
    default:
      return `∂${fn.op}/∂input${i}`;
  }
}

const elementwise = new Set(['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow']);
const fromOutput = new Set(['sigmoid', 'tanh', 'relu', 'exp', 'neg', 'sqrt', 'abs', 'log', 'pow']);

/**
 * The local gradient ∂output/∂input_i as numbers, shaped as the output, for elementwise gates
 * whose operands are the output's shape or scalars; null where it is not a per-element number
 * (matmul, reductions, reshapes — their formula says what happens).
 */
export function localGradient(fn: GraphNode, output: Tensor, i: number): Tensor | null {
  const fits = (t: Tensor) => t.size === 1 || sameShape(t.shape, output.shape);
  if (!fn.inputs.every(fits)) return null;
  const n = output.size;
  const out = new Float32Array(n);
  const at = (t: Tensor, k: number) => (t.size === 1 ? t.data[0] : t.data[k]);
  const y = output.data;
  if (elementwise.has(fn.op) && fn.inputs.length === 2) {
    const [a, b] = fn.inputs;
    for (let k = 0; k < n; k++) {
      const av = at(a, k);
      const bv = at(b, k);
      let v: number;
      switch (fn.op) {
        case 'add':
          v = 1;
          break;
        case 'sub':
          v = i === 0 ? 1 : -1;
          break;
        case 'mul':
          v = i === 0 ? bv : av;
          break;
        case 'div':
          v = i === 0 ? 1 / bv : -av / (bv * bv);
          break;
        case 'maximum':
          v = av === bv ? 0.5 : (i === 0 ? av > bv : bv > av) ? 1 : 0;
          break;
        case 'minimum':
          v = av === bv ? 0.5 : (i === 0 ? av < bv : bv < av) ? 1 : 0;
          break;
        default: // pow(a, b)
          v = i === 0 ? bv * Math.pow(av, bv - 1) : Math.pow(av, bv) * Math.log(av);
      }
      out[k] = v;
    }
    return new Tensor(out, output.shape.slice());
  }
  if (fn.inputs.length !== 1 || !sameShape(fn.inputs[0].shape, output.shape) || !fromOutput.has(fn.op)) return null;
  const x = fn.inputs[0].data;
  for (let k = 0; k < n; k++) {
    switch (fn.op) {
      case 'sigmoid':
        out[k] = y[k] * (1 - y[k]);
        break;
      case 'tanh':
        out[k] = 1 - y[k] * y[k];
        break;
      case 'relu':
        out[k] = x[k] > 0 ? 1 : 0;
        break;
      case 'exp':
        out[k] = y[k];
        break;
      case 'neg':
        out[k] = -1;
        break;
      case 'sqrt':
        out[k] = 0.5 / y[k];
        break;
      case 'abs':
        out[k] = Math.sign(x[k]);
        break;
      case 'log':
        out[k] = 1 / x[k];
        break;
      default: {
        const p = Number(fn.saved.alpha ?? 0); // pow with a number exponent
        out[k] = p * Math.pow(x[k], p - 1);
      }
    }
  }
  return new Tensor(out, output.shape.slice());
}
