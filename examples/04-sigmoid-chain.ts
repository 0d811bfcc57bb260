// Note 003: the chain a →w1→ h1 →w2→ h2 →w3→ h3 →w4→ y with h = g(h·w), g the sigmoid, and
// Cost = ½(y − t)². By hand: δ4 = (y − t)·y(1 − y), δt = δt+1·wt+1·ht(1 − ht),
// ∂Cost/∂wt = ht−1·δt — the same numbers autograd gets, and each δ is at most 0.25 × the next.
// Run: node --import tsx examples/04-sigmoid-chain.ts
import { inspect, tensor, type Tensor } from '../lib/index.js';

const a = 0.8;
const t = 0.2;
const w = [0.5, -1.2, 0.9, 1.5].map((v, i) => tensor(v, { requiresGrad: true, name: `w${i + 1}` }));
const hs: Tensor[] = [tensor(a, { name: 'a' })];
for (const wt of w) hs.push(hs[hs.length - 1].mul(wt).sigmoid());
const y = hs[4];
const cost = y.sub(t).pow(2).mul(0.5);
cost.backward();

const h = hs.map((v) => v.item());
const delta: number[] = [];
delta[4] = (h[4] - t) * h[4] * (1 - h[4]); // δ4 = (y − t)·y(1 − y)
for (let k = 3; k >= 1; k--) delta[k] = delta[k + 1] * w[k].item() * h[k] * (1 - h[k]); // δt = δt+1·wt+1·ht(1 − ht)
const fmt = (v: number) => inspect.formatNumber(v, 4);
console.log(`h = [${h.map(fmt).join(', ')}]  (h0 = a, h4 = y)`);
console.log(`Cost = ${fmt(cost.item())}`);
for (let k = 4; k >= 1; k--) {
  console.log(
    `δ${k} = ${fmt(delta[k])}   ∂Cost/∂w${k}: by hand h${k - 1}·δ${k} = ${fmt(h[k - 1] * delta[k])}, autograd ${fmt(w[k - 1].grad!.item())}`,
  );
}
console.log(`|δ1/δ4| = ${fmt(Math.abs(delta[1] / delta[4]))}: three sigmoid layers, each σ′ ≤ 0.25`);
