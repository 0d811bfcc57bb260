#!/usr/bin/env node
// The chainrule command line: `chainrule info`, and the commands later issues add.
import { Command } from 'commander';
import { backendInfo } from '../backend/load.js';
import { formatInfo } from './info.js';
import { register as registerGraph } from './graph.js';
import { register as registerExplain } from './explain.js';
import { register as registerVanishing } from './vanishing.js';
import { register as registerTrain } from './train.js';
import { register as registerBench } from './bench.js';
import { register as registerPredict } from './predict.js';
import { register as registerEvaluate } from './evaluate.js';
import { packageVersion } from './version.js';

const program = new Command();
program
  .name('chainrule')
  .description('Neural networks and reverse-mode autodiff for Node.js')
  .version(packageVersion(), '-V, --version', 'print the chainrule version');

program
  .command('info')
  .description('which kernel backend runs and why, the ISA picked, threads, versions')
  .option('--json', 'print JSON instead of text')
  .action((opts: { json?: boolean }) => {
    const info = backendInfo();
    process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
  });

registerGraph(program);
registerExplain(program);
registerVanishing(program);
registerTrain(program);
registerBench(program);
registerPredict(program);
registerEvaluate(program);

// Every error is one line that names the command: commander's own parse errors ("error:
// option '--epochs <n>' argument '0' is invalid…") get the command's name in place of
// "error:", and errors thrown by an action are prefixed with it (without repeating it when
// the message already starts with "train: " etc.). No stack traces: these are user errors.
// `chainrule explain lecture | head`: a closed pipe ends the output, not with an EPIPE trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

let running = '';
program.hook('preAction', (_program, action) => {
  running = action.name();
});
for (const cmd of [program, ...program.commands]) {
  const who = cmd === program ? 'chainrule' : `chainrule ${cmd.name()}`;
  cmd.configureOutput({
    outputError: (str, write) => write(str.replace(/^error: /, `${who}: `)),
  });
}

program.parseAsync(process.argv).catch((err: unknown) => {
  let message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('chainrule: ')) message = message.slice('chainrule: '.length);
  if (running && message.startsWith(`${running}: `)) message = message.slice(running.length + 2);
  process.stderr.write(`chainrule${running ? ` ${running}` : ''}: ${message}\n`);
  process.exitCode = 1;
});
