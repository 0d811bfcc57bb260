// `chainrule predict --model DIR (--csv FILE | --idx DIR | JSON lines on stdin)`: predictions
// as class names (or values), optionally with class probabilities, streamed in batches so a
// file bigger than memory goes through; written as CSV or JSON lines to --out (temp name +
// rename) or stdout.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { csvStream } from '../data/csv.js';
import { loadMnistLike } from '../data/idx.js';
import { Tensor } from '../tensor.js';
import { predict } from '../train/evaluate.js';
import { loadSavedModel, probabilities, type SavedModel } from './saved-model.js';

export interface PredictCliOptions {
  model: string;
  csv?: string;
  idx?: string;
  out?: string;
  proba?: boolean;
  format: 'csv' | 'jsonl';
  batchSize: number;
}

type Row = Float32Array;

/** Feature rows from whichever source was named, in order. */
async function* rows(o: PredictCliOptions, saved: SavedModel, input: NodeJS.ReadableStream): AsyncGenerator<Row> {
  if (o.csv !== undefined) {
    for await (const s of csvStream(o.csv, { features: saved.features ?? undefined, label: null })) yield s.x;
    return;
  }
  if (o.idx !== undefined) {
    const images = loadMnistLike(o.idx, { split: 'test' }).x;
    const cols = images.shape[1];
    for (let r = 0; r < images.shape[0]; r++) yield images.data.subarray(r * cols, (r + 1) * cols);
    return;
  }
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      throw new Error(`predict: stdin line ${line} is not JSON: ${(err as Error).message}`);
    }
    if (Array.isArray(v) && v.every((e) => typeof e === 'number')) {
      yield Float32Array.from(v as number[]);
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && saved.features) {
      const record = v as Record<string, unknown>;
      yield Float32Array.from(
        saved.features.map((name) => {
          const x = record[name];
          if (typeof x !== 'number') {
            throw new Error(
              `predict: stdin line ${line}: expected feature '${name}' to be a number, got ${JSON.stringify(x)}`,
            );
          }
          return x;
        }),
      );
    } else {
      throw new Error(
        `predict: stdin line ${line}: expected an array of numbers${saved.features ? ' or an object of named features' : ''}, got ${text.slice(0, 80)}`,
      );
    }
  }
}

/** One output line per row: the class name or value(s), then probabilities with --proba. */
function formatter(o: PredictCliOptions, saved: SavedModel, outputs: number) {
  const classes = saved.classes;
  const names = classes ?? [];
  const columns = classes
    ? ['prediction', ...(o.proba ? names.map((c) => `p_${c}`) : [])]
    : outputs === 1
      ? ['prediction']
      : Array.from({ length: outputs }, (_, i) => `prediction_${i}`);
  const header = o.format === 'csv' ? `${columns.map(csvField).join(',')}\n` : '';
  const line = (out: Float32Array, r: number, proba: Float32Array | null): string => {
    const row = out.subarray(r * outputs, (r + 1) * outputs);
    let values: (string | number)[];
    if (classes) {
      const p = proba!.subarray(r * outputs, (r + 1) * outputs);
      const cls = outputs === 1 ? (p[0] > 0.5 ? 1 : 0) : argmax(row);
      const probs = outputs === 1 ? [1 - p[0], p[0]] : Array.from(p);
      values = [classes[cls], ...(o.proba ? probs.map(round) : [])];
    } else values = Array.from(row, round);
    if (o.format === 'csv')
      return `${values.map((v) => (typeof v === 'string' ? csvField(v) : String(v))).join(',')}\n`;
    return `${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, values[i]])))}\n`;
  };
  return { header, line };
}

const round = (v: number) => Number(v.toPrecision(7));
const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Runs the predictions; returns how many rows were written (for tests). */
export async function runPredict(
  o: PredictCliOptions,
  stdout: NodeJS.WritableStream = process.stdout,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const saved = loadSavedModel(o.model);
  const tmp =
    o.out === undefined ? null : path.join(path.dirname(o.out), `.${path.basename(o.out)}.${process.pid}.tmp`);
  const fd = tmp === null ? null : openSync(tmp, 'wx');
  const write = (s: string) => (fd === null ? stdout.write(s) : writeSync(fd, s));
  let count = 0;
  let width = -1;
  let batch: Row[] = [];
  let fmt: ReturnType<typeof formatter> | null = null;
  const flush = () => {
    if (batch.length === 0) return;
    const x = new Tensor(new Float32Array(batch.length * width), [batch.length, width]);
    batch.forEach((row, i) => x.data.set(row, i * width));
    const out = predict(saved.model, x, { batchSize: o.batchSize });
    const outputs = out.shape[1];
    if (fmt === null) {
      if (saved.classes && outputs !== saved.classes.length && !(outputs === 1 && saved.classes.length === 2)) {
        throw new Error(`predict: the model has ${outputs} outputs but ${saved.classes.length} class names`);
      }
      fmt = formatter(o, saved, outputs);
      write(fmt.header);
    }
    const proba = saved.classes ? probabilities(out.data, outputs, saved.loss) : null;
    let text = '';
    for (let r = 0; r < batch.length; r++) text += fmt.line(out.data, r, proba);
    write(text);
    count += batch.length;
    batch = [];
  };
  try {
    for await (const row of rows(o, saved, stdin)) {
      if (width < 0) width = row.length;
      if (row.length !== width) {
        throw new Error(`predict: row ${count + batch.length + 1} has ${row.length} features, the first had ${width}`);
      }
      batch.push(row);
      if (batch.length >= o.batchSize) flush();
    }
    flush();
    if (fd !== null) {
      closeSync(fd);
      renameSync(tmp!, o.out!);
    }
  } catch (err) {
    if (fd !== null) {
      closeSync(fd);
      try {
        unlinkSync(tmp!);
      } catch {
        // already gone
      }
    }
    throw err;
  }
  return count;
}

export function register(program: Command): void {
  program
    .command('predict')
    .description(
      'predict with a saved model: class names (or values) per row, from a CSV file, an IDX directory or JSON lines on stdin',
    )
    .requiredOption('--model <dir>', 'a model saved by `chainrule train` (or save())')
    .option(
      '--csv <file>',
      "rows to predict (header row; the model's feature columns are picked by name, others ignored)",
    )
    .option('--idx <dir>', 'the test images (t10k-*) of an IDX directory in the MNIST layout')
    .option('--out <file>', 'write here (default: stdout)')
    .option('--proba', 'also write each class probability (softmax of the logits)')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .option(
      '--batch-size <n>',
      'rows per forward pass',
      (v: string) => {
        if (!/^\d+$/.test(v) || Number(v) < 1)
          throw new InvalidArgumentError(`--batch-size must be an integer ≥ 1, got '${v}'`);
        return Number(v);
      },
      1024,
    )
    .addHelpText(
      'after',
      "\nWithout --csv or --idx, each stdin line is a JSON array of feature values, or an object of named features.\n\nExamples:\n  chainrule predict --model ./chainrule-model --csv new.csv --out predictions.csv --proba\n  echo '[0.5, -1.2]' | chainrule predict --model ./chainrule-model --format jsonl\n",
    )
    .action(async (opts: PredictCliOptions) => {
      if (opts.csv !== undefined && opts.idx !== undefined) throw new Error('predict: give --csv or --idx, not both');
      await runPredict(opts);
    });
}
