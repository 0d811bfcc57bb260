// What a reader sees in an SVG figure, checked without a browser: every text measured with
// real font metrics (Arimo, metric-compatible with Helvetica/Arial; DejaVu Sans for glyphs
// Arimo lacks), placed through the SVG's transforms, and compared with the box it sits in;
// marks with a size; the picture's aspect ratio and its text size at page width.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as opentype from 'opentype.js';

const require = createRequire(__filename);
const fontFile = (pkg: string, file: string) => join(require.resolve(`${pkg}/package.json`), '..', file);
const load = (file: string) => {
  const b = readFileSync(file);
  return opentype.parse(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
let fonts: { regular: opentype.Font[]; bold: opentype.Font[] } | null = null;
function getFonts() {
  fonts ??= {
    regular: [
      ...['latin', 'latin-ext', 'greek'].map((s) =>
        load(fontFile('@fontsource/arimo', `files/arimo-${s}-400-normal.woff`)),
      ),
      load(fontFile('dejavu-fonts-ttf', 'ttf/DejaVuSans.ttf')),
    ],
    bold: [
      ...['latin', 'latin-ext', 'greek'].map((s) =>
        load(fontFile('@fontsource/arimo', `files/arimo-${s}-700-normal.woff`)),
      ),
      load(fontFile('dejavu-fonts-ttf', 'ttf/DejaVuSans-Bold.ttf')),
    ],
  };
  return fonts;
}

/**
 * Width of `text` in px at `fontSize`: the wider of Arimo (Helvetica's and Arial's metrics,
 * what a Mac or Windows reader sees) and DejaVu Sans (the usual Linux fallback), glyph by glyph.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const list = bold ? getFonts().bold : getFonts().regular;
  return Math.max(widthIn(list, text, fontSize), widthIn(list.slice(-1), text, fontSize));
}

function widthIn(list: opentype.Font[], text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) {
    const font = list.find((f) => f.charToGlyphIndex(ch) > 0) ?? list[list.length - 1];
    w += (font.charToGlyph(ch).advanceWidth ?? font.unitsPerEm / 2) * (fontSize / font.unitsPerEm);
  }
  return w;
}

type Matrix = [number, number, number, number, number, number]; // a b c d e f
const identity: Matrix = [1, 0, 0, 1, 0, 0];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

function parseTransform(s: string | undefined): Matrix {
  let m = identity;
  if (!s) return m;
  for (const [, fn, args] of s.matchAll(/(\w+)\(([^)]*)\)/g)) {
    const v = args
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (fn === 'translate') m = mul(m, [1, 0, 0, 1, v[0], v[1] ?? 0]);
    else if (fn === 'scale') m = mul(m, [v[0], 0, 0, v[1] ?? v[0], 0, 0]);
    else if (fn === 'rotate') {
      const r = (v[0] * Math.PI) / 180;
      m = mul(m, [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]);
    }
  }
  return m;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
const boxOf = (pts: [number, number][]): Box | null =>
  pts.length === 0
    ? null
    : {
        x0: Math.min(...pts.map((p) => p[0])),
        y0: Math.min(...pts.map((p) => p[1])),
        x1: Math.max(...pts.map((p) => p[0])),
        y1: Math.max(...pts.map((p) => p[1])),
      };

/** Points a path passes through (arcs add their radius around the chord's middle). */
function pathPoints(d: string): [number, number][] {
  const pts: [number, number][] = [];
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?/g) ?? [];
  let x = 0;
  let y = 0;
  let sx = 0;
  let sy = 0;
  let cmd = '';
  let i = 0;
  const num = () => Number(tokens[i++]);
  while (i < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[i])) cmd = tokens[i++];
    const rel = cmd === cmd.toLowerCase();
    const C = cmd.toUpperCase();
    if (C === 'Z') {
      x = sx;
      y = sy;
      continue;
    }
    if (C === 'M' || C === 'L' || C === 'T') {
      const [nx, ny] = [num(), num()];
      x = rel ? x + nx : nx;
      y = rel ? y + ny : ny;
      if (C === 'M') [sx, sy] = [x, y];
    } else if (C === 'H') x = rel ? x + num() : num();
    else if (C === 'V') y = rel ? y + num() : num();
    else if (C === 'C' || C === 'S' || C === 'Q') {
      const n = C === 'C' ? 3 : 2;
      for (let k = 0; k < n; k++) {
        const [nx, ny] = [num(), num()];
        pts.push(rel ? [x + nx, y + ny] : [nx, ny]);
        if (k === n - 1) [x, y] = rel ? [x + nx, y + ny] : [nx, ny];
      }
    } else if (C === 'A') {
      const [rx, ry] = [num(), num()];
      i += 3;
      const [nx, ny] = [num(), num()];
      const [ex, ey] = rel ? [x + nx, y + ny] : [nx, ny];
      const [mx, my] = [(x + ex) / 2, (y + ey) / 2];
      pts.push([mx - rx, my - ry], [mx + rx, my + ry]);
      [x, y] = [ex, ey];
    } else {
      i++; // an unknown command's number
      continue;
    }
    pts.push([x, y]);
  }
  return pts;
}

