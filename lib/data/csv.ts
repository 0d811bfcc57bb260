// CSV through csv-parse: readCsv reads a whole file (sync), csvStream yields one sample at
// a time so files bigger than memory train in minibatches (see batchesFromAsync).
import type { Tensor } from '../tensor.js';
import { checkOptions as checkKnownOptions, type OptionKeys } from '../options.js';
import { accessSync, constants, createReadStream, readFileSync } from 'node:fs';
import { parse as parseStream } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { type BadRow, type CsvColumnOptions, CsvLayout, parseNumber, sortClasses } from './csv-layout.js';
import { matrix } from './matrix.js';

export type { BadRow, ColumnRef, CsvColumnOptions } from './csv-layout.js';

export interface CsvOptions extends CsvColumnOptions {
  /** Field separator (default ','). */
  delimiter?: string;
  /** Lines starting with this are skipped (e.g. '#'); off by default. */
  comment?: string;
  /**
   * 'class': labels are class names mapped to indices 0…k−1 (`classes` lists them);
   * 'number': labels are regression targets; 'auto' (default): 'number' when every label
   * is a finite number, else 'class'.
   */
  labelType?: 'class' | 'number' | 'auto';
  /** A fixed class list (e.g. the training file's) — labels map to their index in it. */
  classes?: string[];
  /** A bad row (wrong field count, non-numeric field, empty label) throws (default) or is skipped and listed. */
  onBadRow?: 'error' | 'skip';
}

export interface CsvDataset {
  x: Tensor;
  /** [n, 1] label (class index or number), or [n, 0] when `label: null`. */
  y: Tensor;
  featureNames: string[];
  labelName: string | null;
  /** Class names, index = class id (class labels only). */
  classes?: string[];
  /** Rows dropped with onBadRow: 'skip'. */
  skipped: BadRow[];
}

interface Parsed {
  record: string[];
  info: { lines: number };
}

function parserOptions(op: string, options: CsvOptions) {
  const delimiter = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length === 0) {
    throw new TypeError(`${op}: expected delimiter to be a non-empty string, got ${JSON.stringify(delimiter)}`);
  }
  return {
    delimiter,
    info: true,
    relax_column_count: true, // field counts are checked here, so the line number can be reported
    skip_empty_lines: true,
    trim: true,
    ...(options.comment ? { comment: options.comment } : {}),
  } as const;
}

const csvOptionKeys = [
  'header',
  'features',
  'columns',
  'label',
  'delimiter',
  'comment',
  'labelType',
  'classes',
  'onBadRow',
] as const;
const everyCsvOption: OptionKeys<CsvOptions, typeof csvOptionKeys> = csvOptionKeys;

function checkOptions(op: string, options: CsvOptions, extra: readonly string[] = []): void {
  checkKnownOptions(op, options, [...everyCsvOption, ...extra]);
  if (options.onBadRow !== undefined && options.onBadRow !== 'error' && options.onBadRow !== 'skip') {
    throw new TypeError(`${op}: expected onBadRow to be 'error' or 'skip', got ${JSON.stringify(options.onBadRow)}`);
  }
  const t = options.labelType;
  if (t !== undefined && t !== 'class' && t !== 'number' && t !== 'auto') {
    throw new TypeError(`${op}: expected labelType to be 'class', 'number' or 'auto', got ${JSON.stringify(t)}`);
  }
  if (options.classes !== undefined) {
    const c = options.classes;
    if (!Array.isArray(c) || c.length === 0 || c.some((n) => typeof n !== 'string')) {
      throw new TypeError(`${op}: expected classes to be a non-empty array of strings`);
    }
    if (new Set(c).size !== c.length) throw new RangeError(`${op}: classes has duplicates: ${c.join(', ')}`);
    if (t === 'number') throw new TypeError(`${op}: classes was given but labelType is 'number'`);
  }
}

function checkReadable(op: string, path: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    throw new Error(`${op}: cannot read the file: ${(err as Error).message}`);
  }
}

