// The notes' worked graphs, built small enough to draw and narrate (chainrule graph / explain).
import { tensor } from '../factories.js';
import { dense } from '../ops/dense.js';
import type { DotOptions } from './dot.js';
import { maximum } from '../ops/index.js';
import type { Tensor } from '../tensor.js';

export interface LectureGraph {
  /** The scalar at the end of the graph (call backward on it). */
  root: Tensor;
  title: string;
  /** How the drawing reads best at page width. */
  rankdir?: 'LR' | 'TB';
  /** Tensors drawn side by side (one layer of the network per row). */
  ranks?: Tensor[][];
  /** Every second row reads right to left (a long chain folded). */
  snake?: boolean;
  /**
   * The notes' δ names: for a tensor, δ is its upstream gradient (the chain's δ4 = ∂Cost/∂(h3·w4));
   * for the output of a fused dense gate, δ is its dZ = upstream ⊙ σ′ (the 2-2-2 net's δ⁽³⁾).
   */
  deltas?: Map<Tensor, string>;
  /** Where the example comes from. */
  note: string;
}

const leaf = (value: number, name: string): Tensor => tensor(value, { requiresGrad: true, name });
const named = (t: Tensor, name: string): Tensor => {
  t.name = name;
  return t;
};

/** 002 (CS231n lecture 4): f = (x + y)·z at x = −2, y = 5, z = −4. */
export function lectureGraph(): LectureGraph {
  const x = leaf(-2, 'x');
  const y = leaf(5, 'y');
  const z = leaf(-4, 'z');
  const q = named(x.add(y), 'q');
  return { root: named(q.mul(z), 'f'), title: 'f = (x + y)·z at x = −2, y = 5, z = −4', note: '002' };
}

/** 002 (CS231n): the sigmoid neuron f = σ(w0·x0 + w1·x1 + w2), w = [2, −3, −3], x = [−1, −2]. */
export function sigmoidNeuron(): LectureGraph {
  const [w0, w1, w2] = [2, -3, -3].map((v, i) => leaf(v, `w${i}`));
  const [x0, x1] = [-1, -2].map((v, i) => leaf(v, `x${i}`));
  const s = named(named(named(w0.mul(x0), 'w0·x0').add(named(w1.mul(x1), 'w1·x1')), 'w0·x0 + w1·x1').add(w2), 's');
  return {
    root: named(s.sigmoid(), 'f'),
    title: 'f = σ(w0·x0 + w1·x1 + w2)',
    rankdir: 'TB',
    ranks: [[w0, x0, w1, x1]],
    note: '002',
  };
}

/** 002 (CS231n): the same neuron with σ expanded into its gates ×−1, exp, +1, 1/x. */
export function sigmoidNeuronExpanded(): LectureGraph {
  const [w0, w1, w2] = [2, -3, -3].map((v, i) => leaf(v, `w${i}`));
  const [x0, x1] = [-1, -2].map((v, i) => leaf(v, `x${i}`));
  const s = named(named(named(w0.mul(x0), 'w0·x0').add(named(w1.mul(x1), 'w1·x1')), 'w0·x0 + w1·x1').add(w2), 's');
  const minus = named(s.mul(-1), '−s');
  const e = named(minus.exp(), 'e^−s');
  const d = named(e.add(1), '1 + e^−s');
  const f = named(tensor(1).div(d), 'f');
  return {
    root: f,
    title: 'f = 1/(1 + e^−(w0·x0 + w1·x1 + w2)): the gates ×−1, exp, +1, 1/x',
    rankdir: 'TB',
    ranks: [
      [w0, x0, w1, x1],
      [s, minus, e],
      [d, f],
    ],
    snake: true,
    note: '002',
  };
}

/** 002 (CS231n's "patterns in backward flow"): f = 2·(x·y + max(z, w)) at x = 3, y = −4, z = 2, w = −1. */
export function maxGate(): LectureGraph {
  const [x, y, z, w] = [leaf(3, 'x'), leaf(-4, 'y'), leaf(2, 'z'), leaf(-1, 'w')];
  const xy = named(x.mul(y), 'x·y');
  const m = named(maximum(z, w), 'max(z, w)');
  const sum = named(xy.add(m), 's');
  return {
    root: named(sum.mul(2), 'f'),
    title: 'f = 2·(x·y + max(z, w)): add distributes, mul switches, max routes',
    rankdir: 'TB',
    ranks: [[x, y, z, w]],
    note: '002',
  };
}

