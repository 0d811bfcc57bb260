// The computational graph as Graphviz DOT, drawn as CS231n draws it: each tensor a small
// table with its name, its value (green, above) and its gradient (red, below); each gate an
// ellipse with its symbol (+, ×, σ, max …; constants folded in: ×0.5, +1); each edge into a
// gate labelled with its local gradient ∂out/∂in; a legend under the drawing.
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { formatNumber, formatTensor } from './format.js';
import { localFormula, localGradient } from './gates.js';
import { graphTensors, tensorNames } from './graph.js';
import { type Lang, words } from './words.js';

export interface DotHighlight {
  /** The tensor whose gate is in play: its op node is drawn thick and orange. */
  output: Tensor;
  /** Written under the gate, e.g. 'upstream −4 × local 1 = −4'. */
  note?: string;
}

export interface DotOptions {
  /** The gradients to print (e.g. explainBackward's grads, intermediates included); default: each tensor's .grad. */
  grads?: Map<Tensor, Tensor>;
  /** Show gradients (default true). */
  showGrad?: boolean;
  /** Write each gate's local gradient on the edges into it (default true). */
  showLocal?: boolean;
  /** Layout direction: 'LR' (default, as the lecture slides) or 'TB'. */
  rankdir?: 'LR' | 'TB';
  /** Tensors drawn on one rank (with TB one row, with LR one column), each with its gate. */
  ranks?: Tensor[][];
  /** Every second rank reads backwards, so a long chain folds like a snake instead of a staircase. */
  snake?: boolean;
  /** A caption under the drawing. */
  title?: string;
  /** Tensors with more elements are summarised as shape + mean/min/max (default 6). */
  maxValues?: number;
  /** Draw the legend (value / gradient / local gradient) under the drawing (default true). */
  legend?: boolean;
  highlight?: DotHighlight;
  /** Words of the legend and caption: English (default) or Korean. */
  lang?: Lang;
}

export const colors = {
  value: '#1b7a36',
  valueFill: '#e8f5ec',
  grad: '#c0392b',
  gradFill: '#fdecea',
  local: '#6a3d9a',
  gate: '#dbe8d4',
  highlight: '#e67e22',
};

/**
 * A width no common sans-serif font overflows: DejaVu Sans, the widest fallback, averages
 * about 0.62 em per character (0.7 bold); graphviz's own estimate assumes Helvetica.
 */
const cellWidth = (lines: string[], fontSize: number, bold = false) =>
  Math.ceil(Math.max(...lines.map((l) => [...l].length)) * fontSize * (bold ? 0.7 : 0.64) + 8);

const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A small 2-D tensor one row per line; anything else as formatTensor writes it. */
function valueLines(t: Tensor, maxValues: number): string[] {
  if (t.ndim === 2 && t.shape[0] > 1 && t.size <= maxValues) {
    const [rows, cols] = t.shape;
    return Array.from(
      { length: rows },
      (_, r) => `[${Array.from(t.data.subarray(r * cols, (r + 1) * cols), (v) => formatNumber(v)).join(', ')}]`,
    );
  }
  const s = formatTensor(t, maxValues);
  // a summary "[10,10] mean … min … max …" on two lines, so the box stays narrow
  const m = /^(\[[\d,]*\]) (mean .*)$/.exec(s);
  return m ? [m[1], m[2]] : [s];
}

/** A constant scalar the drawing folds into its gate's label (×0.5, +1) instead of a node. */
const folded = (t: Tensor) => t.gradFn === null && !t.requiresGrad && t.size === 1 && t.name === undefined;