function wrapParseError(op: string, err: unknown): Error {
  const e = err as Error & { lines?: number };
  return new Error(`${op}: ${e.lines ? `line ${e.lines}: ` : ''}${e.message}`);
}

/**
 * Reads a CSV file into `{ x, y, featureNames, classes }`. Bad rows name their line, e.g.
 * `readCsv(iris.csv): line 17: expected 5 fields, got 4`.
 */
export function readCsv(path: string, options: CsvOptions = {}): CsvDataset {
  const op = `readCsv(${path})`;
  checkOptions(op, options);
  checkReadable(op, path);
  let rows: Parsed[];
  try {
    rows = parseSync(readFileSync(path), parserOptions(op, options)) as unknown as Parsed[];
  } catch (err) {
    throw wrapParseError(op, err);
  }
  const header = options.header ?? true;
  if (rows.length === 0 || (header && rows.length === 1)) throw new RangeError(`${op}: empty dataset (no data rows)`);
  const names = header ? rows[0].record : null;
  const layout = new CsvLayout(op, names, names ? names.length : rows[0].record.length, options);
  const skipped: BadRow[] = [];
  const bad = (row: BadRow) => {
    if (options.onBadRow !== 'skip') throw new RangeError(`${op}: line ${row.line}: ${row.reason}`);
    skipped.push(row);
  };

  const cols = layout.featureIndices.length;
  const x = new Float32Array((rows.length - (header ? 1 : 0)) * cols);
  const labels: string[] = [];
  const lines: number[] = [];
  for (let r = header ? 1 : 0; r < rows.length; r++) {
    const { record, info } = rows[r];
    const label = layout.convert(record, info.lines, x, labels.length * cols);
    if (typeof label !== 'string') bad(label);
    else {
      labels.push(label);
      lines.push(info.lines);
    }
  }
  const n = labels.length;
  if (n === 0) throw new RangeError(`${op}: empty dataset (every row was bad; ${skipped.length} skipped)`);
  const keep = new Uint8Array(n).fill(1);
  const y = labelsToMatrix(layout, labels, lines, options, keep, bad);
  const classes = y.classes;
  delete y.classes;
  const dataset: CsvDataset = {
    x: matrix(x.subarray(0, n * cols), n, cols),
    y,
    featureNames: layout.featureNames,
    labelName: layout.labelName,
    skipped,
  };
  if (classes) dataset.classes = classes;
  if (keep.includes(0)) compact(dataset, keep);
  if (dataset.x.shape[0] === 0)
    throw new RangeError(`${op}: empty dataset (every row was bad; ${skipped.length} skipped)`);
  skipped.sort((a, b) => a.line - b.line);
  return dataset;
}

function labelsToMatrix(
  layout: CsvLayout,
  labels: string[],
  lines: number[],
  options: CsvOptions,
  keep: Uint8Array,
  bad: (row: BadRow) => void,
): Tensor & { classes?: string[] } {
  const n = labels.length;
  if (layout.labelIndex < 0) return matrix(new Float32Array(0), n, 0);
  const y = new Float32Array(n);
  let type = options.labelType ?? 'auto';
  if (type === 'auto') type = options.classes || labels.some((l) => Number.isNaN(parseNumber(l))) ? 'class' : 'number';
  const where = (i: number) => ({ line: lines[i], reason: `column ${layout.quoted(layout.labelIndex)}` });
  if (type === 'number') {
    for (let i = 0; i < n; i++) {
      y[i] = parseNumber(labels[i]);
      if (Number.isNaN(y[i])) {
        const w = where(i);
        bad({ line: w.line, reason: `${w.reason}: label '${labels[i]}' is not a finite number` });
        keep[i] = 0;
      }
    }
    return matrix(y, n, 1);
  }
  const classes = options.classes ?? sortClasses(labels);
  const index = new Map(classes.map((c, i) => [c, i]));
  for (let i = 0; i < n; i++) {
    const id = index.get(labels[i]);
    if (id === undefined) {
      const w = where(i);
      bad({
        line: w.line,
        reason: `${w.reason}: label '${labels[i]}' is not one of the classes (${classes.join(', ')})`,
      });
      keep[i] = 0;
    } else y[i] = id;
  }
  return Object.assign(matrix(y, n, 1), { classes });
}

