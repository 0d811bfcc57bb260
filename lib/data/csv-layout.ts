// Column selection and per-row conversion shared by readCsv (whole file) and csvStream
// (row by row): which fields are features, which is the label, and why a row is bad.

export type ColumnRef = string | number;

export interface CsvColumnOptions {
  /** The first line names the columns (default true). */
  header?: boolean;
  /** Feature columns by name (needs a header) or 0-based index; default: every column but the label. */
  features?: ColumnRef[];
  /** Alias of `features`. */
  columns?: ColumnRef[];
  /** The label column by name or index; default the last column; null for none (y gets 0 columns). */
  label?: ColumnRef | null;
}

/** A bad row: its 1-based line in the file (the record's last line, for quoted multi-line fields). */
export interface BadRow {
  line: number;
  reason: string;
}

export class CsvLayout {
  readonly featureIndices: number[];
  readonly featureNames: string[];
  readonly labelIndex: number;
  readonly labelName: string | null;

  /** `names` from the header, or null with `width` fields per row when there is none. */
  constructor(
    readonly op: string,
    readonly names: string[] | null,
    readonly width: number,
    options: CsvColumnOptions,
  ) {
    if (options.features !== undefined && options.columns !== undefined) {
      throw new TypeError(`${op}: give features or columns (its alias), not both`);
    }
    const label = options.label === undefined ? width - 1 : options.label;
    this.labelIndex = label === null ? -1 : this.resolve(label, 'label');
    this.labelName = this.labelIndex < 0 ? null : this.nameOf(this.labelIndex);
    const selected = options.features ?? options.columns;
    if (selected !== undefined && !Array.isArray(selected)) {
      throw new TypeError(`${op}: expected features to be an array of column names or indices, got ${typeof selected}`);
    }
    this.featureIndices = selected
      ? selected.map((ref) => this.resolve(ref, 'feature column'))
      : Array.from({ length: width }, (_, i) => i).filter((i) => i !== this.labelIndex);
    for (const i of this.featureIndices) {
      if (i === this.labelIndex)
        throw new RangeError(`${op}: column ${this.quoted(i)} is both a feature and the label`);
    }
    if (this.featureIndices.length === 0) throw new RangeError(`${op}: no feature columns selected`);
    this.featureNames = this.featureIndices.map((i) => this.nameOf(i));
  }

  private nameOf(i: number): string {
    return this.names ? this.names[i] : `column ${i}`;
  }

  /** How a column is named in messages: 'sepal_width' with a header, 3 without. */
  quoted(i: number): string {
    return this.names ? `'${this.names[i]}'` : String(i);
  }

  private resolve(ref: ColumnRef, role: string): number {
    if (typeof ref === 'number') {
      if (!Number.isInteger(ref) || ref < 0 || ref >= this.width) {
        throw new RangeError(`${this.op}: ${role} ${ref} is out of range: the file has ${this.width} columns`);
      }
      return ref;
    }
    if (typeof ref !== 'string') {
      throw new TypeError(`${this.op}: expected the ${role} as a column name or index, got ${typeof ref}`);
    }
    if (!this.names) throw new TypeError(`${this.op}: ${role} '${ref}' is given by name but header is false`);
    const at = this.names.indexOf(ref);
    if (at < 0) throw new RangeError(`${this.op}: no column named '${ref}' (columns: ${this.names.join(', ')})`);
    if (this.names.lastIndexOf(ref) !== at)
      throw new RangeError(`${this.op}: column name '${ref}' appears twice in the header`);
    return at;
  }

  /** Writes the row's features into `out` at `offset`; returns the raw label, or a BadRow. */
  convert(record: string[], line: number, out: Float32Array, offset: number): string | BadRow {
    if (record.length !== this.width) {
      return { line, reason: `expected ${this.width} fields, got ${record.length}` };
    }
    const idx = this.featureIndices;
    for (let j = 0; j < idx.length; j++) {
      const field = record[idx[j]];
      const v = parseNumber(field);
      if (Number.isNaN(v)) {
        return {
          line,
          reason: `column ${this.quoted(idx[j])}: ${field === '' ? 'empty field' : `'${field}' is not a finite number`}`,
        };
      }
      out[offset + j] = v;
    }
    if (this.labelIndex < 0) return '';
    const label = record[this.labelIndex];
    if (label === '') return { line, reason: `column ${this.quoted(this.labelIndex)}: empty label` };
    return label;
  }
}

/** A finite number, or NaN for anything else ('' included: Number('') would be 0). */
export function parseNumber(field: string): number {
  if (field === '') return Number.NaN;
  const v = Number(field);
  return Number.isFinite(v) ? v : Number.NaN;
}

/** Class names in a stable order: numerically when every name is a number, else by code unit. */
export function sortClasses(names: Iterable<string>): string[] {
  const list = [...new Set(names)];
  if (list.every((n) => !Number.isNaN(parseNumber(n)))) return list.sort((a, b) => Number(a) - Number(b));
  return list.sort();
}