/** 003: a →w1→ h1 →w2→ h2 →w3→ h3 →w4→ y, h = σ(h·w), Cost = ½(y − t)². */
export function sigmoidChain(a = 0.8, weights: number[] = [0.5, -1.2, 0.9, 1.5], target = 0.2): LectureGraph {
  let h = tensor(a, { name: 'a' });
  const ranks: Tensor[][] = [];
  const deltas = new Map<Tensor, string>();
  weights.forEach((w, i) => {
    const last = i === weights.length - 1;
    const wt = leaf(w, `w${i + 1}`);
    const pre = named(h.mul(wt), `${i === 0 ? 'a' : `h${i}`}·w${i + 1}`); // the note's h3·w4
    deltas.set(pre, `δ${i + 1}`);
    h = named(pre.sigmoid(), last ? 'y' : `h${i + 1}`);
    ranks.push([wt, pre, h]);
  });
  const t = tensor(target, { name: 't' });
  const diff = named(h.sub(t), 'y − t');
  const square = named(diff.mul(diff), '(y − t)²');
  ranks.push([t, diff], [square]);
  return {
    root: named(square.mul(0.5), 'Cost'),
    title: 'a →w1→ h1 →w2→ h2 →w3→ h3 →w4→ y, Cost = ½(y − t)²',
    rankdir: 'TB',
    ranks,
    snake: true,
    deltas,
    note: '003',
  };
}

/** 003: the 2-2-2 sigmoid network with f = Σ(y − q)² (Mazur's numbers: x = [0.05, 0.1], t = [0.01, 0.99]). */
export function tinyMlp(): LectureGraph {
  const x = tensor([[0.05, 0.1]], { name: 'x' });
  const W1 = tensor([[0.15, 0.2], [0.25, 0.3]], { requiresGrad: true, name: 'W1' }); // prettier-ignore
  const b1 = tensor([0.35, 0.35], { requiresGrad: true, name: 'b1' });
  const W2 = tensor([[0.4, 0.45], [0.5, 0.55]], { requiresGrad: true, name: 'W2' }); // prettier-ignore
  const b2 = tensor([0.6, 0.6], { requiresGrad: true, name: 'b2' });
  const t = tensor([[0.01, 0.99]], { name: 't' });
  const h = named(dense(x, W1, b1, 'sigmoid'), 'h');
  const q = named(dense(h, W2, b2, 'sigmoid'), 'q');
  const d = named(q.sub(t), 'q − t');
  const square = named(d.mul(d), '(q − t)²');
  return {
    root: named(square.sum(), 'f'),
    title: '2-2-2 sigmoid network, f = Σ(q − t)²',
    rankdir: 'TB',
    ranks: [
      [x, W1, b1],
      [h, W2, b2],
      [q, t],
      [d, square],
    ],
    snake: true,
    deltas: new Map([
      [h, 'δ⁽²⁾'],
      [q, 'δ⁽³⁾'],
    ]),
    note: '003',
  };
}

/** The drawing options a lecture asks for (toDot / toSVG). */
export function lectureDotOptions(l: LectureGraph): Pick<DotOptions, 'title' | 'rankdir' | 'ranks' | 'snake'> {
  return { title: l.title, rankdir: l.rankdir, ranks: l.ranks, snake: l.snake };
}

export const lectureGraphs: Record<string, () => LectureGraph> = {
  lecture: lectureGraph,
  neuron: sigmoidNeuron,
  'neuron-expanded': sigmoidNeuronExpanded,
  max: maxGate,
  chain: sigmoidChain,
  mlp: tinyMlp,
};

export function lectureGraphByName(name: string): LectureGraph {
  const make = lectureGraphs[name];
  if (!make) {
    throw new RangeError(`graph: unknown example '${name}'; expected one of ${Object.keys(lectureGraphs).join(', ')}`);
  }
  return make();
}
