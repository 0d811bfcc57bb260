// explainBackward: runs backward() and narrates it, node by node in reverse topological
// order — upstream gradient × local gradient = downstream gradient, the gate's role in
// words, and where a tensor feeds several ops, the sum over paths (note 002; the a + a case).
import { describe } from '../shape.js';
import { Tensor } from '../tensor.js';
import { formatNumber, formatSummary, summarize, type ValueSummary } from './format.js';
import { gateRole, localFormula, localGradient } from './gates.js';
import { tensorNames } from './graph.js';
import { type Lang, words } from './words.js';

export interface PathContribution {
  /** The tensor whose op sent this share back. */
  via: string;
  /** Which input slot of that op (the a + a case sends two shares through one op). */
  input: number;
  gradient: ValueSummary;
}

export interface InputStep {
  name: string;
  shape: number[];
  value: ValueSummary;
  /** The local gradient as the notes write it (e.g. 'z' for the mul gate's x input). */
  localFormula: string;
  /** Its numbers, for elementwise gates; null where it is a matrix product or a routing. */
  local: ValueSummary | null;
  downstream: ValueSummary | null;
  /** Set when the input was broadcast: its gradient was summed back to its shape. */
  broadcastSum?: boolean;
}

export interface BackwardStep {
  index: number;
  op: string;
  /** The fused activation of a dense node. */
  activation?: string;
  role: string;
  output: string;
  shape: number[];
  value: ValueSummary;
  upstream: ValueSummary;
  /** Present when the output fed several ops: its upstream is the sum of these shares. */
  sumOverPaths?: PathContribution[];
  /** The notes' name for this step's δ (δ4, δ⁽³⁾), when the caller gave one. */
  delta?: string;
  /** A dense gate's dZ = upstream ⊙ a′(Z), and a′(Z) itself (sigmoid, tanh, relu, identity). */
  dZ?: ValueSummary;
  activationDerivative?: ValueSummary;
  inputs: InputStep[];
}

export interface LeafGradient {
  name: string;
  shape: number[];
  gradient: ValueSummary;
  sumOverPaths?: PathContribution[];
  /** With opts.lr: the gradient-descent step, leaf ← leaf − λ·∂J/∂leaf. */
  update?: { formula: string; before: ValueSummary; after: ValueSummary };
}

export interface BackwardExplanation {
  root: string;
  steps: BackwardStep[];
  leaves: LeafGradient[];
  /** The narration as text. */
  text: string;
  /** Every tensor's gradient from this backward (intermediates too), for toDot({ grads }). */
  grads: Map<Tensor, Tensor>;
  /** The JSON form: root, steps and leaves (no tensors). */
  toJSON(): { root: string; steps: BackwardStep[]; leaves: LeafGradient[] };
}

export interface ExplainOptions {
  /** Keep the graph's saved values so backward can run again (default false). */
  retainGraph?: boolean;
  /** Tensors with more elements are summarised (default 6). */
  maxValues?: number;
  /** The notes' δ names (see LectureGraph.deltas): δ4 for ∂Cost/∂(h3·w4), δ⁽³⁾ for a dense gate's dZ. */
  deltas?: Map<Tensor, string>;
  /** Append one gradient-descent step with this learning rate (λ in note 003, α in its update rule). */
  lr?: number;
  /** Words of the narration: English (default) or Korean; the numbers are the same. */
  lang?: Lang;
}

/** a′(Z) from a dense gate's saved output Y, for the activations whose derivative Y alone gives. */
function derivativeFromOutput(activation: string, y: Float32Array): Float32Array | null {
  const d = new Float32Array(y.length);
  for (let k = 0; k < y.length; k++) {
    switch (activation) {
      case 'identity':
        d[k] = 1;
        break;
      case 'sigmoid':
        d[k] = y[k] * (1 - y[k]); // σ′ = σ(1 − σ)
        break;
      case 'tanh':
        d[k] = 1 - y[k] * y[k];
        break;
      case 'relu':
        d[k] = y[k] > 0 ? 1 : 0;
        break;
      default:
        return null;
    }
  }
  return d;
}

