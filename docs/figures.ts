// Regenerates the pictures of docs/backprop.md: node --import tsx docs/figures.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect, manualSeed, nn, rand, randn } from '../lib/index.js';

const out = (name: string) => join(__dirname, name);

async function main(): Promise<void> {
  for (const name of Object.keys(inspect.lectureGraphs)) {
    const lecture = inspect.lectureGraphByName(name);
    const { grads } = inspect.explainBackward(lecture.root, { retainGraph: true });
    writeFileSync(
      out(`graph-${name}.svg`),
      await inspect.toSVG(lecture.root, { ...inspect.lectureDotOptions(lecture), grads }),
    );
  }
  const sigmoid = inspect.vanishingGradients({ activation: 'sigmoid', init: 'xavier' });
  const relu = inspect.vanishingGradients({ activation: 'relu', init: 'he' });
  writeFileSync(out('vanishing-sigmoid-vs-relu.svg'), await inspect.vanishingChart([sigmoid, relu]));
  const normal = inspect.vanishingGradients({ activation: 'sigmoid', init: 'normal' });
  writeFileSync(out('vanishing-sigmoid-gaussian.svg'), await inspect.vanishingChart([normal]));
  manualSeed(0);
  const model = nn.sequential(
    ...Array.from({ length: 6 }, () => nn.dense(16, 16, { activation: 'sigmoid', init: 'xavierUniform' })),
  );
  const report = inspect.gradientFlow(model, randn([64, 16]), rand([64, 16]), { lr: 0.1 });
  writeFileSync(out('gradient-flow-sigmoid.svg'), await inspect.gradientFlowChart(report, '6 sigmoid layers'));
  console.log(inspect.formatGradientFlow(report)); // the table docs/backprop.md shows
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'examples/06-gradient-descent-modes.ts', '--svg', out('gradient-descent-modes.svg')],
    { cwd: join(__dirname, '..'), stdio: 'inherit' },
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
