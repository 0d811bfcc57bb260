// Note 003: the 2-2-2 sigmoid network q⁽³⁾ = g(s⁽³⁾), s⁽³⁾ = w₀ + w₁q₁⁽²⁾ + w₂q₂⁽²⁾, with the
// error f = (y₁ − q₁⁽³⁾)² + (y₂ − q₂⁽³⁾)². The note leaves the numbers out; these are Matt
// Mazur's well-known ones (x = [0.05, 0.1], t = [0.01, 0.99]); his E = ½·f, so his gradients
// are half of ours (∂E/∂w5 = 0.0822 → ∂f/∂w5 = 0.1643).
// The δ view: δ⁽³⁾ = ∂f/∂s⁽³⁾, δ⁽²⁾ = (δ⁽³⁾·W⁽³⁾) ⊙ g′(s⁽²⁾), ∂f/∂W = δᵀ·q — equal to autograd.
// Then the update W ← W − α·∂J/∂W (note 003) once, with α = 0.5 on J = ½Σ(t − q)² summed, which is
// Mazur's E: his updated weights w1⁺ … w8⁺ come out to 1e-6.
// Run: node --import tsx examples/03-two-two-two-network.ts
import { inspect, losses, nn, optim, tensor } from '../lib/index.js';

const hidden = nn.dense(2, 2, { activation: 'sigmoid' });
const output = nn.dense(2, 2, { activation: 'sigmoid' });
hidden.weight.data.set([0.15, 0.2, 0.25, 0.3]); // [out, in]: row j holds the weights into unit j
hidden.bias!.data.set([0.35, 0.35]);
output.weight.data.set([0.4, 0.45, 0.5, 0.55]);
output.bias!.data.set([0.6, 0.6]);
const model = nn.sequential(hidden, output);

const x = tensor([[0.05, 0.1]]);
const t = tensor([[0.01, 0.99]]);
const lossFn = (q: typeof x, target: typeof x) => losses.mse(q, target, { reduction: 'sum' }); // Σ(q − t)²

const f = lossFn(model.forward(x), t);
f.backward();
const fmt = (v: number) => inspect.formatNumber(v, 6);
const list = (d: Float32Array) => `[${Array.from(d, fmt).join(', ')}]`;
console.log(`f = ${fmt(f.item())}`);
console.log(`autograd dW(2) = ${list(hidden.weight.grad!.data)}`);
console.log(`autograd dW(3) = ${list(output.weight.grad!.data)}`);

const view = inspect.deltas(model, x, t, { loss: lossFn });
for (const layer of [...view.layers].reverse()) {
  console.log(`layer ${layer.index + 1}: δ = ${list(layer.delta.data)}  dW = δᵀ·q = ${list(layer.weightGrad.data)}`);
}
let worst = 0;
view.layers.forEach((layer, i) => {
  const g = model.parameters()[2 * i].grad!.data;
  layer.weightGrad.data.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - g[k]))));
});
console.log(`max |δ view − autograd| = ${worst < 1e-6 ? '< 1e-6' : fmt(worst)}`);
console.log(`∂f/∂w5 = ${fmt(output.weight.grad!.data[0])} (Mazur's ½-scaled 0.082167 × 2)`);
console.log(`∂f/∂w1 = ${fmt(hidden.weight.grad!.data[0])} (Mazur's 0.000438568 × 2)`);

// One SGD step, α = 0.5, J = ½·Σ(q − t)² summed over the outputs (reduction 'sum'): Mazur's E.
const mazur = [0.149780716, 0.19956143, 0.24975114, 0.29950229, 0.35891648, 0.408666186, 0.51130127, 0.561370121];
function stepFrom(reduction: 'sum' | 'mean') {
  hidden.weight.data.set([0.15, 0.2, 0.25, 0.3]);
  output.weight.data.set([0.4, 0.45, 0.5, 0.55]);
  hidden.bias!.data.set([0.35, 0.35]);
  output.bias!.data.set([0.6, 0.6]);
  const opt = optim.sgd(model.parameters(), { lr: 0.5 });
  opt.zeroGrad();
  losses.halfSquaredError(model.forward(x), t, { reduction }).backward();
  opt.step();
  return [...hidden.weight.data, ...output.weight.data];
}
const updated = stepFrom('sum');
console.log(`one SGD step, α = 0.5, J = ½Σ(q − t)² (reduction 'sum'):`);
console.log(`  w1⁺…w4⁺ = ${list(Float32Array.from(updated.slice(0, 4)))}`);
console.log(`  w5⁺…w8⁺ = ${list(Float32Array.from(updated.slice(4)))}`);
const off = Math.max(...updated.map((v, k) => Math.abs(v - mazur[k])));
console.log(`  max |ours − worked example| = ${off < 1e-6 ? '< 1e-6' : fmt(off)}`);
const meanStep = stepFrom('mean');
console.log(
  `with halfSquaredError's default reduction 'mean': w5⁺ = ${fmt(meanStep[4])}, not ${fmt(updated[4])} — ` +
    'the mean divides by the 2 output elements, so every gradient (and the step) is half the summed one',
);
