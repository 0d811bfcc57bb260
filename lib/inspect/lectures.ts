// The notes' worked graphs, built small enough to draw and narrate (chainrule graph / explain).
import { tensor } from '../factories.js';
import { dense } from '../ops/dense.js';
import type { Tensor } from '../tensor.js';

export interface LectureGraph {
  /** The scalar at the end of the graph (call backward on it). */
  root: Tensor;
  title: string;
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
  return { root: named(q.mul(z), 'f'), title: 'f = (x + y)·z at x = −2, y = 5, z = −4' };
}

/** 002 (CS231n): the sigmoid neuron f = σ(w0·x0 + w1·x1 + w2), w = [2, −3, −3], x = [−1, −2]. */
export function sigmoidNeuron(): LectureGraph {
  const [w0, w1, w2] = [2, -3, -3].map((v, i) => leaf(v, `w${i}`));
  const [x0, x1] = [-1, -2].map((v, i) => leaf(v, `x${i}`));
  const s = named(w0.mul(x0).add(w1.mul(x1)).add(w2), 's');
  return { root: named(s.sigmoid(), 'f'), title: 'f = σ(w0·x0 + w1·x1 + w2)' };
}

/** 003: a →w1→ h1 →w2→ h2 →w3→ h3 →w4→ y, h = σ(h·w), Cost = ½(y − t)². */
export function sigmoidChain(a = 0.8, weights: number[] = [0.5, -1.2, 0.9, 1.5], target = 0.2): LectureGraph {
  let h = tensor(a, { name: 'a' });
  weights.forEach((w, i) => {
    const last = i === weights.length - 1;
    h = named(h.mul(leaf(w, `w${i + 1}`)).sigmoid(), last ? 'y' : `h${i + 1}`);
  });
  const diff = named(h.sub(tensor(target, { name: 't' })), 'y − t');
  return { root: named(diff.mul(diff).mul(0.5), 'Cost'), title: 'a →w1→ h1 →w2→ h2 →w3→ h3 →w4→ y, Cost = ½(y − t)²' };
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
  return { root: named(d.mul(d).sum(), 'f'), title: '2-2-2 sigmoid network, f = Σ(q − t)²' };
}

export const lectureGraphs: Record<string, () => LectureGraph> = {
  lecture: lectureGraph,
  neuron: sigmoidNeuron,
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
