// `chainrule vanishing`: per-layer gradient norms of a deep net (notes 000–004's claim that
// sigmoid gradients vanish through depth), as a table, JSON, and a log-scale SVG plot.
import { type Command, InvalidArgumentError } from 'commander';
import {
  formatVanishing,
  vanishingActivations,
  vanishingChart,
  vanishingGradients,
  type VanishingActivation,
  type VanishingInit,
  vanishingInits,
} from '../inspect/vanishing.js';
import { writeOutput } from './output.js';

function integer(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n))
      throw new InvalidArgumentError(`expected --${name} to be an integer, got '${v}'`);
    return n;
  };
}

export function register(program: Command): void {
  program
    .command('vanishing')
    .description('per-layer gradient norms of a deep net: see sigmoid gradients vanish (σ′ ≤ 0.25)')
    .option('--depth <n>', 'number of Dense layers', integer('depth'), 10)
    .option('--width <n>', 'units per layer', integer('width'), 32)
    .option(
      '--activation <names>',
      `${vanishingActivations.join('|')}; a comma list (sigmoid,relu) draws them together`,
      'sigmoid',
    )
    .option('--init <name>', `${vanishingInits.join('|')} (normal = the notes' Gaussian N(0, 1))`, 'xavier')
    .option('--batch <n>', 'samples in the measured batch', integer('batch'), 64)
    .option('--seed <n>', 'seed for weights and data', integer('seed'), 0)
    .option('-o, --output <file>', 'write the log-scale SVG plot there')
    .option('--json', 'print JSON instead of the table')
    .action(
      async (opts: {
        depth: number;
        width: number;
        activation: string;
        init: string;
        batch: number;
        seed: number;
        output?: string;
        json?: boolean;
      }) => {
        const reports = opts.activation.split(',').map((a) =>
          vanishingGradients({
            depth: opts.depth,
            width: opts.width,
            batch: opts.batch,
            seed: opts.seed,
            activation: a.trim() as VanishingActivation,
            init: opts.init as VanishingInit,
          }),
        );
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`
            : reports.map(formatVanishing).join('\n'),
        );
        if (opts.output) {
          writeOutput('vanishing', opts.output, await vanishingChart(reports));
          process.stderr.write(`wrote ${opts.output}\n`);
        }
      },
    );
}
