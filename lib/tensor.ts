// Tensor: a shape, row-major float32 data it owns, and — when it came out of an op that
// needs gradients — the graph node that made it. The methods are the ops of lib/ops/.
import { type BackwardOptions, type GraphNode, runBackward } from './autograd.js';
import type { ActivationName } from './backend/backend.js';
import * as ops from './ops/index.js';
import { formatShape, sameShape, sizeOf } from './shape.js';

export type NestedArray = number | NestedArray[];
export type GradHook = (grad: Tensor) => Tensor | undefined | void;
type Operand = Tensor | number;

export class Tensor {
  shape: number[];
  data: Float32Array;
  requiresGrad = false;
  grad: Tensor | null = null;
  gradFn: GraphNode | null = null;
  name?: string;
  /** Set by retainGrad(): a non-leaf keeps its .grad too. */
  retainsGrad = false;
  /**
   * @internal Set by a VJP on a gradient it just allocated and hands to one input only: a leaf
   * without a .grad may then keep this very tensor as its .grad instead of a copy (autograd.ts).
   */
  exclusiveGrad = false;
  private hooks: GradHook[] | null = null;

  /** Wraps data (not copied) as a tensor of this shape; the factories in lib/factories.ts validate input. */
  constructor(data: Float32Array, shape: number[]) {
    if (data.length !== sizeOf(shape)) {
      throw new RangeError(
        `Tensor: expected data of length ${sizeOf(shape)} for shape ${formatShape(shape)}, got ${data.length}`,
      );
    }
    this.data = data;
    this.shape = shape;
  }

  /** A zero-filled tensor for an op to write its output into. */
  static empty(shape: readonly number[]): Tensor {
    return new Tensor(new Float32Array(sizeOf(shape)), shape.slice());
  }

