// `chainrule graph <example>`: the computational graph of one of the notes' examples, after
// backward (values and gradients on every tensor), as SVG (-o file.svg) or DOT.
import type { Command } from 'commander';
import { explainBackward } from '../inspect/explain.js';
import { toDot, toSVG } from '../inspect/graph.js';
import { lectureGraphByName, lectureGraphs } from '../inspect/lectures.js';
import { checkExample, writeOutput } from './output.js';

export function register(program: Command): void {
  program
    .command('graph')
    .description(`draw the computational graph of a worked example (${Object.keys(lectureGraphs).join(', ')})`)
    .argument('<example>', `one of ${Object.keys(lectureGraphs).join(', ')}`)
    .option(
      '-o, --output <file>',
      'write SVG there (DOT when the name ends in .dot) (default: print the DOT source to stdout)',
    )
    .option('--dot', 'print the Graphviz DOT source to stdout as well as writing -o')
    .option('--no-grad', 'draw values only, no backward pass (default: values and gradients)')
    .action(async (example: string, opts: { output?: string; dot?: boolean; grad: boolean }) => {
      checkExample('graph', example);
      const { root, title } = lectureGraphByName(example);
      const grads = opts.grad ? explainBackward(root).grads : undefined;
      const dot = toDot(root, { grads, showGrad: opts.grad, title });
      if (opts.dot || !opts.output) process.stdout.write(dot);
      if (opts.output) {
        writeOutput('graph', opts.output, opts.output.endsWith('.dot') ? dot : await toSVG(dot));
        process.stderr.write(`wrote ${opts.output}\n`);
      }
    });
}
