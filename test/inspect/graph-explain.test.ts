// toDot / toSVG and explainBackward on the notes' graphs (002, 003).
import { describe, expect, it } from 'vitest';
import { inspect, maximum, randn, tensor } from '../../lib/index.js';

const leaf = (v: number, name: string) => tensor(v, { requiresGrad: true, name });

describe('toDot / toSVG', () => {
  it('002: f = (x + y)·z draws op nodes and tensors with value and grad', () => {
    const { root } = inspect.lectureGraph();
    const e = inspect.explainBackward(root);
    const dot = inspect.toDot(root, { grads: e.grads });
    expect(dot).toMatch(/^digraph chainrule \{/);
    const rows = (name: string) => {
      const m = new RegExp(`<B>${name}</B>.*?</TABLE>`).exec(dot)![0];
      return [...m.matchAll(/<FONT COLOR="#[\da-f]+">([^<]*)<\/FONT>/g)].map((r) => r[1]);
    };
    expect(rows('x')).toEqual(['-2', '-4']); // value above, gradient below
    expect(rows('z')).toEqual(['-4', '3']);
    expect(rows('q')).toEqual(['3', '-4']);
    expect(rows('f')).toEqual(['-12', '1']);
    expect(dot.match(/shape=ellipse/g)).toHaveLength(2); // add and mul
    expect(dot).toContain('label=<+>');
    expect(dot).toContain('label=<×>');
  });

  it('summarises larger tensors as shape + mean/min/max, and lists small ones', () => {
    const w = randn([10, 10], { requiresGrad: true, name: 'W' });
    const s = w.mul(2).sum();
    const dot = inspect.toDot(s, { showGrad: false });
    expect(dot).toMatch(/<B>W<\/B>&#160;&#160;\[10,10\].*\[10,10\]<BR\/>mean [-\d.e]+ min [-\d.e]+ max [-\d.e]+/);
    expect(dot).toContain('label=<×2>'); // the constant folded into its gate
    const v = tensor([1, 2, 3], { requiresGrad: true, name: 'v' });
    expect(inspect.toDot(v.sum())).toContain('>[1, 2, 3]</FONT>');
  });

  it('renders SVG in-process through WebAssembly Graphviz', async () => {
    const svg = await inspect.toSVG(inspect.lectureGraph().root);
    expect(svg).toContain('<svg');
    expect(svg).toContain('>×</text>');
    await expect(inspect.toSVG('digraph { a -> }')).rejects.toThrow(/toSVG: Graphviz/);
  });

  it('names unknown examples in its error', () => {
    expect(() => inspect.lectureGraphByName('nope')).toThrow(/unknown example 'nope'; expected one of lecture/);
  });
});

describe('explainBackward', () => {
  it('002: upstream × local = downstream, gate roles, leaf gradients equal autograd', () => {
    const { root } = inspect.lectureGraph();
    const e = inspect.explainBackward(root);
    expect(e.steps.map((s) => s.op)).toEqual(['mul', 'add']); // reverse topological order
    const [mul, add] = e.steps;
    expect(mul.role).toMatch(/mul switches/);
    expect(add.role).toMatch(/add distributes/);
    expect(mul.inputs.map((i) => [i.name, i.localFormula, i.local, i.downstream])).toEqual([
      ['q', 'z', -4, -4],
      ['z', 'q', 3, 3],
    ]);
    expect(add.upstream).toBe(-4);
    expect(add.inputs.map((i) => i.downstream)).toEqual([-4, -4]);
    expect(e.leaves.map((l) => [l.name, l.gradient])).toEqual([
      ['x', -4],
      ['y', -4],
      ['z', 3],
    ]);
    expect(e.text).toContain('∂f/∂q = 1 × (z = -4) = -4');
    expect(JSON.parse(JSON.stringify(e)).steps[0].op).toBe('mul');
  });

  it('002: the a + a case sums over paths', () => {
    const a = leaf(3, 'a');
    const b = a.add(a);
    b.name = 'b';
    const c = b.add(b);
    c.name = 'c';
    const e = inspect.explainBackward(c);
    expect(a.grad!.item()).toBe(4);
    const stepB = e.steps.find((s) => s.output === 'b')!;
    expect(stepB.sumOverPaths!.map((p) => p.gradient)).toEqual([1, 1]);
    expect(stepB.upstream).toBe(2);
    const leafA = e.leaves.find((l) => l.name === 'a')!;
    expect(leafA.gradient).toBe(4);
    expect(leafA.sumOverPaths!.map((p) => p.gradient)).toEqual([2, 2]);
    expect(e.text).toContain('sum over paths: ∂c/∂a = 2 (via b, input 0) + 2 (via b, input 1) = 4');
  });

  it('002: max routes and sigmoid multiplies by σ(1 − σ)', () => {
    const [p, q] = [leaf(3, 'p'), leaf(-1, 'q')];
    const m = maximum(p, q).mul(2);
    const e = inspect.explainBackward(m);
    const max = e.steps.find((s) => s.op === 'maximum')!;
    expect(max.role).toMatch(/max routes/);
    expect(max.inputs.map((i) => [i.local, i.downstream])).toEqual([
      [1, 2],
      [0, 0],
    ]);
    const n = inspect.sigmoidNeuron();
    const en = inspect.explainBackward(n.root);
    const sig = en.steps[0];
    expect(sig.role).toMatch(/σ\(1 − σ\)/);
    expect(sig.inputs[0].local as number).toBeCloseTo(0.1966, 4);
    const grads = Object.fromEntries(en.leaves.map((l) => [l.name, l.gradient as number]));
    [-0.197, -0.393, 0.197].forEach((v, i) => expect(grads[`w${i}`]).toBeCloseTo(v, 3));
    [0.393, -0.59].forEach((v, i) => expect(grads[`x${i}`]).toBeCloseTo(v, 3));
  });

  it('003: the 2-2-2 network — dense steps match the leaves autograd filled', () => {
    const { root } = inspect.tinyMlp();
    const e = inspect.explainBackward(root, { retainGraph: true });
    const w2 = e.leaves.find((l) => l.name === 'W2')!.gradient as number[];
    expect(w2[0]).toBeCloseTo(0.164334, 5); // Mazur's ∂E/∂w5 = 0.082167 for E = ½f
    expect(e.steps.find((s) => s.output === 'q')!.activation).toBe('sigmoid');
    // retainGraph: a second backward still works
    expect(() => root.backward()).not.toThrow();
  });

  it('rejects non-scalar losses', () => {
    expect(() => inspect.explainBackward(randn([2], { requiresGrad: true }).mul(2))).toThrow(/expected a scalar loss/);
  });
});
