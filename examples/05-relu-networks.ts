// Note 002 (CS231n lecture 4): 2- and 3-layer networks f = W2·max(0, W1·x) and
// f = W3·max(0, W2·max(0, W1·x)). The max gate routes: units with W·x ≤ 0 pass no gradient.
// Run: node --import tsx examples/05-relu-networks.ts
import { inspect, maximum, tensor } from '../lib/index.js';

const fmt = (d: Float32Array) => `[${Array.from(d, (v) => inspect.formatNumber(v, 4)).join(', ')}]`;
const x = tensor([[1], [2], [0.5]], { name: 'x' }); // a column vector, as the slides write W·x
const W1 = tensor([[0.2, 0.4, -0.5], [-0.3, -0.1, 0.6], [0.5, -0.2, 0.1], [0.1, 0.3, 0.2]], { requiresGrad: true, name: 'W1' }); // prettier-ignore
const W2 = tensor([[0.7, -0.4, 0.3, 0.5], [-0.2, 0.6, 0.1, -0.3]], { requiresGrad: true, name: 'W2' }); // prettier-ignore
const W3 = tensor([[1.0, -1.5]], { requiresGrad: true, name: 'W3' });

// 2 layers: f = W2·max(0, W1·x), summed to a scalar to backpropagate
const h1 = maximum(W1.matmul(x), 0);
const f2 = W2.matmul(h1);
console.log(`2-layer: W1·x = ${fmt(W1.matmul(x).data)}, h = max(0, W1·x) = ${fmt(h1.data)}`);
console.log(`2-layer: f = W2·h = ${fmt(f2.data)}`);
f2.sum().backward();
console.log(`2-layer: dW1 = ${fmt(W1.grad!.data)}  (rows of units with W1·x ≤ 0 get 0: max routes)`);
console.log(`2-layer: dW2 = ${fmt(W2.grad!.data)}`);

// 3 layers: f = W3·max(0, W2·max(0, W1·x))
W1.zeroGrad();
W2.zeroGrad();
const g1 = maximum(W1.matmul(x), 0);
const g2 = maximum(W2.matmul(g1), 0);
const f3 = W3.matmul(g2);
console.log(`3-layer: h2 = ${fmt(g2.data)}, f = ${fmt(f3.data)}`);
f3.sum().backward();
console.log(`3-layer: dW3 = ${fmt(W3.grad!.data)}`);
console.log(`3-layer: dW2 = ${fmt(W2.grad!.data)}`);
console.log(`3-layer: dW1 = ${fmt(W1.grad!.data)}`);
