// `chainrule evaluate --model DIR --csv FILE [--label COL]`: the task's metrics on a labelled
// file — for classification accuracy, macro/weighted precision, recall and F1, and the
// confusion matrix under the model's own class names; for regression MAE, MSE, RMSE and R².
// The labels are read against the model's class list, so a file that lacks a class keeps
// every index, and a class the model never saw is an error that names it.
import type { Command } from 'commander';
import { readCsv } from '../data/csv.js';
import { loadMnistLike } from '../data/idx.js';
import * as metrics from '../metrics/index.js';
import { Tensor } from '../tensor.js';
import { predict } from '../train/evaluate.js';
import { checkClassesKnown, loadSavedModel, probabilities } from './saved-model.js';

export interface EvaluateCliOptions {
  model: string;
  csv?: string;
  idx?: string;
  label?: string;
}

export interface EvaluateResult {
  task: 'classification' | 'regression';
  rows: number;
  metrics: Record<string, number>;
  confusion?: { classes: string[]; counts: number[][] };
}

function labelled(o: EvaluateCliOptions, features: string[] | null, label: string | null, classes: string[] | null) {
  if (o.idx !== undefined) {
    const test = loadMnistLike(o.idx, { split: 'test' });
    return { x: test.x, y: test.y.data, name: o.idx };
  }
  const file = o.csv!;
  const column = o.label ?? label ?? undefined;
  if (classes) {
    // the file's own class names first (any order), then checked and mapped onto the model's
    const found = readCsv(file, { label: column, features: features ?? undefined, labelType: 'class' });
    checkClassesKnown('evaluate', file, found.classes ?? [], classes);
    const ds = readCsv(file, { label: column, features: features ?? undefined, classes });
    return { x: ds.x, y: ds.y.data, name: file };
  }
  const ds = readCsv(file, { label: column, features: features ?? undefined, labelType: 'number' });
  return { x: ds.x, y: ds.y.data, name: file };
}

export function runEvaluate(o: EvaluateCliOptions): EvaluateResult {
  const saved = loadSavedModel(o.model);
  const data = labelled(o, saved.features, saved.label, saved.classes);
  const pred = predict(saved.model, new Tensor(Float32Array.from(data.x.data), data.x.shape.slice()));
  const n = data.x.shape[0];
  const outputs = pred.shape[1];
  if (saved.classes) {
    const p = probabilities(pred.data, outputs, saved.loss);
    const predicted = new Float32Array(n);
    const scores = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      if (outputs === 1) {
        predicted[r] = p[r] > 0.5 ? 1 : 0;
        scores[r] = p[r];
      } else {
        let best = 0;
        for (let c = 1; c < outputs; c++) if (p[r * outputs + c] > p[r * outputs + best]) best = c;
        predicted[r] = best;
        scores[r] = p[r * outputs + 1];
      }
    }
    const numClasses = saved.classes.length;
    // averaged over the classes that occur in the file's labels or predictions, as sklearn
    const macro = metrics.precisionRecallF1(data.y, predicted, { average: 'macro' });
    const weighted = metrics.precisionRecallF1(data.y, predicted, { average: 'weighted' });
    const out: Record<string, number> = {
      accuracy: metrics.accuracy(data.y, predicted),
      precisionMacro: macro.precision,
      recallMacro: macro.recall,
      f1Macro: macro.f1,
      f1Weighted: weighted.f1,
    };
    const both = new Set(data.y);
    if (numClasses === 2 && both.size === 2) out.rocAuc = metrics.rocAuc(data.y, scores);
    const cm = metrics.confusionMatrix(data.y, predicted, { numClasses });
    return { task: 'classification', rows: n, metrics: out, confusion: { classes: saved.classes, counts: cm.counts } };
  }
  if (outputs !== 1)
    throw new Error(`evaluate: a regression model with ${outputs} outputs needs one label column per output`);
  return {
    task: 'regression',
    rows: n,
    metrics: {
      mae: metrics.meanAbsoluteError(data.y, pred.data),
      mse: metrics.meanSquaredError(data.y, pred.data),
      rmse: metrics.rootMeanSquaredError(data.y, pred.data),
      r2: metrics.r2Score(data.y, pred.data),
    },
  };
}

/** The report as text: one metric a line, then the confusion matrix (rows = true class). */
export function formatEvaluation(r: EvaluateResult, source: string): string {
  const lines = [`${source}: ${r.rows} rows, ${r.task}`];
  for (const [k, v] of Object.entries(r.metrics)) lines.push(`${k.padEnd(15)} ${v.toFixed(4)}`);
  if (r.confusion) {
    const { classes, counts } = r.confusion;
    const width = Math.max(5, ...classes.map((c) => c.length), ...counts.flat().map((v) => String(v).length));
    lines.push('', `confusion matrix (rows: true class, columns: predicted)`);
    lines.push(`${''.padEnd(width)}  ${classes.map((c) => c.padStart(width)).join(' ')}`);
    counts.forEach((row, i) =>
      lines.push(`${classes[i].padEnd(width)}  ${row.map((v) => String(v).padStart(width)).join(' ')}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('evaluate')
    .description(
      "a saved model's metrics on a labelled CSV file or IDX test set (and the confusion matrix for classes)",
    )
    .requiredOption('--model <dir>', 'a model saved by `chainrule train` (or save())')
    .option('--csv <file>', 'labelled rows (header row)')
    .option('--label <column>', 'the label column (default: the one the model was trained on, else the last)')
    .option('--idx <dir>', 'the test set (t10k-*) of an IDX directory in the MNIST layout')
    .option('--json', 'print JSON instead of text')
    .action((opts: EvaluateCliOptions & { json?: boolean }) => {
      if ((opts.csv === undefined) === (opts.idx === undefined))
        throw new Error('evaluate: give one of --csv or --idx');
      const result = runEvaluate(opts);
      process.stdout.write(
        opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatEvaluation(result, opts.csv ?? opts.idx!),
      );
    });
}
