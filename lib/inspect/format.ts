// Small shared helpers of the teaching tools: numbers printed as a person writes them, tensors
// summarised (a scalar is its value; a large tensor is its shape with mean/min/max), norms.
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** 4 significant digits, integers as integers, −0 as 0; tiny/huge values in exponent form. */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential(Math.max(digits - 1, 0)).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(digits)));
}

/** What JSON output says about a tensor's values: the number, the few values, or a summary. */
export type ValueSummary =
  number | number[] | { shape: number[]; mean: number; min: number; max: number; first: number[] };

/** Tensors of up to `maxValues` elements are listed; larger ones summarised. */
export function summarize(t: Tensor, maxValues = 6): ValueSummary {
  const d = t.data;
  if (t.ndim === 0 || d.length === 1) return d[0];
  if (d.length <= maxValues) return Array.from(d);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { shape: t.shape.slice(), mean: sum / d.length, min, max, first: Array.from(d.subarray(0, 3)) };
}

export function formatSummary(s: ValueSummary): string {
  if (typeof s === 'number') return formatNumber(s);
  if (Array.isArray(s)) return `[${s.map((v) => formatNumber(v)).join(', ')}]`;
  return `${formatShape(s.shape)} mean ${formatNumber(s.mean)} min ${formatNumber(s.min)} max ${formatNumber(s.max)}`;
}

export function formatTensor(t: Tensor, maxValues = 6): string {
  return formatSummary(summarize(t, maxValues));
}

/** ‖x‖₂ over all elements, accumulated in float64. */
export function l2norm(data: Float32Array): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] * data[i];
  return Math.sqrt(s);
}

/** Fixed-width text table: the first row is the header; numbers right-aligned. */
export function textTable(rows: string[][], rightAlign: (col: number) => boolean = (c) => c > 0): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (rightAlign(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}