  /**
   * @internal A tensor whose data is NOT initialised, for an op whose kernel writes every
   * element (a GEMM with beta = 0, …); see uninitializedFloat32.
   */
  static uninitialized(shape: readonly number[]): Tensor {
    return new Tensor(uninitializedFloat32(sizeOf(shape)), shape.slice());
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  item(): number {
    if (this.data.length !== 1) {
      throw new RangeError(`item: expected a tensor with one element, got shape ${formatShape(this.shape)}`);
    }
    return this.data[0];
  }

  toArray(): NestedArray {
    const build = (axis: number, offset: number, stride: number): NestedArray => {
      if (axis === this.shape.length) return this.data[offset];
      const n = this.shape[axis];
      const inner = stride / Math.max(n, 1);
      const out: NestedArray[] = [];
      for (let i = 0; i < n; i++) out.push(build(axis + 1, offset + i * inner, inner));
      return out;
    };
    return build(0, 0, this.size);
  }

  toString(): string {
    const flags: string[] = [];
    if (this.name) flags.push(`name='${this.name}'`);
    if (this.ndim > 1) flags.push(`shape=${formatShape(this.shape)}`);
    if (this.gradFn) flags.push(`gradFn=<${this.gradFn.op}>`);
    else if (this.requiresGrad) flags.push('requiresGrad=true');
    return `tensor(${formatValues(this)}${flags.length ? `, ${flags.join(', ')}` : ''})`;
  }

  /** Back-propagates from this tensor: d(this)/d(leaf) lands in each leaf's .grad (accumulated). */
  backward(gradient?: Tensor, opts?: BackwardOptions): void {
    runBackward(this, gradient, opts);
  }

  /** Forgets the accumulated gradient (the next backward starts from zero). */
  zeroGrad(): void {
    this.grad = null;
  }

  /** The same data, cut from the graph: no gradient flows through the result. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape.slice());
  }

  requiresGrad_(flag = true): this {
    if (this.gradFn !== null && !flag) {
      throw new Error(`requiresGrad_: expected a leaf tensor, got the output of '${this.gradFn.op}'; use detach()`);
    }
    this.requiresGrad = flag;
    return this;
  }

  /** Keeps .grad on a non-leaf tensor (leaves always keep it). */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /** fn sees this tensor's gradient during backward; returning a tensor replaces it. */
  registerHook(fn: GradHook): { remove(): void } {
    if (typeof fn !== 'function') throw new TypeError('registerHook: expected a function');
    if (this.hooks === null) this.hooks = [];
    this.hooks.push(fn);
    return {
      remove: () => {
        const i = this.hooks ? this.hooks.indexOf(fn) : -1;
        if (i >= 0) this.hooks!.splice(i, 1);
      },
    };
  }

  /** @internal True when registerHook added a hook that is still registered. */
  hasHooks(): boolean {
    return this.hooks !== null && this.hooks.length > 0;
  }

  /** @internal Runs the hooks on this tensor's total gradient. */
  runHooks(grad: Tensor): Tensor {
    if (this.hooks === null) return grad;
    for (const hook of this.hooks) {
      const replaced = hook(grad);
      if (replaced instanceof Tensor) {
        if (!sameShape(replaced.shape, this.shape)) {
          throw new RangeError(
            `registerHook: expected the hook to return shape ${formatShape(this.shape)}, got ${formatShape(replaced.shape)}`,
          );
        }
        grad = replaced;
      }
    }
    return grad;
  }

  /** @internal grad += g (a copy the first time: g may be shared between paths). */
  accumulateGrad(g: Tensor): void {
    if (this.grad === null) {
      this.grad = new Tensor(g.data.slice(), this.shape.slice());
      return;
    }
    const acc = this.grad.data;
    const src = g.data;
    for (let i = 0; i < acc.length; i++) acc[i] += src[i];
  }

  // --- ops as methods ---
  add(other: Operand): Tensor {
    return ops.add(this, other);
  }
  sub(other: Operand): Tensor {
    return ops.sub(this, other);
  }
  mul(other: Operand): Tensor {
    return ops.mul(this, other);
  }
  div(other: Operand): Tensor {
    return ops.div(this, other);
  }
  pow(exponent: Operand): Tensor {
    return ops.pow(this, exponent);
  }
  maximum(other: Operand): Tensor {
    return ops.maximum(this, other);
  }
  minimum(other: Operand): Tensor {
    return ops.minimum(this, other);
  }
  neg(): Tensor {
    return ops.neg(this);
  }
  exp(): Tensor {
    return ops.exp(this);
  }
  log(): Tensor {
    return ops.log(this);
  }
  sqrt(): Tensor {
    return ops.sqrt(this);
  }
  abs(): Tensor {
    return ops.abs(this);
  }
  clamp(min?: number | null, max?: number | null): Tensor {
    return ops.clamp(this, min, max);
  }
  matmul(other: Tensor): Tensor {
    return ops.matmul(this, other);
  }
  transpose(dim0?: number, dim1?: number): Tensor {
    return ops.transpose(this, dim0, dim1);
  }
  permute(dims: number[]): Tensor {
    return ops.permute(this, dims);
  }
  reshape(shape: number[]): Tensor {
    return ops.reshape(this, shape);
  }
  /** Axes startDim … endDim merged into one (all of them by default), as torch.flatten. */
  flatten(startDim = 0, endDim = -1): Tensor {
    return ops.flatten(this, startDim, endDim);
  }
  slice(axis: number, start: number, end?: number, step?: number): Tensor {
    return ops.slice(this, axis, start, end, step);
  }
  indexSelect(axis: number, indices: ArrayLike<number>): Tensor {
    return ops.indexSelect(this, axis, indices);
  }
  sum(axis?: number | number[], keepdim = false): Tensor {
    return ops.sum(this, axis, keepdim);
  }
  mean(axis?: number | number[], keepdim = false): Tensor {
    return ops.mean(this, axis, keepdim);
  }
  max(axis?: number | number[], keepdim = false): Tensor {
    return ops.max(this, axis, keepdim);
  }
  min(axis?: number | number[], keepdim = false): Tensor {
    return ops.min(this, axis, keepdim);
  }
  sigmoid(): Tensor {
    return ops.sigmoid(this);
  }
  tanh(): Tensor {
    return ops.tanh(this);
  }
  relu(): Tensor {
    return ops.relu(this);
  }
  leakyRelu(alpha = 0.01): Tensor {
    return ops.leakyRelu(this, alpha);
  }
  elu(alpha = 1): Tensor {
    return ops.elu(this, alpha);
  }
  gelu(): Tensor {
    return ops.gelu(this);
  }
  softplus(): Tensor {
    return ops.softplus(this);
  }
  activation(name: ActivationName, alpha?: number): Tensor {
    return ops.activation(this, name, alpha);
  }
  softmax(axis = -1): Tensor {
    return ops.softmax(this, axis);
  }
  logSoftmax(axis = -1): Tensor {
    return ops.logSoftmax(this, axis);
  }
  argmax(axis?: number, keepdim = false): Tensor {
    return ops.argmax(this, axis, keepdim);
  }
  argmin(axis?: number, keepdim = false): Tensor {
    return ops.argmin(this, axis, keepdim);
  }
  topk(k: number, opts?: ops.TopkOptions): { values: Tensor; indices: Tensor } {
    return ops.topk(this, k, opts);
  }
  /** this where condition ≠ 0, else other (torch's x.where(condition, y)). */
  where(condition: Tensor, other: Operand): Tensor {
    return ops.where(condition, this, other);
  }
  gather(axis: number, index: Tensor): Tensor {
    return ops.gather(this, axis, index);
  }
  scatterAdd(axis: number, index: Tensor, src: Tensor): Tensor {
    return ops.scatterAdd(this, axis, index, src);
  }
  squeeze(axis?: number): Tensor {
    return ops.squeeze(this, axis);
  }
  unsqueeze(axis: number): Tensor {
    return ops.unsqueeze(this, axis);
  }
  /** The same values under another shape (tensors are contiguous, so view is reshape). */
  view(shape: number[]): Tensor {
    return ops.reshape(this, shape);
  }
  clone(): Tensor {
    return ops.clone(this);
  }
  /** The number of elements (torch's numel()). */
  numel(): number {
    return this.data.length;
  }
  /** One element by its indices (negative ones count from the end): t.get(i, j). */
  get(...indices: number[]): number {
    if (indices.length !== this.ndim) {
      throw new RangeError(
        `get: expected ${this.ndim} indices for shape ${formatShape(this.shape)}, got ${indices.length}`,
      );
    }
    let offset = 0;
    for (let d = 0; d < indices.length; d++) {
      const n = this.shape[d];
      const i = indices[d];
      if (!Number.isInteger(i) || i < -n || i >= n) {
        throw new RangeError(
          `get: expected index ${d} in [${-n}, ${n}) for shape ${formatShape(this.shape)}, got ${i}`,
        );
      }
      offset = offset * n + (i < 0 ? i + n : i);
    }
    return this.data[offset];
  }
}

/** Below 64 KB the zero fill costs a few µs: not worth a malloc-backed (unpooled) buffer. */
const UNINITIALIZED_MIN = 16384;

/**
 * @internal A Float32Array of `length` elements with arbitrary contents (NaN possible): only for
 * outputs a kernel overwrites completely. new Float32Array zero-fills, which for the MLP
 * benchmark's 1 MB weight gradient costs 50–150 µs; Buffer.allocUnsafeSlow takes fresh,
 * unpooled memory without the fill (~5 µs), at byteOffset 0 (so 4-byte aligned).
 */
export function uninitializedFloat32(length: number): Float32Array {
  if (length < UNINITIALIZED_MIN) return new Float32Array(length);
  const bytes = Buffer.allocUnsafeSlow(length * 4);
  return new Float32Array(bytes.buffer, bytes.byteOffset, length);
}

/** numpy-style text: nested brackets, 4 significant digits, long axes elided with '...'. */
function formatValues(t: Tensor): string {
  const edge = 3;
  const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));
  const build = (axis: number, offset: number, stride: number): string => {
    if (axis === t.ndim) return fmt(t.data[offset]);
    const n = t.shape[axis];
    const inner = stride / Math.max(n, 1);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (n > 2 * edge + 1 && i === edge) {
        parts.push('...');
        i = n - edge - 1;
        continue;
      }
      parts.push(build(axis + 1, offset + i * inner, inner));
    }
    const sep = axis === t.ndim - 1 ? ', ' : `,\n${' '.repeat(axis + 8)}`;
    return `[${parts.join(sep)}]`;
  };
  return build(0, 0, t.size);
}
