// backward(): the reverse-topological pass, fan-out sums, accumulation, retainGraph,
// noGrad / detach / retainGrad / hooks / trace.
import { describe, expect, it } from 'vitest';
import { node } from '../../lib/autograd.js';
import {
  type GraphNode,
  gradcheck,
  isGradEnabled,
  jacobian,
  noGrad,
  ones,
  randn,
  Tensor,
  tensor,
} from '../../lib/index.js';

const scalar = (v: number) => tensor(v, { requiresGrad: true });

describe('backward', () => {
  it('sums over paths at fan-out: b = a + a; c = b + b gives dc/da = 4', () => {
    const a = scalar(3);
    const b = a.add(a);
    const c = b.add(b);
    c.backward();
    expect(c.item()).toBe(12);
    expect(a.grad!.item()).toBe(4);
  });

  it('sums over paths through different ops: f = a·a + exp(a)', () => {
    const a = scalar(0.5);
    a.mul(a).add(a.exp()).backward();
    expect(a.grad!.item()).toBeCloseTo(2 * 0.5 + Math.exp(0.5), 6);
  });

  it('runs a 100,000-node chain without recursion', () => {
    const x = scalar(0);
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.add(1);
    y.backward();
    expect(y.item()).toBe(100_000);
    expect(x.grad!.item()).toBe(1);
  });

  it('takes backward(gradient) for non-scalar outputs, and refuses a missing or misshapen one', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(x); // dy/dx = 2x
    expect(() => y.backward()).toThrow(/backward: expected a scalar output .* got shape \[3\]/);
    expect(() => y.backward(ones([2]))).toThrow(/backward: expected gradient of shape \[3\], got \[2\]/);
    y.backward(tensor([1, 0.5, -1]));
    expect(Array.from(x.grad!.data)).toEqual([2, 2, -6]);
  });

  it('accumulates gradients across calls until zeroGrad', () => {
    const x = scalar(2);
    x.mul(3).backward();
    x.mul(3).backward();
    expect(x.grad!.item()).toBe(6);
    x.zeroGrad();
    expect(x.grad).toBeNull();
    x.mul(5).backward();
    expect(x.grad!.item()).toBe(5);
  });

  it('frees the graph after backward; a second backward is a clear error unless retainGraph', () => {
    const x = scalar(2);
    const y = x.mul(x).sigmoid();
    y.backward(undefined, { retainGraph: true });
    const first = x.grad!.item();
    y.backward(); // allowed: the first call retained the graph
    expect(x.grad!.item()).toBeCloseTo(2 * first, 6);
    expect(() => y.backward()).toThrow(/backward: the graph through 'sigmoid' was freed .* retainGraph: true/);
    expect(y.gradFn!.released).toBe(true);
    expect(y.gradFn!.inputs.length).toBe(1); // the structure stays for inspection
  });

  it('refuses backward on a tensor that does not require grad', () => {
    expect(() => tensor(1).mul(2).backward()).toThrow(/backward: expected a tensor that requires grad/);
  });

  it('records nothing under noGrad, and restores the mode after (even on throw)', () => {
    const x = scalar(1);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('detach cuts the graph (same values, no gradient through it)', () => {
    const x = scalar(3);
    const y = x.mul(x);
    const f = y.detach().mul(x); // f = const(9)·x
    f.backward();
    expect(x.grad!.item()).toBe(9);
    expect(y.detach().requiresGrad).toBe(false);
  });

  it('keeps .grad on non-leaves only with retainGrad', () => {
    const x = scalar(2);
    const h = x.mul(3).retainGrad();
    const k = x.mul(4);
    h.mul(k).backward(); // f = 12x², h = 3x, k = 4x
    expect(h.grad!.item()).toBe(8); // ∂f/∂h = k
    expect(k.grad).toBeNull();
    expect(x.grad!.item()).toBe(48);
  });

  it('requiresGrad_ marks leaves and refuses to unmark op outputs', () => {
    const x = tensor([1, 2]).requiresGrad_();
    expect(x.requiresGrad).toBe(true);
    const y = x.mul(2);
    expect(() => y.requiresGrad_(false)).toThrow(/requiresGrad_: expected a leaf tensor/);
  });

  it('runs hooks on a tensor gradient, lets them replace it, and removes them', () => {
    const x = scalar(1);
    const h = x.mul(2);
    const seen: number[] = [];
    const handle = h.registerHook((g) => {
      seen.push(g.item());
      return tensor(10);
    });
    h.mul(3).backward();
    expect(seen).toEqual([3]);
    expect(x.grad!.item()).toBe(20); // the replaced 10, times ∂h/∂x = 2
    handle.remove();
    x.zeroGrad();
    const h2 = x.mul(2);
    h2.registerHook((g) => {
      seen.push(g.item());
    });
    h2.mul(3).backward();
    expect(x.grad!.item()).toBe(6);
    expect(seen).toEqual([3, 3]);
  });

  it('calls the trace once per node, in reverse topological order, with upstream and downstream', () => {
    const x = scalar(-2);
    const y = scalar(5);
    const z = scalar(-4);
    const q = x.add(y);
    const f = q.mul(z);
    const calls: [string, number, number[]][] = [];
    f.backward(undefined, {
      trace: (n: GraphNode, _out, upstream, downstream) => {
        calls.push([n.op, upstream.item(), downstream.map((d) => d!.item())]);
      },
    });
    expect(calls).toEqual([
      ['mul', 1, [-4, 3]],
      ['add', -4, [-4, -4]],
    ]);
  });

  it('checks a VJP result shape, naming the op', () => {
    const x = scalar(1);
    const bad = node('badOp', [x], tensor(2), () => [tensor([1, 2])]);
    expect(() => bad.backward()).toThrow(/'badOp' returned a gradient of shape \[2\] for its input 0 of shape \[\]/);
  });
});

describe('gradcheck and jacobian', () => {
  it('catches a wrong VJP', () => {
    const wrongSquare = (x: Tensor) => {
      const y = new Tensor(
        x.data.map((v) => v * v),
        x.shape.slice(),
      );
      return node('wrongSquare', [x], y, (dy) => [dy.mul(x)]); // should be 2x
    };
    const result = gradcheck(wrongSquare, [randn([4])]);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/gradcheck: mismatch at input 0/);
  });

  it('leaves the caller inputs untouched', () => {
    const x = randn([3]);
    const before = Array.from(x.data);
    gradcheck((t) => t.exp(), [x]);
    expect(Array.from(x.data)).toEqual(before);
    expect(x.grad).toBeNull();
  });

  it('jacobian of softmax is diag(y) − y·yᵀ', () => {
    const x = tensor([0.5, -1, 2]);
    const J = jacobian((t) => t.softmax(), x);
    const y = x.softmax().data;
    expect(J.shape).toEqual([3, 3]);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) expect(J.data[i * 3 + j]).toBeCloseTo((i === j ? y[i] : 0) - y[i] * y[j], 6);
    }
  });

  it('jacobian of matmul by a fixed W is W itself (x·Wᵀ… as rows)', () => {
    const W = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const J = jacobian((x) => W.matmul(x.reshape([2, 1])).reshape([3]), tensor([0.3, -0.7]));
    expect(J.toArray()).toEqual(W.toArray());
  });
});
