// The lecture notes' numbers (../shared/seeds/), each test naming the note it comes from.
import { beforeEach, describe, expect, it } from 'vitest';
import { arange, dense, maximum, noGrad, sigmoid, type Tensor, tensor } from '../lib/index.js';
import { useVariant, variants } from './variants.js';

const leaf = (v: number) => tensor(v, { requiresGrad: true });

describe.each(variants)('lecture notes [$label]', (variant) => {
  beforeEach(() => useVariant(variant));

  it('the README example: f = (x + y)·z prints its gradients (002)', () => {
    const lines: string[] = [];
    const print = (...parts: unknown[]) => lines.push(parts.map(String).join(' '));
    // --- README snippet ---
    const x = tensor(-2, { requiresGrad: true });
    const y = tensor(5, { requiresGrad: true });
    const z = tensor(-4, { requiresGrad: true });
    const f = x.add(y).mul(z); // f = (x + y)·z
    f.backward();
    print('f =', f.item()); // f = -12
    print('x.grad =', x.grad, 'y.grad =', y.grad, 'z.grad =', z.grad);
    // --- end ---
    expect(lines).toEqual(['f = -12', 'x.grad = tensor(-4) y.grad = tensor(-4) z.grad = tensor(3)']);
  });

  it('002: f = (x + y)·z at x = −2, y = 5, z = −4', () => {
    const [x, y, z] = [leaf(-2), leaf(5), leaf(-4)];
    const f = x.add(y).mul(z);
    f.backward();
    expect(f.item()).toBe(-12);
    expect([x.grad!.item(), y.grad!.item(), z.grad!.item()]).toEqual([-4, -4, 3]);
  });

  it("002: CS231n's sigmoid neuron f = σ(w0·x0 + w1·x1 + w2)", () => {
    const w = tensor([2, -3, -3], { requiresGrad: true });
    const x = tensor([-1, -2], { requiresGrad: true });
    const [w0, w1, w2] = [0, 1, 2].map((i) => w.slice(0, i, i + 1));
    const [x0, x1] = [0, 1].map((i) => x.slice(0, i, i + 1));
    const f = sigmoid(w0.mul(x0).add(w1.mul(x1)).add(w2)).sum();
    f.backward();
    expect(f.item()).toBeCloseTo(0.731, 3);
    const dw = Array.from(w.grad!.data);
    const dx = Array.from(x.grad!.data);
    [-0.197, -0.393, 0.197].forEach((v, i) => {
      expect(dw[i]).toBeCloseTo(v, 3);
    });
    [0.393, -0.59].forEach((v, i) => {
      expect(dx[i]).toBeCloseTo(v, 3);
    });
  });

  it("000/001/003/004: σ'(x) = σ(x)(1 − σ(x)) over a sweep, maximal 0.25 at x = 0", () => {
    const x = arange(-8, 8.01, 0.25).requiresGrad_();
    const s = x.sigmoid();
    s.sum().backward(); // each σ(xᵢ) depends on xᵢ only: the grad is σ'(xᵢ)
    let best = 0;
    for (let i = 0; i < x.size; i++) {
      const sv = s.data[i];
      expect(x.grad!.data[i]).toBeCloseTo(sv * (1 - sv), 7);
      expect(x.grad!.data[i]).toBeLessThanOrEqual(0.25);
      if (x.grad!.data[i] > x.grad!.data[best]) best = i;
    }
    expect(x.data[best]).toBe(0);
    expect(x.grad!.data[best]).toBe(0.25);
  });

  it("004: tanh'(x) = (1 + tanh x)(1 − tanh x)", () => {
    const x = arange(-4, 4.01, 0.5).requiresGrad_();
    const t = x.tanh();
    t.sum().backward();
    for (let i = 0; i < x.size; i++) {
      const tv = Math.tanh(x.data[i]);
      expect(x.grad!.data[i]).toBeCloseTo((1 + tv) * (1 - tv), 6);
    }
  });

  it('002: add distributes, mul switches, max routes', () => {
    const [a, b] = [leaf(3), leaf(-1)];
    a.add(b).mul(2).backward(); // upstream 2 reaches both inputs unchanged
    expect([a.grad!.item(), b.grad!.item()]).toEqual([2, 2]);

    const [c, d] = [leaf(3), leaf(-1)];
    c.mul(d).mul(2).backward(); // each gets upstream × the other input
    expect([c.grad!.item(), d.grad!.item()]).toEqual([2 * -1, 2 * 3]);

    const [e, g] = [leaf(3), leaf(-1)];
    maximum(e, g).mul(2).backward(); // all of upstream to the larger, nothing to the other
    expect([e.grad!.item(), g.grad!.item()]).toEqual([2, 0]);
  });

  it('001: the fully-connected partials ∂ĥ/∂h = w, ∂ĥ/∂w = h, ∂ĥ/∂b = 1', () => {
    const h = tensor([[0.5, -1.5, 2]], { requiresGrad: true });
    const w = tensor([[0.25, 0.75, -0.5]], { requiresGrad: true });
    const b = tensor([0.1], { requiresGrad: true });
    const hHat = dense(h, w, b); // ĥ = w·h + b, one output unit
    hHat.backward(tensor([[1]]));
    expect(hHat.item()).toBeCloseTo(0.125 - 1.125 - 1 + 0.1, 6);
    expect(h.grad!.toArray()).toEqual(w.toArray());
    expect(w.grad!.toArray()).toEqual(h.toArray());
    expect(b.grad!.toArray()).toEqual([1]);
  });

  it('003: the sigmoid chain a →w1→ h1 →w2→ h2 →w3→ h3 →w4→ y with Cost = ½(y − t)²: hand δs equal autograd', () => {
    const a = 0.8;
    const t = 0.2;
    const w = [0.5, -1.2, 0.9, 1.5].map((v) => leaf(v));
    // forward by autograd
    const hs: Tensor[] = [tensor(a)];
    for (const wt of w) hs.push(hs[hs.length - 1].mul(wt).sigmoid());
    const y = hs[4];
    const cost = y.sub(t).pow(2).mul(0.5);
    cost.backward();
    // the notes' recursion, by hand in float64 from the same activations
    const h = hs.map((v) => v.item());
    const wv = w.map((v) => v.item());
    const delta: number[] = [];
    delta[4] = (h[4] - t) * h[4] * (1 - h[4]); // δ4 = (y − t)·y(1 − y)
    for (let k = 3; k >= 1; k--) delta[k] = delta[k + 1] * wv[k] * h[k] * (1 - h[k]); // δt = δt+1·wt+1·ht(1 − ht)
    for (let k = 1; k <= 4; k++) {
      expect(w[k - 1].grad!.item()).toBeCloseTo(h[k - 1] * delta[k], 6); // ∂Cost/∂wt = ht−1·δt
    }
  });

  it('002: sigmoid is stable at |x| ≥ 1000 (no NaN in value or gradient)', () => {
    const x = tensor([-1000, -100, 100, 1000], { requiresGrad: true });
    const s = x.sigmoid();
    s.sum().backward();
    expect(Array.from(s.data)).toEqual([0, expect.closeTo(0, 30), 1, 1]);
    expect(Array.from(x.grad!.data).every((g) => g === 0 || (g > 0 && g < 1e-30))).toBe(true);
    noGrad(() => expect(Number.isNaN(s.sum().item())).toBe(false));
  });
});
