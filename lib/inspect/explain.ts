// explainBackward: runs backward() and narrates it, node by node in reverse topological
// order — upstream gradient × local gradient = downstream gradient, the gate's role in
// words, and where a tensor feeds several ops, the sum over paths (note 002; the a + a case).
import { describe } from '../shape.js';
import { Tensor } from '../tensor.js';
import { formatNumber, formatSummary, summarize, type ValueSummary } from './format.js';
import { gateRole, localFormula, localGradient } from './gates.js';
import { tensorNames } from './graph.js';

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
  inputs: InputStep[];
}

export interface LeafGradient {
  name: string;
  shape: number[];
  gradient: ValueSummary;
  sumOverPaths?: PathContribution[];
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
    leaves.push(leaf);
  }
  leaves.sort((a, b) => a.name.localeCompare(b.name));
  const text = formatExplanation(rootName, summarize(loss), steps, leaves);
  return {
    root: rootName,
    steps,
    leaves,
    text,
    grads,
    toJSON: () => ({ root: rootName, steps, leaves }),
  };
}

function paths(root: string, name: string, list: PathContribution[]): string {
  const parts = list.map((s) => `${formatSummary(s.gradient)} (via ${s.via}, input ${s.input})`);
  const total = list.every((s) => typeof s.gradient === 'number')
    ? ` = ${formatNumber(list.reduce((acc, s) => acc + (s.gradient as number), 0))}`
    : '';
  return `sum over paths: ∂${root}/∂${name} = ${parts.join(' + ')}${total}`;
}

function formatExplanation(root: string, value: ValueSummary, steps: BackwardStep[], leaves: LeafGradient[]): string {
  const lines = [
    `backward from ${root} = ${formatSummary(value)}, in reverse topological order`,
    `(upstream × local = downstream; the upstream of ${root} itself is ∂${root}/∂${root} = 1)`,
  ];
  for (const s of steps) {
    const operands = s.inputs.map((i) => i.name).join(', ');
    const op = s.activation && s.activation !== 'identity' ? `${s.op}[${s.activation}]` : s.op;
    lines.push('', `[${s.index}] ${s.output} = ${op}(${operands}) = ${formatSummary(s.value)}`);
    lines.push(`    ${s.role}`);
    if (s.sumOverPaths) lines.push(`    ${paths(root, s.output, s.sumOverPaths)}`);
    lines.push(`    upstream ∂${root}/∂${s.output} = ${formatSummary(s.upstream)}`);
    s.inputs.forEach((i, k) => {
      const twice = s.inputs.some((other, j) => j !== k && other.name === i.name) ? ` (input ${k})` : '';
      if (i.downstream === null) {
        lines.push(`    ${i.name}${twice}: a constant, no gradient`);
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
        `    ∂${root}/∂${i.name}${twice} = ${formatSummary(s.upstream)} × ${local} = ${formatSummary(i.downstream)}${note}`,
      );
    });
  }
  lines.push('', 'leaf gradients:');
  for (const l of leaves) {
    lines.push(`  ∂${root}/∂${l.name} = ${formatSummary(l.gradient)}`);
    if (l.sumOverPaths) lines.push(`    ${paths(root, l.name, l.sumOverPaths)}`);
  }
  return `${lines.join('\n')}\n`;
}