/** Runs loss.backward() (gradients land in the leaves' .grad, as usual) and explains each step. */
export function explainBackward(loss: Tensor, opts: ExplainOptions = {}): BackwardExplanation {
  if (!(loss instanceof Tensor)) throw new TypeError(`explainBackward: expected a Tensor, got ${describe(loss)}`);
  if (loss.size !== 1) {
    throw new RangeError(`explainBackward: expected a scalar loss, got shape [${loss.shape.join(',')}]`);
  }
  const maxValues = opts.maxValues ?? 6;
  const sum = (t: Tensor) => summarize(t, maxValues);
  const names = tensorNames(loss);
  const rootName = names.get(loss)!;
  const shares = new Map<Tensor, { via: string; input: number; gradient: Tensor }[]>();
  const grads = new Map<Tensor, Tensor>();
  const steps: BackwardStep[] = [];
  loss.backward(undefined, {
    retainGraph: opts.retainGraph,
    trace: (fn, output, upstream, downstream) => {
      grads.set(output, upstream);
      const inputNames = fn.inputs.map((t) => names.get(t) ?? '?');
      const step: BackwardStep = {
        index: steps.length + 1,
        op: fn.op,
        role: gateRole(fn.op),
        output: names.get(output)!,
        shape: output.shape.slice(),
        value: sum(output),
        upstream: sum(upstream),
        inputs: [],
      };
      if (typeof fn.saved.activation === 'string') step.activation = fn.saved.activation;
      const delta = opts.deltas?.get(output);
      if (delta) step.delta = delta;
      if (fn.op === 'dense') {
        const d = derivativeFromOutput(step.activation ?? 'identity', output.data);
        if (d) {
          const dZ = new Float32Array(d.length);
          for (let k = 0; k < d.length; k++) dZ[k] = upstream.data[k] * d[k]; // dZ = upstream ⊙ a′(Z)
          step.activationDerivative = sum(new Tensor(d, output.shape.slice()));
          step.dZ = sum(new Tensor(dZ, output.shape.slice()));
        }
      }
      if (opts.lang === 'ko') step.role = words('ko').roles[fn.op] ?? step.role;
      const arrived = shares.get(output);
      if (arrived && arrived.length > 1) step.sumOverPaths = arrived.map((s) => ({ ...s, gradient: sum(s.gradient) }));
      fn.inputs.forEach((input, i) => {
        const d = downstream[i] ?? null;
        const local = input.requiresGrad ? localGradient(fn, output, i) : null;
        step.inputs.push({
          name: inputNames[i],
          shape: input.shape.slice(),
          value: sum(input),
          localFormula: localFormula(fn, output, i, inputNames),
          local: local && sum(local),
          downstream: d && input.requiresGrad ? sum(d) : null,
          ...(input.size !== output.size && local !== null ? { broadcastSum: true } : {}),
        });
        if (d && input.requiresGrad) {
          const list = shares.get(input) ?? [];
          list.push({ via: step.output, input: i, gradient: d });
          shares.set(input, list);
        }
      });
      steps.push(step);
    },
  });
  const leaves: LeafGradient[] = [];
  for (const [t, list] of shares) {
    if (t.gradFn !== null) continue;
    const total = new Float32Array(t.size);
    for (const s of list) for (let k = 0; k < total.length; k++) total[k] += s.gradient.data[k];
    const g = new Tensor(total, t.shape.slice());
    grads.set(t, g);
    const leaf: LeafGradient = { name: names.get(t)!, shape: t.shape.slice(), gradient: sum(g) };
    if (list.length > 1) leaf.sumOverPaths = list.map((s) => ({ ...s, gradient: sum(s.gradient) }));
    if (opts.lr !== undefined) {
      const after = new Float32Array(t.size);
      for (let k = 0; k < after.length; k++) after[k] = t.data[k] - opts.lr * total[k]; // W ← W − λ·∂J/∂W
      leaf.update = {
        formula: updateFormula(rootName, leaf.name, list, steps),
        before: sum(t),
        after: sum(new Tensor(after, t.shape.slice())),
      };
    }
    leaves.push(leaf);
  }
  leaves.sort((a, b) => a.name.localeCompare(b.name));
  const text = formatExplanation(rootName, summarize(loss), steps, leaves, opts);
  return {
    root: rootName,
    steps,
    leaves,
    text,
    grads,
    toJSON: () => ({ root: rootName, steps, leaves }),
  };
}

/**
 * The update as the notes write it: w4 ← w4 − λ·h3·δ4 where the gradient came from one mul whose
 * output has a δ name, W2 ← W2 − λ·δ⁽³⁾ᵀ·h for a dense gate's weight, else − λ·∂J/∂w.
 */
function updateFormula(
  root: string,
  name: string,
  list: { via: string; input: number }[],
  steps: BackwardStep[],
): string {
  if (list.length === 1) {
    const step = steps.find((s) => s.output === list[0].via);
    if (step?.delta && step.op === 'mul') {
      const other = step.inputs[1 - list[0].input]?.name;
      if (other) return `${name} − λ·${other}·${step.delta}`;
    }
    if (step?.delta && step.op === 'dense') {
      const x = step.inputs[0].name;
      if (list[0].input === 1) return `${name} − λ·${step.delta}ᵀ·${x}`;
      if (list[0].input === 2) return `${name} − λ·Σ ${step.delta}`;
    }
  }
  return `${name} − λ·∂${root}/∂${wrap(name)}`;
}

