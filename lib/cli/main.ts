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

const program = new Command();
program.name('chainrule').description('Neural networks and reverse-mode autodiff for Node.js');

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

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`chainrule: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
