// `chainrule train`: the README's main job. Trains a dense network on a CSV file, an IDX
// directory (MNIST layout) or a built-in data set (two spirals by default), prints progress
// and final metrics, and saves the model with lib/io save().
import { type Command, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { readCsv } from '../data/csv.js';
import { builtinNames, loadBuiltin } from '../data/datasets.js';
import { loadMnistLike } from '../data/idx.js';
import type { Matrix } from '../data/matrix.js';
import { save } from '../io/model.js';
import { initNames, type InitSpec } from '../nn/init.js';
import { Dense, type LayerActivation, layerActivations, Sequential } from '../nn/layers.js';
import { optimizerNames } from '../optim/create.js';
import { manualSeed } from '../random.js';
import { lossFunctions } from '../losses/index.js';
import { evaluate } from '../train/evaluate.js';
import { fit } from '../train/fit.js';
import type { MetricName } from '../train/metrics.js';
import { formatLogs } from '../train/progress.js';

export interface TrainCliOptions {
  dataset: string;
  csv?: string;
  label?: string;
  idx?: string;
  samples: number;
  layers: number[];
  activation: LayerActivation;
  init: string;
  optimizer: string;
  lr: number;
  batchSize: number;
  mode: 'full' | 'stochastic' | 'minibatch';
  epochs: number;
  loss?: string;
  validationSplit: number;
  seed: number;
  out: string;
  normalize: 'standardize' | 'minMax' | 'none';
  verbose: 0 | 1 | 2;
}

const int = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}, got '${v}'`);
  return n;
};
const num = (name: string, ok: (n: number) => boolean, what: string) => (v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || !ok(n))
    throw new InvalidArgumentError(`${name} must be ${what}, got '${v}'`);
  return n;
};
const layerList = (v: string) => {
  if (v.trim() === '') return [];
  const sizes = v.split(',').map((s) => Number(s.trim()));
  if (sizes.some((s) => !Number.isInteger(s) || s <= 0)) {
    throw new InvalidArgumentError(`--layers must be comma-separated positive integers (e.g. 64,64), got '${v}'`);
  }
  return sizes;
};

interface Loaded {
  name: string;
  x: Matrix;
  y: Matrix;
  /** Class names for classification, null for regression. */
  classes: string[] | null;
  /** The CSV's feature and label columns, recorded so predict/evaluate pick the same ones. */
  features?: string[];
  label?: string | null;
  test: { x: Matrix; y: Matrix } | null;
}

/**
 * --label is a column name or a 0-based index ("2"); a header that really names a column
 * "2" wins, so the name is tried first and the index only when no column has that name.
 */
function readCsvLabel(file: string, label: string | undefined) {
  if (label === undefined || !/^\d+$/.test(label)) return readCsv(file, { label });
  try {
    return readCsv(file, { label });
  } catch (err) {
    if (!(err instanceof RangeError) || !err.message.includes('no column named')) throw err;
    return readCsv(file, { label: Number(label) });
  }
}

function loadData(o: TrainCliOptions): Loaded {
  if (o.csv !== undefined) {
    const ds = readCsvLabel(o.csv, o.label);
    return {
      name: o.csv,
      x: ds.x,
      y: ds.y,
      classes: ds.classes ?? null,
      test: null,
      features: ds.featureNames,
      label: ds.labelName,
    };
  }
  if (o.idx !== undefined) {
    const train = loadMnistLike(o.idx, { split: 'train' });
    const hasTest = ['t10k-images-idx3-ubyte', 't10k-images-idx3-ubyte.gz'].some((f) => existsSync(`${o.idx}/${f}`));
    const test = hasTest ? loadMnistLike(o.idx, { split: 'test' }) : null;
    const classes = Array.from({ length: train.numClasses }, (_, i) => String(i));
    return { name: o.idx, x: train.x, y: train.y, classes, test: test && { x: test.x, y: test.y } };
  }
  const ds = loadBuiltin(o.dataset, { samples: o.samples, seed: o.seed });
  return { name: o.dataset, x: ds.x, y: ds.y, classes: ds.classes, test: null };
}

/** Builds, trains, reports and saves; returns the final metrics (for tests). */
export async function runTrain(
  o: TrainCliOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<Record<string, number>> {
  const write = (s: string) => out.write(`${s}\n`);
  manualSeed(o.seed);
  const data = loadData(o);
  const [n, features] = data.x.shape;
  const classification =
    data.classes !== null && (o.loss === undefined || o.loss === 'softmaxCrossEntropy' || o.loss === 'nll');
  const outputs = classification ? data.classes!.length : data.y.shape[1];
  const loss = o.loss ?? (classification ? 'softmaxCrossEntropy' : 'mse');
  const widths = [features, ...o.layers, outputs];
  const layers = widths.slice(1).map(
    (w, i) =>
      new Dense(widths[i], w, {
        activation: i === widths.length - 2 ? 'identity' : o.activation,
        init: o.init as InitSpec,
      }),
  );
  const model = new Sequential(...layers);
  const task = classification ? `${outputs} classes` : `${outputs} target${outputs > 1 ? 's' : ''}`;
  write(`data:      ${data.name} — ${n} samples, ${features} features, ${task}`);
  write(`model:     ${widths.join('-')} (${o.activation}, init ${o.init}), ${model.parameterCount()} parameters`);
  write(
    `training:  ${o.mode}, batch ${o.batchSize}, ${o.optimizer} lr ${o.lr}, loss ${loss}, ${o.epochs} epochs, seed ${o.seed}`,
  );
  const metrics: MetricName[] = classification ? ['accuracy'] : ['mae'];
  const t0 = performance.now();
  const history = await fit(
    model,
    { x: data.x, y: data.y },
    {
      epochs: o.epochs,
      batchSize: o.mode === 'stochastic' ? undefined : o.batchSize,
      mode: o.mode,
      loss,
      optimizer: o.optimizer,
      lr: o.lr,
      metrics,
      validationSplit: o.validationSplit > 0 ? o.validationSplit : undefined,
      normalize: o.normalize === 'none' ? undefined : o.normalize,
      verbose: o.verbose,
      progressStream: out as NodeJS.WriteStream,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const last: Record<string, number> = {};
  for (const [k, v] of Object.entries(history.history)) last[k] = v[v.length - 1];
  const pick = (prefix: string) =>
    Object.fromEntries(
      ['loss', ...metrics]
        .map((m) => [m, last[prefix ? prefix + m[0].toUpperCase() + m.slice(1) : m]] as const)
        .filter(([, v]) => v !== undefined),
    );
  write(`done in ${seconds.toFixed(1)}s (${history.epoch.length} epochs)`);
  write(`train:      ${formatLogs(pick(''))}`);
  if (last.valLoss !== undefined) write(`validation: ${formatLogs(pick('val'))}`);
  const result: Record<string, number> = { ...last };
  if (data.test) {
    const testLogs = evaluate(model, data.test, { loss, metrics });
    write(`test:       ${formatLogs(testLogs)}`);
    for (const [k, v] of Object.entries(testLogs)) result[`test${k[0].toUpperCase()}${k.slice(1)}`] = v;
  }
  const columns = data.features ? { features: data.features, label: data.label } : {};
  save(model, o.out, {
    meta: { dataset: data.name, classes: data.classes, loss, epochs: history.epoch.length, ...columns },
  });
  write(`saved:      ${o.out} (load it with chainrule's load('${o.out}'))`);
  return result;
}

