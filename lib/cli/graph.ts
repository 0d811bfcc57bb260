// `chainrule graph <example>`: the computational graph of one of the notes' examples, after
// backward (values and gradients on every tensor, local gradients on the edges), as SVG
// (-o file.svg) or DOT; --steps DIR draws the backward pass one gate at a time.
import { type Command, Option } from 'commander';
import { toDot } from '../inspect/dot.js';
import { explainBackward } from '../inspect/explain.js';
import { toSVG } from '../inspect/graph.js';
import { lectureDotOptions, lectureGraphByName, lectureGraphs } from '../inspect/lectures.js';
import { writeSteps } from '../inspect/steps.js';
import { checkLang, langs } from '../inspect/words.js';
import { checkExample, writeOutput } from './output.js';

interface GraphOpts {
  output?: string;
  dot?: boolean;
  grad: boolean;
  rankdir?: 'LR' | 'TB';
  steps?: string;
  lang: string;
}

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
    .addOption(
      new Option('--rankdir <dir>', "layout direction (default: the example's own, LR or TB)").choices(['LR', 'TB']),
    )
    .option(
      '--steps <dir>',
      'draw the backward pass step by step: DIR/step-NN.svg per gate and DIR/index.html with a slider',
    )
    .addOption(new Option('--lang <lang>', 'words of the legend and caption').choices([...langs]).default('en'))
    .action(async (example: string, opts: GraphOpts) => {
      checkExample('graph', example);
      const lang = checkLang('graph', opts.lang);
      const lecture = lectureGraphByName(example);
      const { root } = lecture;
      const rankdir = opts.rankdir ?? lecture.rankdir;
      if (opts.steps !== undefined) {
        const files = await writeSteps('graph', lecture, opts.steps, { rankdir, lang });
        process.stderr.write(`wrote ${files.length} steps and ${opts.steps}/index.html\n`);
        return;
      }
      const grads = opts.grad ? explainBackward(root, { retainGraph: true }).grads : undefined; // saved activations name the gates
      const dot = toDot(root, { ...lectureDotOptions(lecture), grads, showGrad: opts.grad, rankdir, lang });
      if (opts.dot || !opts.output) process.stdout.write(dot);
      if (opts.output) {
        writeOutput('graph', opts.output, opts.output.endsWith('.dot') ? dot : await toSVG(dot));
        process.stderr.write(`wrote ${opts.output}\n`);
      }
    });
}
