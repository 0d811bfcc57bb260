// Note 002 (CS231n lecture 4): the sigmoid neuron f = σ(w0·x0 + w1·x1 + w2) with
// w = [2, −3, −3], x = [−1, −2]. The sigmoid gate multiplies the upstream by σ(1 − σ):
// f ≈ 0.73 and σ′ = 0.73·0.27 ≈ 0.20, which the add gates distribute and the mul gates switch.
// Run: node --import tsx examples/02-sigmoid-neuron.ts
import { inspect, tensor } from '../lib/index.js';

const [w0, w1, w2] = [2, -3, -3].map((v, i) => tensor(v, { requiresGrad: true, name: `w${i}` }));
const [x0, x1] = [-1, -2].map((v, i) => tensor(v, { requiresGrad: true, name: `x${i}` }));
const s = w0.mul(x0).add(w1.mul(x1)).add(w2); // w·x + b = 1
s.name = 's';
const f = s.sigmoid();
f.name = 'f';

const explanation = inspect.explainBackward(f);
console.log(explanation.text);
const fmt = (t: { grad: { item(): number } | null }) => inspect.formatNumber(t.grad!.item(), 3);
console.log(`f = ${inspect.formatNumber(f.item(), 3)}`);
console.log(`σ'(s) = f(1 − f) = ${inspect.formatNumber(f.item() * (1 - f.item()), 3)}`);
console.log(`dw = [${[w0, w1, w2].map(fmt).join(', ')}]`);
console.log(`dx = [${[x0, x1].map(fmt).join(', ')}]`);