export function register(program: Command): void {
  program
    .command('train')
    .description(
      'train a dense network on a built-in data set (default: two spirals), a CSV file or an IDX directory; print progress and final metrics; save the model',
    )
    .addOption(new Option('--dataset <name>', 'built-in data set').choices(builtinNames).default('spirals'))
    .option('--csv <file>', 'train on a CSV file (header row; features = every column but the label)')
    .option('--label <column>', 'with --csv: the label column, by name or 0-based index (default: the last column)')
    .option(
      '--idx <dir>',
      'train on an IDX directory in the MNIST layout (train-images-idx3-ubyte[.gz], …; t10k-* is the test set)',
    )
    .option('--samples <n>', 'with --dataset spirals: how many points to generate', int('--samples', 4), 1000)
    .addOption(
      new Option('--layers <sizes>', 'hidden layer widths, comma-separated')
        .argParser(layerList)
        .default([64, 64], '64,64'),
    )
    .addOption(
      new Option('--activation <name>', 'hidden-layer activation')
        .choices(layerActivations.filter((a) => a !== 'softmax'))
        .default('relu'),
    )
    .addOption(
      new Option('--init <scheme>', "weight initialisation ('auto': He for relu, Xavier otherwise)")
        .choices(initNames)
        .default('auto'),
    )
    .addOption(new Option('--optimizer <name>', 'optimizer').choices([...optimizerNames]).default('adam'))
    .option(
      '--lr <rate>',
      'learning rate',
      num('--lr', (v) => v > 0, 'a number > 0'),
      0.01,
    )
    .option(
      '--batch-size <n>',
      'samples per update in minibatch mode (rows per chunk in full mode)',
      int('--batch-size', 1),
      32,
    )
    .addOption(
      new Option('--mode <mode>', 'full: one update per epoch; stochastic: one per sample; minibatch: one per batch')
        .choices(['full', 'stochastic', 'minibatch'])
        .default('minibatch'),
    )
    .option('--epochs <n>', 'passes over the training data', int('--epochs', 1), 50)
    .addOption(
      new Option(
        '--loss <name>',
        'loss (default: softmaxCrossEntropy for class labels, mse for numeric targets)',
      ).choices(Object.keys(lossFunctions)),
    )
    .option(
      '--validation-split <fraction>',
      'share of samples held out for validation (0 for none)',
      num('--validation-split', (v) => v >= 0 && v < 1, 'in [0, 1)'),
      0.2,
    )
    .option('--seed <n>', 'random seed (data generation, initialisation, split, shuffles)', int('--seed', 0), 0)
    .option('--out <dir>', 'where to save the trained model', './chainrule-model')
    .addOption(
      new Option('--normalize <how>', 'feature normalization fitted on the training rows, saved with the model')
        .choices(['standardize', 'minMax', 'none'])
        .default('standardize'),
    )
    .addOption(
      new Option('--verbose <level>', '0 silent, 1 progress bar (lines when not a terminal), 2 one line per epoch')
        .default(1)
        // Not .choices(): a later .argParser() would replace the choices check.
        .argParser((v) => {
          if (v !== '0' && v !== '1' && v !== '2')
            throw new InvalidArgumentError(`--verbose must be 0, 1 or 2, got '${v}'`);
          return Number(v);
        }),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  chainrule train                                 # two spirals, 2-64-64-2 ReLU, Adam\n  chainrule train --dataset iris --epochs 100\n  chainrule train --csv data.csv --label price --layers 32\n  chainrule train --idx /usr/share/datasets/fashion-mnist --layers 256,256 --lr 0.001 --batch-size 128 --epochs 5\n',
    )
    .action(async (opts: TrainCliOptions, cmd: Command) => {
      const given = (name: string) => cmd.getOptionValueSource(name) === 'cli';
      const sources = [opts.csv !== undefined, opts.idx !== undefined, given('dataset')].filter(Boolean).length;
      if (sources > 1) throw new Error('train: give one data source: --dataset, --csv or --idx, not several');
      if (given('samples') && (opts.csv !== undefined || opts.idx !== undefined || opts.dataset !== 'spirals'))
        throw new Error(
          `train: --samples goes with --dataset spirals, not ${opts.csv !== undefined ? '--csv' : opts.idx !== undefined ? '--idx' : `--dataset ${opts.dataset}`}`,
        );
      if (opts.label !== undefined && opts.csv === undefined) throw new Error('train: --label goes with --csv');
      if (
        opts.dataset === 'xor' &&
        sources <= 1 &&
        opts.csv === undefined &&
        opts.idx === undefined &&
        !given('validationSplit')
      ) {
        // 4 points, each the only one of its kind: holding one out leaves a problem without it.
        opts.validationSplit = 0;
        process.stdout.write(
          'validation: none — xor has 4 points and needs all of them to be learnt (--validation-split holds some out)\n',
        );
      }
      await runTrain(opts);
    });
}