/** ∂Cost/∂(h3·w4): a name with an operator in it is bracketed. */
const wrap = (name: string) => (/[·\s+−*/]/.test(name) && !/^\(.*\)$/.test(name) ? `(${name})` : name);
const signed = (v: number) => (v < 0 ? `(${formatNumber(v)})` : formatNumber(v));

function paths(root: string, name: string, list: PathContribution[]): string {
  const parts = list.map((s) => `${formatSummary(s.gradient)} (via ${s.via}, input ${s.input})`);
  const total = list.every((s) => typeof s.gradient === 'number')
    ? ` = ${formatNumber(list.reduce((acc, s) => acc + (s.gradient as number), 0))}`
    : '';
  return `sum over paths: ∂${root}/∂${wrap(name)} = ${parts.join(' + ')}${total}`;
}

function formatExplanation(
  root: string,
  value: ValueSummary,
  steps: BackwardStep[],
  leaves: LeafGradient[],
  opts: ExplainOptions,
): string {
  const w = words(opts.lang);
  const lines = [w.backwardFrom(root, formatSummary(value)), w.rule(root)];
  for (const s of steps) {
    const operands = s.inputs.map((i) => i.name).join(', ');
    const op = s.activation && s.activation !== 'identity' ? `${s.op}[${s.activation}]` : s.op;
    lines.push('', `[${s.index}] ${s.output} = ${op}(${operands}) = ${formatSummary(s.value)}`);
    lines.push(`    ${s.role}`);
    if (s.sumOverPaths) lines.push(`    ${paths(root, s.output, s.sumOverPaths)}`);
    const named = s.delta && s.op !== 'dense' ? ` = ${s.delta}` : '';
    lines.push(`    ${w.upstream} ∂${root}/∂${wrap(s.output)}${named} = ${formatSummary(s.upstream)}`);
    if (s.dZ !== undefined) {
      const act = s.activation === 'sigmoid' ? 'σ′' : `${s.activation ?? 'identity'}′`;
      const dz = s.delta ? `dZ = ${s.delta}` : 'dZ';
      lines.push(
        `    ${dz} = upstream ⊙ ${act} = ${formatSummary(s.upstream)} ⊙ ${formatSummary(s.activationDerivative!)} = ${formatSummary(s.dZ)}`,
      );
    }
    s.inputs.forEach((i, k) => {
      const twice = s.inputs.some((other, j) => j !== k && other.name === i.name) ? ` (input ${k})` : '';
      if (i.downstream === null) {
        lines.push(`    ${i.name}${twice}: ${w.constant}`);
        return;
      }
      if (s.dZ !== undefined) {
        // the dense gate's products start from dZ, not from the upstream: one line each
        lines.push(`    ∂${root}/∂${wrap(i.name)}${twice} = ${i.localFormula} = ${formatSummary(i.downstream)}`);
        return;
      }
      const shown = i.local === null ? '' : formatSummary(i.local);
      const constant = shown
        .replace(/^\[|\]$/g, '')
        .split(', ')
        .every((v) => v === i.localFormula);
      const local = i.local === null || constant ? i.localFormula : `(${i.localFormula} = ${shown})`;
      const note = i.broadcastSum ? ', summed over the broadcast' : '';
      lines.push(
        `    ∂${root}/∂${wrap(i.name)}${twice} = ${formatSummary(s.upstream)} × ${local} = ${formatSummary(i.downstream)}${note}`,
      );
    });
  }
  lines.push('', w.leafGradients);
  for (const l of leaves) {
    lines.push(`  ∂${root}/∂${wrap(l.name)} = ${formatSummary(l.gradient)}`);
    if (l.sumOverPaths) lines.push(`    ${paths(root, l.name, l.sumOverPaths)}`);
  }
  if (opts.lr !== undefined) {
    lines.push('', w.update(formatNumber(opts.lr)));
    for (const l of leaves) {
      if (!l.update) continue;
      const { formula, before, after } = l.update;
      const numbers =
        typeof before === 'number' && typeof l.gradient === 'number'
          ? ` = ${formatNumber(before)} − ${formatNumber(opts.lr)}·${signed(l.gradient)}`
          : '';
      lines.push(`  ${l.name} ← ${formula}${numbers} = ${formatSummary(after)}`);
    }
    lines.push(`  ${w.updateNote}`);
  }
  return `${lines.join('\n')}\n`;
}
