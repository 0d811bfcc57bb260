// `chainrule explain <example>`: the backward pass of a worked example, step by step, in the
// notes' symbols (δ4 … δ1, δ⁽³⁾, δ⁽²⁾), and with --lr the gradient-descent step it leads to.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { explainBackward } from '../inspect/explain.js';
import { lectureGraphByName, lectureGraphs } from '../inspect/lectures.js';
import { checkLang, langs } from '../inspect/words.js';
import { checkExample } from './output.js';

const learningRate = (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected --lr to be a number > 0, got '${v}'`);
  return n;
};

export function register(program: Command): void {
  program
    .command('explain')
    .description('narrate the backward pass of a worked example: upstream × local = downstream')
    .argument('<example>', `one of ${Object.keys(lectureGraphs).join(', ')}`)
    .option('--lr <λ>', 'append one gradient-descent step with this learning rate (w ← w − λ·∂J/∂w)', learningRate)
    .addOption(
      new Option('--lang <lang>', 'words of the narration (the numbers stay)').choices([...langs]).default('en'),
    )
    .option('--json', 'print JSON instead of text')
    .action((example: string, opts: { json?: boolean; lr?: number; lang: string }) => {
      checkExample('explain', example);
      const lang = checkLang('explain', opts.lang);
      const { root, deltas } = lectureGraphByName(example);
      const e = explainBackward(root, { deltas, lr: opts.lr, lang });
      process.stdout.write(opts.json ? `${JSON.stringify(e, null, 2)}\n` : e.text);
    });
}
