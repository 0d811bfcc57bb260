// The chain rule, run backwards. Each op's output remembers the node that made it (op
// name, inputs, saved values, and its VJP: upstream gradient → one gradient per input).
// backward() walks those nodes once in reverse topological order, iteratively (a
// 100,000-node chain works), multiplying upstream by local gradients and summing where
// paths fan out — the "sum over paths" of the notes.
import { formatShape, sameShape } from './shape.js';
import { Tensor, uninitializedFloat32 } from './tensor.js';

export interface GraphNode {
  op: string;
  inputs: Tensor[];
  /** What the forward kept for backward (released after backward unless retainGraph). */
  saved: Record<string, unknown>;
  /** The VJP: dy (the output's gradient) → one gradient per input (null: none). */
  backward(dy: Tensor): (Tensor | null)[];
  /** True once a backward without retainGraph ran through this node. */
  released: boolean;
}

export type BackwardTrace = (node: GraphNode, output: Tensor, upstream: Tensor, downstream: (Tensor | null)[]) => void;

export interface BackwardOptions {
  retainGraph?: boolean;
  /** Called once per node, as its VJP runs (the teaching tools draw the backward pass from it). */
  trace?: BackwardTrace;
}

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn without recording a graph (inference, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

let anomalyDetection = false;

/**
 * Anomaly mode (PyTorch's set_detect_anomaly): every op's output in forward, and every
 * gradient in backward, is checked for NaN and ±Inf; the first op to make one is named in an
 * error with its inputs' shapes. Off by default — then it costs one boolean test per op.
 */
export function setDetectAnomaly(enabled: boolean): void {
  anomalyDetection = enabled === true;
}

export function isAnomalyDetectionEnabled(): boolean {
  return anomalyDetection;
}

/** Runs fn (sync or async) with anomaly detection on, restoring the previous mode after. */
export function detectAnomaly<T>(fn: () => T): T {
  const previous = anomalyDetection;
  anomalyDetection = true;
  let result: T;
  try {
    result = fn();
  } catch (err) {
    anomalyDetection = previous;
    throw err;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      anomalyDetection = previous;
    }) as T;
  }
  anomalyDetection = previous;
  return result;
}

function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

function shapesOf(inputs: Tensor[]): string {
  return inputs.length === 0 ? 'no inputs' : `inputs ${inputs.map((t) => formatShape(t.shape)).join(', ')}`;
}

function anomaly(where: string, op: string, value: number, index: number, what: string, inputs: Tensor[]): Error {
  const kind = Number.isNaN(value) ? 'NaN' : value > 0 ? 'Inf' : '-Inf';
  const firstBad = inputs.findIndex((t) => firstNonFinite(t.data) >= 0);
  const origin =
    where === 'forward'
      ? firstBad >= 0
        ? ` (input ${firstBad} already held a non-finite value)`
        : ' (all inputs finite: this op made it)'
      : '';
  return new Error(
    `detectAnomaly: ${where} of '${op}' produced ${kind} at index ${index} of ${what}; ${shapesOf(inputs)}${origin}`,
  );
}

function checkForward(op: string, inputs: Tensor[], output: Tensor): void {
  const i = firstNonFinite(output.data);
  if (i >= 0) throw anomaly('forward', op, output.data[i], i, `its output ${formatShape(output.shape)}`, inputs);
}

/** Records `output` as made by `op` from `inputs` — only if grad mode is on and some input needs a gradient. */
export function node(
  op: string,
  inputs: Tensor[],
  output: Tensor,
  backward: (dy: Tensor) => (Tensor | null)[],
  saved: Record<string, unknown> = {},
): Tensor {
  if (anomalyDetection) checkForward(op, inputs, output);
  if (!gradEnabled) return output;
  let needed = false;
  for (const input of inputs) if (input.requiresGrad) needed = true;
  if (!needed) return output;
  output.requiresGrad = true;
  output.gradFn = { op, inputs, saved, backward, released: false };
  return output;
}

function freed(this: GraphNode): never {
  throw new Error(
    `backward: the graph through '${this.op}' was freed by an earlier backward(); ` +
      'pass { retainGraph: true } to the first backward() to run backward twice',
  );
}

/** Reverse topological order from root (root first), by an iterative depth-first search. */
export function topologicalOrder(root: Tensor): Tensor[] {
  const postOrder: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top];
    const inputs = t.gradFn ? t.gradFn.inputs : null;
    const i = next[top];
    if (inputs !== null && i < inputs.length) {
      next[top] = i + 1;
      const child = inputs[i];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push(child);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      postOrder.push(t); // every input of t is already in postOrder
    }
  }
  return postOrder.reverse();
}