function compact(d: CsvDataset, keep: Uint8Array): void {
  const cols = d.x.shape[1];
  const yCols = d.y.shape[1];
  let n = 0;
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    d.x.data.copyWithin(n * cols, i * cols, (i + 1) * cols);
    d.y.data.copyWithin(n * yCols, i * yCols, (i + 1) * yCols);
    n++;
  }
  d.x = matrix(d.x.data.subarray(0, n * cols), n, cols);
  d.y = matrix(d.y.data.subarray(0, n * yCols), n, yCols);
}

export interface CsvSample {
  x: Float32Array;
  /** [label] (class index or number), or empty with `label: null`. */
  y: Float32Array;
  /** The sample's line in the file. */
  line: number;
}

export interface CsvStreamOptions extends CsvOptions {
  /** Called for each row skipped with onBadRow: 'skip'. */
  onSkip?: (row: BadRow) => void;
}

/**
 * Streams a CSV file one sample at a time, reading it once. Class labels need `classes`
 * up front (a stream cannot be scanned for its class names first); otherwise labels are
 * numbers. Options are checked now; file and row errors surface while iterating.
 */
export function csvStream(path: string, options: CsvStreamOptions = {}): AsyncGenerator<CsvSample> {
  const op = `csvStream(${path})`;
  checkOptions(op, options, ['onSkip']);
  if (options.labelType === 'class' && !options.classes) {
    throw new TypeError(
      `${op}: labelType 'class' needs the classes list (a stream is read once, so the label → index map must be known up front)`,
    );
  }
  checkReadable(op, path);
  const parserOpts = parserOptions(op, options);
  return (async function* () {
    const input = createReadStream(path);
    const parser = parseStream(parserOpts);
    input.on('error', (err) => parser.destroy(err));
    input.pipe(parser);
    const header = options.header ?? true;
    const classIndex = options.classes ? new Map(options.classes.map((c, i) => [c, i])) : null;
    let layout: CsvLayout | null = null;
    let names: string[] | null = null;
    let samples = 0;
    try {
      for await (const row of parser as AsyncIterable<Parsed>) {
        const { record, info } = row;
        if (header && names === null) {
          names = record;
          continue;
        }
        layout ??= new CsvLayout(op, names, names ? names.length : record.length, options);
        const x = new Float32Array(layout.featureIndices.length);
        let result: string | BadRow = layout.convert(record, info.lines, x, 0);
        const y = new Float32Array(layout.labelIndex < 0 ? 0 : 1);
        if (typeof result === 'string' && layout.labelIndex >= 0) {
          const id = classIndex ? classIndex.get(result) : parseNumber(result);
          if (id === undefined || Number.isNaN(id)) {
            const what = classIndex
              ? `is not one of the classes (${options.classes!.join(', ')})`
              : 'is not a finite number';
            result = {
              line: info.lines,
              reason: `column ${layout.quoted(layout.labelIndex)}: label '${result}' ${what}`,
            };
          } else y[0] = id;
        }
        if (typeof result !== 'string') {
          if (options.onBadRow !== 'skip') throw new RangeError(`${op}: line ${result.line}: ${result.reason}`);
          options.onSkip?.(result);
          continue;
        }
        samples++;
        yield { x, y, line: info.lines };
      }
    } catch (err) {
      if (err instanceof RangeError || err instanceof TypeError) throw err;
      throw wrapParseError(op, err);
    } finally {
      input.destroy();
      parser.destroy();
    }
    if (samples === 0) throw new RangeError(`${op}: empty dataset (no data rows)`);
  })();
}
