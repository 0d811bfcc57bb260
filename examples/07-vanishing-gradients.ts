// Notes 000–004: "with 10 hidden layers the gradient does not reach the front" — because
// σ′ ≤ 0.25, every sigmoid layer multiplies the gradient by at most 0.25 (times W). Measured
// on a 10-layer, 32-wide net: ‖∂L/∂W_k‖ per layer, sigmoid vs tanh vs relu.
// Run: node --import tsx examples/07-vanishing-gradients.ts [--svg vanishing.svg]
// (the same as `npx chainrule vanishing --activation sigmoid,relu -o vanishing.svg`)
import { writeFileSync } from 'node:fs';
import { inspect } from '../lib/index.js';

const runs = [
  inspect.vanishingGradients({ depth: 10, activation: 'sigmoid', init: 'xavier' }),
  inspect.vanishingGradients({ depth: 10, activation: 'tanh', init: 'xavier' }),
  inspect.vanishingGradients({ depth: 10, activation: 'relu', init: 'he' }),
];
for (const r of runs) console.log(inspect.formatVanishing(r));
for (const r of runs) {
  const perLayer = r.firstToLast ** (1 / (r.depth - 1));
  console.log(
    `${r.activation.padEnd(7)} (${r.init}): first/last layer gradient ${inspect.formatNumber(r.firstToLast, 3)}, ` +
      `×${inspect.formatNumber(perLayer, 3)} per layer`,
  );
}

const svgAt = process.argv.indexOf('--svg');
if (svgAt > 0) {
  void inspect.vanishingChart([runs[0], runs[2]]).then((svg) => {
    writeFileSync(process.argv[svgAt + 1], svg);
    console.log(`wrote ${process.argv[svgAt + 1]}`);
  });
}