/**
 * a + b, the sum over two paths. In place into a when a is a gradient this pass owns alone
 * (exclusiveGrad) and no trace holds it; else into a new tensor, which the pass then owns.
 */
function addInto(a: Tensor, b: Tensor, inPlace: boolean): Tensor {
  const y = b.data;
  if (inPlace && a.exclusiveGrad) {
    const x = a.data;
    for (let i = 0; i < x.length; i++) x[i] += y[i];
    return a;
  }
  const out = uninitializedFloat32(a.size);
  const x = a.data;
  for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
  const sum = new Tensor(out, a.shape);
  sum.exclusiveGrad = true;
  return sum;
}

/** Marks a gradient a VJP just allocated and returns for one input only (see exclusiveGrad). */
export function exclusiveGrad(t: Tensor): Tensor {
  t.exclusiveGrad = true;
  return t;
}

export function runBackward(root: Tensor, gradient?: Tensor, opts: BackwardOptions = {}): void {
  if (!root.requiresGrad) {
    throw new Error(
      'backward: expected a tensor that requires grad, got one with requiresGrad = false ' +
        '(no input had requiresGrad, or it was computed under noGrad / from detach())',
    );
  }
  let seed: Tensor;
  if (gradient === undefined || gradient === null) {
    if (root.size !== 1) {
      throw new Error(
        `backward: expected a scalar output for an implicit gradient, got shape ${formatShape(root.shape)}; ` +
          'pass backward(gradient) with a gradient of that shape',
      );
    }
    seed = new Tensor(new Float32Array([1]), root.shape);
  } else {
    if (!(gradient instanceof Tensor)) throw new TypeError('backward: expected gradient to be a Tensor');
    if (!sameShape(gradient.shape, root.shape)) {
      throw new RangeError(
        `backward: expected gradient of shape ${formatShape(root.shape)}, got ${formatShape(gradient.shape)}`,
      );
    }
    seed = gradient;
  }
  const retainGraph = opts.retainGraph === true;
  const trace = opts.trace;
  const order = topologicalOrder(root);
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  const previousMode = gradEnabled;
  gradEnabled = false; // VJPs compute numbers, not new graphs
  try {
    for (const t of order) {
      let g = grads.get(t);
      if (g === undefined) continue;
      grads.delete(t);
      g = t.runHooks(g);
      const fn = t.gradFn;
      if (fn === null) {
        // A leaf keeps the pass's own gradient as its .grad (no copy) when nothing else can see
        // it: made by a VJP for this input alone (or summed here), not the caller's seed, not
        // shown to a hook or a trace. Otherwise .grad gets a copy, or the sum in place.
        if (t.grad === null && g.exclusiveGrad && g !== seed && trace === undefined && !t.hasHooks()) {
          g.exclusiveGrad = false;
          t.grad = g;
        } else {
          t.accumulateGrad(g);
        }
        continue;
      }
      if (t.retainsGrad) t.accumulateGrad(g);
      if (fn.released) freed.call(fn);
      const downstream = fn.backward(g);
      trace?.(fn, t, g, downstream);
      if (anomalyDetection) {
        for (let i = 0; i < downstream.length; i++) {
          const d = downstream[i];
          const bad = d ? firstNonFinite(d.data) : -1;
          if (d && bad >= 0) {
            throw anomaly(
              'backward',
              fn.op,
              d.data[bad],
              bad,
              `the gradient for input ${i} ${formatShape(d.shape)}`,
              fn.inputs,
            );
          }
        }
      }
      for (let i = 0; i < fn.inputs.length; i++) {
        const input = fn.inputs[i];
        const d = downstream[i];
        if (!input.requiresGrad || d === null || d === undefined) continue;
        if (!sameShape(d.shape, input.shape)) {
          throw new Error(
            `backward: '${fn.op}' returned a gradient of shape ${formatShape(d.shape)} for its input ${i} ` +
              `of shape ${formatShape(input.shape)}`,
          );
        }
        const previous = grads.get(input);
        grads.set(input, previous === undefined ? d : addInto(previous, d, trace === undefined)); // sum over paths
      }
      if (!retainGraph) {
        fn.released = true;
        fn.saved = {};
        fn.backward = freed;
      }
    }
  } finally {
    gradEnabled = previousMode;
  }
}