export interface SvgText {
  text: string;
  box: Box;
  fontSize: number;
  /** Classes of the enclosing groups, innermost last. */
  groups: string[];
  /** The id of the nearest enclosing group that has one (graphviz: node1, edge3). */
  groupId: string;
}
export interface SvgShape {
  tag: string;
  box: Box | null;
  groups: string[];
  groupId: string;
}
export interface SvgScene {
  width: number;
  height: number;
  texts: SvgText[];
  shapes: SvgShape[];
}

const attrs = (s: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [, k, v] of s.matchAll(/([\w:-]+)="([^"]*)"/g)) out[k] = v;
  return out;
};
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([\da-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');

/** Parses the SVG that graphviz or vega writes into absolutely placed texts and shapes. */
export function parseSvg(svg: string): SvgScene {
  const root = /<svg\b([^>]*)>/.exec(svg);
  if (!root) throw new Error('not an SVG: no <svg> element');
  const ra = attrs(root[1]);
  const width = parseFloat(ra.width);
  const height = parseFloat(ra.height);
  const unit = ra.width?.endsWith('pt') ? 4 / 3 : 1; // graphviz sizes in pt; the page shows px
  let base: Matrix = [unit, 0, 0, unit, 0, 0];
  if (ra.viewBox) {
    const [vx, vy, vw] = ra.viewBox.split(/[\s,]+/).map(Number);
    const s = (width * unit) / vw;
    base = [s, 0, 0, s, -vx * s, -vy * s];
  }
  const stack: { m: Matrix; cls: string; id: string; tag: string }[] = [{ m: base, cls: '', id: '', tag: 'svg' }];
  const texts: SvgText[] = [];
  const shapes: SvgShape[] = [];
  const re = /<(\/?)([\w:-]+)([^>]*?)(\/?)>|([^<]+)/g;
  let pendingText: { a: Record<string, string>; m: Matrix; content: string } | null = null;
  const top = () => stack[stack.length - 1];
  const groups = () => stack.map((s) => s.cls).filter(Boolean);
  const groupId = () => [...stack].reverse().find((s) => s.id)?.id ?? '';
  for (const t of svg.slice(root.index + root[0].length).matchAll(re)) {
    const [, close, tag, rest, selfClose, chars] = t;
    if (chars !== undefined) {
      if (pendingText) pendingText.content += chars;
      continue;
    }
    if (close) {
      if (tag === 'text' && pendingText) {
        const { a, m, content } = pendingText;
        const raw = unescape(content).replace(/\n/g, '');
        const text = raw.trim();
        const fontSize = parseFloat(a['font-size'] ?? '11');
        if (text) {
          const bold = a['font-weight'] === 'bold' || Number(a['font-weight']) >= 600;
          const w = textWidth(text, fontSize, bold);
          // leading spaces kept by xml:space="preserve" move the visible text right
          const lead =
            a['xml:space'] === 'preserve'
              ? textWidth(raw.slice(0, raw.length - raw.trimStart().length), fontSize, bold)
              : 0;
          const full = w + lead;
          const anchor = a['text-anchor'] ?? 'start';
          const x = parseFloat(a.x ?? '0');
          const y = parseFloat(a.y ?? '0');
          const left = (anchor === 'middle' ? x - full / 2 : anchor === 'end' ? x - full : x) + lead;
          const corners = [apply(m, left, y - 0.75 * fontSize), apply(m, left + w, y + 0.2 * fontSize)];
          const box = boxOf(corners)!;
          texts.push({ text, box, fontSize: fontSize * Math.hypot(m[0], m[1]), groups: groups(), groupId: groupId() });
        }
        pendingText = null;
      }
      if (tag !== 'text' && stack.length > 1 && top().tag === tag) stack.pop();
      continue;
    }
    const a = attrs(rest);
    const m = mul(top().m, parseTransform(a.transform));
    if (tag === 'text') {
      pendingText = { a, m, content: '' };
      if (selfClose) pendingText = null;
      continue;
    }
    let pts: [number, number][] | null = null;
    if (tag === 'path') pts = pathPoints(a.d ?? '');
    else if (tag === 'polygon' || tag === 'polyline') {
      const v = (a.points ?? '')
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number);
      pts = [];
      for (let k = 0; k + 1 < v.length; k += 2) pts.push([v[k], v[k + 1]]);
    } else if (tag === 'rect') {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => parseFloat(a[k] ?? '0'));
      pts = [
        [x, y],
        [x + w, y + h],
      ];
    } else if (tag === 'ellipse' || tag === 'circle') {
      const [cx, cy] = [parseFloat(a.cx ?? '0'), parseFloat(a.cy ?? '0')];
      const [rx, ry] = tag === 'circle' ? [parseFloat(a.r), parseFloat(a.r)] : [parseFloat(a.rx), parseFloat(a.ry)];
      pts = [
        [cx - rx, cy - ry],
        [cx + rx, cy + ry],
      ];
    } else if (tag === 'line') {
      const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((k) => parseFloat(a[k] ?? '0'));
      pts = [
        [x1, y1],
        [x2, y2],
      ];
    }
    if (pts !== null && !(a.class ?? '').match(/background|foreground/) && a.display !== 'none') {
      shapes.push({ tag, box: boxOf(pts.map(([x, y]) => apply(m, x, y))), groups: groups(), groupId: groupId() });
    }
    if (!selfClose && tag !== 'path' && tag !== 'polygon' && tag !== 'line' && tag !== 'rect' && tag !== 'ellipse')
      stack.push({ m, cls: a.class ?? '', id: a.id ?? '', tag });
    else if (!selfClose) stack.push({ m, cls: '', id: '', tag });
  }
  return { width: width * unit, height: height * unit, texts, shapes };
}