/** The gate's symbol as the lectures draw it, with folded constants. */
export function gateSymbol(op: string, inputs: Tensor[], saved: Record<string, unknown>): string {
  const constant = inputs.find(folded);
  const c = constant ? formatNumber(constant.data[0]) : '';
  const other = inputs.length === 2 && constant && inputs[0] === constant ? 'left' : 'right';
  switch (op) {
    case 'add':
      return constant ? `+${c}` : '+';
    case 'sub':
      return constant ? (other === 'right' ? `−${c}` : `${c}−`) : '−';
    case 'mul':
      return constant ? `×${c}` : '×';
    case 'div':
      return constant && other === 'left' ? `${c}/x` : constant ? `÷${c}` : '÷';
    case 'maximum':
      return 'max';
    case 'minimum':
      return 'min';
    case 'sigmoid':
      return 'σ';
    case 'neg':
      return '×(−1)';
    case 'pow':
      if (inputs.length === 1 && Number(saved.alpha) === -1) return '1/x';
      return inputs.length === 1 ? `x^${formatNumber(Number(saved.alpha))}` : 'pow';
    case 'sum':
      return 'Σ';
    case 'matmul':
      return 'matmul';
    case 'dense':
      return typeof saved.activation === 'string' && saved.activation !== 'identity'
        ? `dense, ${saved.activation === 'sigmoid' ? 'σ' : saved.activation}`
        : 'dense';
    default:
      return op;
  }
}

/** The local gradient written on an edge: its formula and, where it is one number, the number. */
function edgeLocal(t: Tensor, i: number, names: Map<Tensor, string>): string {
  const fn = t.gradFn!;
  const formula = localFormula(
    fn,
    t,
    i,
    fn.inputs.map((x) => names.get(x) ?? '?'),
  );
  const local = localGradient(fn, t, i);
  if (local === null || local.size > 1) return formula;
  const v = formatNumber(local.data[0]);
  return v === formula ? v : `${formula} = ${v}`;
}

/** An edge label in a box wide enough for the widest common font, so labels never run together. */
const edgeLabel = (text: string) =>
  `label=<<TABLE BORDER="0" CELLPADDING="1" CELLSPACING="0"><TR><TD WIDTH="${cellWidth([text], 11)}">${html(text)}</TD></TR></TABLE>>`;

