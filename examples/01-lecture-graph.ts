// Note 002 (CS231n lecture 4): f(x, y, z) = (x + y)·z at x = −2, y = 5, z = −4.
// q = x + y has local gradients ∂q/∂x = ∂q/∂y = 1; f = q·z has ∂f/∂q = z, ∂f/∂z = q.
// Run: node --import tsx examples/01-lecture-graph.ts
import { inspect, tensor } from '../lib/index.js';

const x = tensor(-2, { requiresGrad: true, name: 'x' });
const y = tensor(5, { requiresGrad: true, name: 'y' });
const z = tensor(-4, { requiresGrad: true, name: 'z' });
const q = x.add(y); // q = 3
q.name = 'q';
const f = q.mul(z); // f = −12
f.name = 'f';

// backward(), narrated: upstream × local = downstream at every gate
const explanation = inspect.explainBackward(f);
console.log(explanation.text);
console.log(`f = ${f.item()}`);
console.log(`x.grad = ${x.grad!.item()}, y.grad = ${y.grad!.item()}, z.grad = ${z.grad!.item()}`);
// the graph, with values and gradients: `npx chainrule graph lecture -o lecture.svg` draws it
console.log(inspect.toDot(f, { grads: explanation.grads }));