/** A page's content width in px (a GitHub README column is about 830). */
export const PAGE_WIDTH = 800;
/** The smallest text a reader can read, in px, after the picture is scaled to the page. */
export const MIN_READABLE_PX = 8;

export interface FigureProblem {
  problem: string;
}

const inside = (inner: Box, outer: Box, slack = 0.75) =>
  inner.x0 >= outer.x0 - slack &&
  inner.x1 <= outer.x1 + slack &&
  inner.y0 >= outer.y0 - slack &&
  inner.y1 <= outer.y1 + slack;

/** Problems a reader would see; [] for a good figure. */
export function figureProblems(svg: string, opts: { maxAspect?: number } = {}): string[] {
  const scene = parseSvg(svg);
  const problems: string[] = [];
  const canvas: Box = { x0: 0, y0: 0, x1: scene.width, y1: scene.height };
  const aspect = scene.width / scene.height;
  const maxAspect = opts.maxAspect ?? 3;
  if (!(aspect <= maxAspect && aspect >= 1 / maxAspect))
    problems.push(`aspect ratio ${aspect.toFixed(2)}:1 (${scene.width.toFixed(0)}×${scene.height.toFixed(0)})`);
  const scale = Math.min(1, PAGE_WIDTH / scene.width);
  if (scene.texts.length === 0) problems.push('no text at all');
  for (const t of scene.texts) {
    if (t.fontSize * scale < MIN_READABLE_PX)
      problems.push(`'${t.text}' is ${(t.fontSize * scale).toFixed(1)} px at page width`);
    if (!inside(t.box, canvas)) problems.push(`'${t.text}' runs outside the picture`);
    if (t.text.endsWith('…')) problems.push(`'${t.text}' is cut`);
  }
  for (let i = 0; i < scene.texts.length; i++)
    for (let j = i + 1; j < scene.texts.length; j++) {
      const [a, b] = [scene.texts[i], scene.texts[j]];
      if (a.groupId === b.groupId && /^node/.test(a.groupId)) continue; // checked per node below
      const ox = Math.min(a.box.x1, b.box.x1) - Math.max(a.box.x0, b.box.x0);
      const oy = Math.min(a.box.y1, b.box.y1) - Math.max(a.box.y0, b.box.y0);
      if (ox > 1 && oy > 1) problems.push(`'${a.text}' runs into '${b.text}'`);
    }
  return problems.concat(graphvizProblems(scene), vegaProblems(scene));
}