/** Graphviz DOT of the graph that produced `root`. */
export function toDot(root: Tensor, opts: DotOptions = {}): string {
  if (!(root instanceof Tensor)) throw new TypeError(`toDot: expected a Tensor, got ${describe(root)}`);
  const w = words(opts.lang);
  const showGrad = opts.showGrad ?? true;
  const showLocal = opts.showLocal ?? true;
  const maxValues = opts.maxValues ?? 6;
  const names = tensorNames(root);
  const tensors = graphTensors(root).filter((t) => !folded(t) || t === root);
  const ids = new Map<Tensor, string>();
  const opIds = new Map<Tensor, string>();
  tensors.forEach((t, i) => ids.set(t, `t${i}`));
  const lines = [
    'digraph chainrule {',
    `  rankdir=${opts.rankdir ?? 'LR'}; nodesep=0.3; ranksep=0.4; pad=0.15;`,
    '  node [fontname="Helvetica", fontsize=12];',
    `  edge [color="#555555", fontname="Helvetica", fontsize=11, fontcolor="${colors.local}"];`,
  ];
  let opCount = 0;
  const edges: [string, string, string][] = [];
  for (const t of tensors) {
    const id = ids.get(t)!;
    const fill = t.gradFn ? '#eef3fb' : t.requiresGrad ? '#fdf3d8' : '#f4f4f4';
    const head =
      t.ndim > 0
        ? `<B>${html(names.get(t)!)}</B>&#160;&#160;${html(formatShape(t.shape))}`
        : `<B>${html(names.get(t)!)}</B>`;
    const headText = `${names.get(t)!} ${t.ndim > 0 ? formatShape(t.shape) : ''}`.trim();
    const rows = [`<TR><TD BGCOLOR="${fill}" WIDTH="${cellWidth([headText], 12, true)}">${head}</TD></TR>`];
    const cell = (text: string[], color: string, bg: string) =>
      `<TR><TD BGCOLOR="${bg}" WIDTH="${cellWidth(text, 12)}"><FONT COLOR="${color}">${text.map(html).join('<BR/>')}</FONT></TD></TR>`;
    rows.push(cell(valueLines(t, maxValues), colors.value, colors.valueFill));
    const grad = opts.grads ? (opts.grads.get(t) ?? null) : t.grad; // a given map is the whole truth (a step's view)
    if (showGrad && grad !== null) rows.push(cell(valueLines(grad, maxValues), colors.grad, colors.gradFill));
    const border = t.gradFn === null && !t.requiresGrad ? ' STYLE="dashed"' : '';
    lines.push(
      `  ${id} [shape=plain, label=<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" COLOR="#777777"${border}>${rows.join('')}</TABLE>>];`,
    );
    const fn = t.gradFn;
    if (fn === null) continue;
    const opId = `op${opCount++}`;
    opIds.set(t, opId);
    const lit = opts.highlight?.output === t;
    const style = lit
      ? `, color="${colors.highlight}", penwidth=3, fillcolor="#fde3c8"`
      : ', fillcolor="' + colors.gate + '"';
    const symbol = html(gateSymbol(fn.op, fn.inputs, fn.saved));
    const note =
      lit && opts.highlight?.note
        ? `<BR/><FONT POINT-SIZE="10">${opts.highlight.note.split('\n').map(html).join('<BR/>')}</FONT>`
        : '';
    lines.push(`  ${opId} [shape=ellipse, style=filled${style}, margin="0.08,0.02", label=<${symbol}${note}>];`);
    fn.inputs.forEach((input, i) => {
      if (folded(input)) return;
      if (fn.inputs.indexOf(input) < i) return; // d·d: one edge carries both paths
      if (fn.inputs.lastIndexOf(input) > i) {
        const label = `2 paths, each ${edgeLocal(t, i, names)}`;
        edges.push([ids.get(input)!, opId, showLocal && input.requiresGrad ? edgeLabel(label) : '']);
        return;
      }
      edges.push([ids.get(input)!, opId, showLocal && input.requiresGrad ? edgeLabel(edgeLocal(t, i, names)) : '']);
    });
    edges.push([opId, id, '']);
  }
  const reversed = new Set<string>(); // members of the ranks that read backwards
  (opts.ranks ?? []).forEach((rank, r) => {
    if (opts.snake && r % 2 === 1)
      for (const t of rank) for (const v of [ids.get(t), opIds.get(t)]) if (v) reversed.add(v);
  });
  for (const [from, to, attrs] of edges) {
    // an edge along a backwards rank is written head → tail and drawn with its arrow at the tail
    if (reversed.has(from) && reversed.has(to))
      lines.push(`  ${to} -> ${from} [dir=back${attrs ? `, ${attrs}` : ''}];`);
    else lines.push(`  ${from} -> ${to}${attrs ? ` [${attrs}]` : ''};`);
  }
  for (const rank of opts.ranks ?? []) {
    const members = rank.flatMap((t) => [ids.get(t), opIds.get(t)]).filter((v) => v !== undefined);
    if (members.length > 1) lines.push(`  { rank=same; ${members.join('; ')}; }`);
  }
  const caption: string[] = [];
  if (opts.title) caption.push(`<TR><TD COLSPAN="3">${html(opts.title)}</TD></TR>`);
  if (opts.legend ?? true) {
    const key = (text: string, color: string, bg: string) =>
      `<TD BGCOLOR="${bg}" BORDER="1" COLOR="#999999" WIDTH="${cellWidth([text], 12)}"><FONT COLOR="${color}">${html(text)}</FONT></TD>`;
    caption.push(
      `<TR>${key(w.legendValue, colors.value, colors.valueFill)}${showGrad ? key(w.legendGrad, colors.grad, colors.gradFill) : ''}${
        showLocal ? key(w.legendLocal, colors.local, 'white') : ''
      }</TR>`,
    );
  }
  if (caption.length > 0) {
    lines.push(
      `  labelloc=b; fontname="Helvetica"; fontsize=12; label=<<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="3">${caption.join('')}</TABLE>>;`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
