// The computational graph of a tensor, as Graphviz DOT and as SVG. Tensor nodes (boxes) show
// name, shape, value and gradient — the CS231n drawing: value above, gradient below; op
// nodes (ellipses) show the gate. SVG is rendered in-process by Graphviz compiled to
// WebAssembly (@hpcc-js/wasm-graphviz), so no system graphviz is needed.
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { formatTensor } from './format.js';

/** Every tensor reachable from root through the ops that made it, inputs before outputs. */
export function graphTensors(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const inputs = stack[top].gradFn?.inputs ?? [];
    const i = next[top];
    if (i < inputs.length) {
      next[top] = i + 1;
      const child = inputs[i];
      if (!visited.has(child)) {
        visited.add(child);
        stack.push(child);
        next.push(0);
      }
    } else {
      order.push(stack.pop()!);
      next.pop();
    }
  }
  return order;
}

/**
 * A readable name per tensor: its own .name, else the op that made it numbered in forward
 * order ('mul1', 'sigmoid2'), a constant's value ('0.5'), or 'leaf1', 'leaf2' for unnamed leaves.
 */
export function tensorNames(root: Tensor): Map<Tensor, string> {
  const names = new Map<Tensor, string>();
  const counters = new Map<string, number>();
  const used = new Set<string>();
  for (const t of graphTensors(root)) {
    let name = t.name;
    if (name === undefined) {
      if (t.gradFn === null && !t.requiresGrad && t.size === 1) name = formatTensor(t);
      else {
        const base = t.gradFn ? t.gradFn.op : t.requiresGrad ? 'leaf' : 'const';
        const n = (counters.get(base) ?? 0) + 1;
        counters.set(base, n);
        name = `${base}${n}`;
      }
    }
    let unique = name;
    for (let k = 2; used.has(unique) && t.gradFn !== null; k++) unique = `${name}'${k}`;
    used.add(unique);
    names.set(t, unique);
  }
  return names;
}

export interface DotOptions {
  /** Gradients to print for tensors that keep none themselves (e.g. from explainBackward's grads). */
  grads?: Map<Tensor, Tensor>;
  /** Show gradients (default true). */
  showGrad?: boolean;
  /** Layout direction: 'LR' (default, as the lecture slides) or 'TB'. */
  rankdir?: 'LR' | 'TB';
  /** A caption under the drawing. */
  title?: string;
  /** Tensors with more elements are summarised as shape + mean/min/max (default 6). */
  maxValues?: number;
}

function escapeLabel(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[{}|<>]/g, (c) => `\\${c}`);
}

/** Graphviz DOT of the graph that produced `root`. */
export function toDot(root: Tensor, opts: DotOptions = {}): string {
  if (!(root instanceof Tensor)) throw new TypeError(`toDot: expected a Tensor, got ${describe(root)}`);
  const showGrad = opts.showGrad ?? true;
  const maxValues = opts.maxValues ?? 6;
  const names = tensorNames(root);
  const tensors = graphTensors(root);
  const ids = new Map<Tensor, string>();
  tensors.forEach((t, i) => ids.set(t, `t${i}`));
  const lines = [
    'digraph chainrule {',
    `  rankdir=${opts.rankdir ?? 'LR'};`,
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [color="#555555"];',
  ];
  if (opts.title) lines.push(`  label="${escapeLabel(opts.title)}"; labelloc=b; fontname="Helvetica";`);
  let opCount = 0;
  for (const t of tensors) {
    const id = ids.get(t)!;
    const fields = [escapeLabel(names.get(t)!)];
    if (t.ndim > 0) fields.push(escapeLabel(formatShape(t.shape)));
    fields.push(`value ${escapeLabel(formatTensor(t, maxValues))}`);
    const grad = t.grad ?? opts.grads?.get(t) ?? null;
    if (showGrad && grad !== null) fields.push(`grad ${escapeLabel(formatTensor(grad, maxValues))}`);
    const style = t.gradFn
      ? 'style=filled, fillcolor="#eef3fb"'
      : t.requiresGrad
        ? 'style=filled, fillcolor="#fdf3d8"'
        : 'style="filled,dashed", fillcolor="#f4f4f4"';
    lines.push(`  ${id} [shape=record, ${style}, label="{${fields.join('|')}}"];`);
    const fn = t.gradFn;
    if (fn === null) continue;
    const opId = `op${opCount++}`;
    lines.push(`  ${opId} [shape=ellipse, style=filled, fillcolor="#dbe8d4", label="${escapeLabel(fn.op)}"];`);
    fn.inputs.forEach((input, i) => {
      const port = fn.inputs.length > 1 ? ` [label="${i}", fontsize=9]` : '';
      lines.push(`  ${ids.get(input)} -> ${opId}${port};`);
    });
    lines.push(`  ${opId} -> ${id};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

type GraphvizModule = { dot(source: string, format?: string): string };
let graphviz: Promise<GraphvizModule> | null = null;

/** Loads the WebAssembly Graphviz once per process (an ES module, hence the dynamic import). */
function loadGraphviz(): Promise<GraphvizModule> {
  graphviz ??= import('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load() as Promise<GraphvizModule>);
  return graphviz;
}

/** SVG of a tensor's graph (through toDot) or of DOT source, rendered by WebAssembly Graphviz. */
export async function toSVG(tensorOrDot: Tensor | string, opts: DotOptions = {}): Promise<string> {
  if (typeof tensorOrDot !== 'string' && !(tensorOrDot instanceof Tensor)) {
    throw new TypeError(`toSVG: expected a Tensor or DOT source, got ${describe(tensorOrDot)}`);
  }
  const dot = typeof tensorOrDot === 'string' ? tensorOrDot : toDot(tensorOrDot, opts);
  const gv = await loadGraphviz();
  try {
    return gv.dot(dot, 'svg');
  } catch (err) {
    throw new Error(`toSVG: Graphviz could not lay out the graph: ${err instanceof Error ? err.message : String(err)}`);
  }
}
