import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchesFromAsync } from '../../lib/data/batches.js';
import { type BadRow, type CsvSample, csvStream, readCsv } from '../../lib/data/csv.js';
import { toRows } from '../../lib/data/matrix.js';

const dir = mkdtempSync(join(tmpdir(), 'chainrule-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function csvFile(text: string, name = `f${counter++}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const irisLike = [
  'sepal_length,sepal_width,petal_length,petal_width,species',
  '5.1,3.5,1.4,0.2,setosa',
  '7.0,3.2,4.7,1.4,versicolor',
  '6.3,3.3,6.0,2.5,virginica',
  '4.9,3.0,1.4,0.2,setosa',
].join('\n');

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

describe('readCsv', () => {
  it('reads features and maps class names to indices (sorted, listed in classes)', () => {
    const d = readCsv(csvFile(irisLike));
    expect(d.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(d.labelName).toBe('species');
    expect(d.x.shape).toEqual([4, 4]);
    expect(d.x.data[4]).toBeCloseTo(7.0, 6);
    expect(d.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(d.y.data)).toEqual([0, 1, 2, 0]);
    expect({ data: d.y.data, shape: d.y.shape }).toEqual({ data: Float32Array.of(0, 1, 2, 0), shape: [4, 1] });
    expect(d.skipped).toEqual([]);
  });

  it('selects feature columns by name or index and the label by name or index', () => {
    const path = csvFile(irisLike);
    const byName = readCsv(path, { features: ['petal_width', 'sepal_length'], label: 'species' });
    expect(byName.featureNames).toEqual(['petal_width', 'sepal_length']);
    expect(toRows(byName.x)[0].map((v) => Math.round(v * 10) / 10)).toEqual([0.2, 5.1]);
    const byIndex = readCsv(path, { columns: [3, 0], label: 4 });
    expect(byIndex.x).toEqual(byName.x);
    const regression = readCsv(path, { features: [0, 1, 2], label: 'petal_width' });
    expect(regression.classes).toBeUndefined();
    expect(Array.from(regression.y.data).map((v) => Math.round(v * 10) / 10)).toEqual([0.2, 1.4, 2.5, 0.2]);
  });

  it('reads numeric labels as numbers, or as classes when asked', () => {
    const path = csvFile('a,b,y\n1,2,3\n4,5,1\n6,7,3\n');
    expect(Array.from(readCsv(path).y.data)).toEqual([3, 1, 3]);
    const asClass = readCsv(path, { labelType: 'class' });
    expect(asClass.classes).toEqual(['1', '3']);
    expect(Array.from(asClass.y.data)).toEqual([1, 0, 1]);
  });

  it('uses a fixed class list, so a test file maps labels as its training file did', () => {
    const d = readCsv(csvFile('x,y\n1,b\n2,c\n'), { classes: ['a', 'b', 'c'] });
    expect(Array.from(d.y.data)).toEqual([1, 2]);
    expect(d.classes).toEqual(['a', 'b', 'c']);
    expect(() => readCsv(csvFile('x,y\n1,b\n2,z\n'), { classes: ['a', 'b'] })).toThrow(
      "line 3: column 'y': label 'z' is not one of the classes (a, b)",
    );
  });

  it('reads files without a header, with another delimiter, comments and quotes', () => {
    const d = readCsv(csvFile('# a comment\n1;2;"x"\n\n3;4;y\n'), { header: false, delimiter: ';', comment: '#' });
    expect(d.featureNames).toEqual(['column 0', 'column 1']);
    expect(toRows(d.x)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(d.classes).toEqual(['x', 'y']);
  });

  it('label: null reads every column as a feature', () => {
    const d = readCsv(csvFile('a,b\n1,2\n3,4\n'), { label: null });
    expect(d.x.shape).toEqual([2, 2]);
    expect(d.y.shape).toEqual([2, 0]);
    expect(d.labelName).toBeNull();
  });

  it('reports a row with the wrong field count by its line number', () => {
    const lines = irisLike.split('\n');
    lines.splice(3, 0, '5.0,3.6,1.4,setosa'); // becomes line 4
    const path = csvFile(lines.join('\n'), 'iris.csv');
    expect(() => readCsv(path)).toThrow(`readCsv(${path}): line 4: expected 5 fields, got 4`);
  });

  it('reports non-numeric and empty fields and empty labels by line and column', () => {
    const path = csvFile('a,b,y\n1,2,0\n1,abc,1\n');
    expect(() => readCsv(path)).toThrow(`readCsv(${path}): line 3: column 'b': 'abc' is not a finite number`);
    expect(() => readCsv(csvFile('a,b,y\n1,,0\n'))).toThrow("line 2: column 'b': empty field");
    expect(() => readCsv(csvFile('a,b,y\n1,2,\n'))).toThrow("line 2: column 'y': empty label");
    expect(() => readCsv(csvFile('1,NaN,0\n'), { header: false })).toThrow(
      "line 1: column 1: 'NaN' is not a finite number",
    );
    expect(() => readCsv(csvFile('a,y\nInfinity,0\n'))).toThrow(
      "line 2: column 'a': 'Infinity' is not a finite number",
    );
    expect(() => readCsv(csvFile('a,y\n1,2\n3,x\n'), { labelType: 'number' })).toThrow(
      "line 3: column 'y': label 'x' is not a finite number",
    );
  });

  it("onBadRow: 'skip' drops bad rows and lists them in line order", () => {
    const path = csvFile('a,b,y\n1,2,0\n1,abc,1\n3,4\n5,6,1\n7,8,\n');
    const d = readCsv(path, { onBadRow: 'skip' });
    expect(toRows(d.x)).toEqual([
      [1, 2],
      [5, 6],
    ]);
    expect(Array.from(d.y.data)).toEqual([0, 1]);
    expect(d.skipped).toEqual<BadRow[]>([
      { line: 3, reason: "column 'b': 'abc' is not a finite number" },
      { line: 4, reason: 'expected 3 fields, got 2' },
      { line: 6, reason: "column 'y': empty label" },
    ]);
  });

  it("onBadRow: 'skip' also drops rows whose label is bad, keeping x and y aligned", () => {
    const d = readCsv(csvFile('a,y\n1,5\n2,x\n3,7\n'), { labelType: 'number', onBadRow: 'skip' });
    expect(Array.from(d.x.data)).toEqual([1, 3]);
    expect(Array.from(d.y.data)).toEqual([5, 7]);
    expect(d.skipped).toEqual([{ line: 3, reason: "column 'y': label 'x' is not a finite number" }]);
  });

  it('rejects empty datasets', () => {
    const headerOnly = csvFile('a,b,y\n');
    expect(() => readCsv(headerOnly)).toThrow(`readCsv(${headerOnly}): empty dataset (no data rows)`);
    expect(() => readCsv(csvFile(''))).toThrow('empty dataset (no data rows)');
    expect(() => readCsv(csvFile('a,y\nx,1\n'), { onBadRow: 'skip' })).toThrow(
      'empty dataset (every row was bad; 1 skipped)',
    );
  });

  it('explains bad column selections', () => {
    const path = csvFile(irisLike);
    expect(() => readCsv(path, { features: ['petal'] })).toThrow(
      `readCsv(${path}): no column named 'petal' (columns: sepal_length, sepal_width, petal_length, petal_width, species)`,
    );
    expect(() => readCsv(path, { features: [7] })).toThrow('feature column 7 is out of range: the file has 5 columns');
    expect(() => readCsv(path, { label: 9 })).toThrow('label 9 is out of range: the file has 5 columns');
    expect(() => readCsv(path, { features: ['species'] })).toThrow("column 'species' is both a feature and the label");
    expect(() => readCsv(csvFile('1,2\n'), { header: false, label: 'y' })).toThrow(
      "label 'y' is given by name but header is false",
    );
    expect(() => readCsv(csvFile('a,a,y\n1,2,3\n'), { features: ['a'] })).toThrow(
      "column name 'a' appears twice in the header",
    );
    expect(() => readCsv(csvFile('y\n1\n'))).toThrow('no feature columns selected');
    expect(() => readCsv(path, { features: [0], columns: [1] })).toThrow(
      'give features or columns (its alias), not both',
    );
  });

  it('checks its options and the file', () => {
    const path = csvFile(irisLike);
    expect(() => readCsv(path, { onBadRow: 'ignore' as 'skip' })).toThrow(
      `readCsv(${path}): expected onBadRow to be 'error' or 'skip', got "ignore"`,
    );
    expect(() => readCsv(path, { labelType: 'int' as 'class' })).toThrow(
      "expected labelType to be 'class', 'number' or 'auto'",
    );
    expect(() => readCsv(path, { classes: ['a', 'a'] })).toThrow('classes has duplicates: a, a');
    expect(() => readCsv(path, { classes: ['a'], labelType: 'number' })).toThrow(
      "classes was given but labelType is 'number'",
    );
    expect(() => readCsv(path, { delimiter: '' })).toThrow('expected delimiter to be a non-empty string, got ""');
    const missing = join(dir, 'missing.csv');
    expect(() => readCsv(missing)).toThrow(`readCsv(${missing}): cannot read the file: ENOENT`);
  });

  it('explains bad option types', () => {
    const path = csvFile(irisLike);
    expect(() => readCsv(path, { features: 'petal_width' as unknown as string[] })).toThrow(
      `readCsv(${path}): expected features to be an array of column names or indices, got string`,
    );
    expect(() => readCsv(path, { features: [true as unknown as number] })).toThrow(
      'expected the feature column as a column name or index, got boolean',
    );
    expect(() => readCsv(path, { classes: [] })).toThrow('expected classes to be a non-empty array of strings');
    expect(() => readCsv(csvFile('a,y\n1,x\n2,z\n'), { labelType: 'number', onBadRow: 'skip' })).toThrow(
      'empty dataset (every row was bad; 2 skipped)',
    );
  });

  it('reports parser errors (an unclosed quote) with the file name', () => {
    const path = csvFile('a,y\n1,0\n"2,1\n');
    expect(() => readCsv(path)).toThrow(`readCsv(${path}): `);
    expect(() => readCsv(path)).toThrow(/quote/i);
  });
});

describe('csvStream', () => {
  it('yields one sample per row with its line', async () => {
    const path = csvFile('a,b,y\n1,2,0.5\n\n3,4,1.5\n');
    const samples = await collect(csvStream(path));
    expect(samples.map((s) => [Array.from(s.x), Array.from(s.y), s.line])).toEqual([
      [[1, 2], [0.5], 2],
      [[3, 4], [1.5], 4],
    ]);
  });

  it('maps class labels with a given class list', async () => {
    const samples = await collect(csvStream(csvFile(irisLike), { classes: ['setosa', 'versicolor', 'virginica'] }));
    expect(samples.map((s) => s.y[0])).toEqual([0, 1, 2, 0]);
    expect(samples[0].x).toHaveLength(4);
  });

  it('needs the class list up front for class labels', () => {
    expect(() => csvStream(csvFile(irisLike), { labelType: 'class' })).toThrow(
      "labelType 'class' needs the classes list (a stream is read once, so the label → index map must be known up front)",
    );
  });

  it('reports bad rows by line, or skips them', async () => {
    const path = csvFile('a,b,y\n1,2,0\n3,4\n5,x,1\n6,7,z\n8,9,1\n');
    await expect(collect(csvStream(path))).rejects.toThrow(`csvStream(${path}): line 3: expected 3 fields, got 2`);
    const skipped: BadRow[] = [];
    const samples = await collect(csvStream(path, { onBadRow: 'skip', onSkip: (row) => skipped.push(row) }));
    expect(samples.map((s) => s.line)).toEqual([2, 6]);
    expect(skipped).toEqual([
      { line: 3, reason: 'expected 3 fields, got 2' },
      { line: 4, reason: "column 'b': 'x' is not a finite number" },
      { line: 5, reason: "column 'y': label 'z' is not a finite number" },
    ]);
  });

  it('rejects an empty file and a missing file', async () => {
    const path = csvFile('a,b\n');
    await expect(collect(csvStream(path))).rejects.toThrow(`csvStream(${path}): empty dataset (no data rows)`);
    expect(() => csvStream(join(dir, 'nope.csv'))).toThrow('cannot read the file: ENOENT');
  });

  it('streams a file larger than one batch into minibatches', async () => {
    const rows = ['f0,f1,f2,y'];
    for (let i = 0; i < 1000; i++) rows.push(`${i},${i * 2},${-i},${i % 3}`);
    const path = csvFile(`${rows.join('\n')}\n`);
    const sizes: number[] = [];
    let sum = 0;
    let labelSum = 0;
    for await (const b of batchesFromAsync(csvStream(path, { classes: ['0', '1', '2'] }), { batchSize: 64 })) {
      sizes.push(b.x.shape[0]);
      expect(b.x.shape[1]).toBe(3);
      for (let r = 0; r < b.x.shape[0]; r++) sum += b.x.data[r * 3];
      for (const v of b.y.data) labelSum += v;
    }
    expect(sizes).toEqual([...Array(15).fill(64), 1000 - 15 * 64]);
    expect(sum).toBe((999 * 1000) / 2);
    expect(labelSum).toBe(333 * 1 + 333 * 2); // 334 zeros, 333 ones, 333 twos
  });

  it('stops reading when the consumer stops early', async () => {
    const rows = ['a,y'];
    for (let i = 0; i < 100; i++) rows.push(`${i},0`);
    const it = csvStream(csvFile(rows.join('\n')));
    const first: CsvSample[] = [];
    for await (const s of it) {
      first.push(s);
      if (first.length === 3) break;
    }
    expect(first.map((s) => s.x[0])).toEqual([0, 1, 2]);
    expect((await it.next()).done).toBe(true);
  });
});
