// The computational graph of a tensor: its tensors in forward order, their readable names,
// and SVG rendered in-process by Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz),
// so no system graphviz is needed. The DOT drawing itself is dot.ts.
import { describe } from '../shape.js';
import { Tensor } from '../tensor.js';
import { type DotOptions, toDot } from './dot.js';
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
