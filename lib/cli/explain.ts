// `chainrule explain <example>`: the backward pass of a worked example, step by step.
import type { Command } from 'commander';
import { explainBackward } from '../inspect/explain.js';
import { lectureGraphByName, lectureGraphs } from '../inspect/lectures.js';
import { checkExample } from './output.js';

export function register(program: Command): void {
  program
    .command('explain')
    .description('narrate the backward pass of a worked example: upstream × local = downstream')
    .argument('<example>', `one of ${Object.keys(lectureGraphs).join(', ')}`)
    .option('--json', 'print JSON instead of text')
    .action((example: string, opts: { json?: boolean }) => {
      checkExample('explain', example);
      const { root } = lectureGraphByName(example);
      const e = explainBackward(root);
      process.stdout.write(opts.json ? `${JSON.stringify(e, null, 2)}\n` : e.text);
    });
}