/** Graphviz: each node's texts inside the node's outline; no two texts of one node overlapping. */
function graphvizProblems(scene: SvgScene): string[] {
  const problems: string[] = [];
  const byNode = new Map<string, { texts: SvgText[]; outline: Box | null }>();
  for (const s of scene.shapes) {
    if (!s.groups.includes('node') || !/^node/.test(s.groupId)) continue;
    const entry = byNode.get(s.groupId) ?? { texts: [], outline: null };
    if (entry.outline === null && s.box) entry.outline = s.box; // the first shape is the outline
    byNode.set(s.groupId, entry);
  }
  for (const t of scene.texts) if (t.groups.includes('node')) byNode.get(t.groupId)?.texts.push(t);
  for (const [id, { texts, outline }] of byNode) {
    if (!outline) continue;
    for (const t of texts) if (!inside(t.box, outline)) problems.push(`${id}: '${t.text}' overflows its box`);
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++) {
        const [a, b] = [texts[i].box, texts[j].box];
        const ox = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
        const oy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
        if (ox > 1 && oy > 1) problems.push(`${id}: '${texts[i].text}' runs into '${texts[j].text}'`);
      }
  }
  return problems;
}

/** Vega: every mark group draws something with a size; every axis that has ticks has labels. */
function vegaProblems(scene: SvgScene): string[] {
  const problems: string[] = [];
  const marks = new Map<string, SvgShape[]>();
  for (const s of scene.shapes) {
    const g = [...s.groups].reverse().find((c) => c.includes('role-mark'));
    if (g) marks.set(g, [...(marks.get(g) ?? []), s]);
  }
  for (const [g, list] of marks) {
    const sized = list.filter((s) => {
      if (!s.box) return false;
      const w = s.box.x1 - s.box.x0;
      const h = s.box.y1 - s.box.y0;
      return g.startsWith('mark-line') || g.startsWith('mark-rule') ? w + h > 0.5 : w > 0.5 && h > 0.5;
    });
    if (sized.length === 0) problems.push(`${g}: ${list.length} marks, none with a size`);
  }
  return problems;
}

/** The number of mark groups (vega) or nodes (graphviz): an empty chart has none. */
export function markCount(svg: string): number {
  const scene = parseSvg(svg);
  return scene.shapes.filter((s) => s.box && (s.groups.some((c) => c.includes('role-mark')) || /^node/.test(s.groupId)))
    .length;
}
