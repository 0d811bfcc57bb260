// Every picture in docs/ and every picture the CLI draws is readable at page width: text
// measured with real font metrics stays inside its box and the picture, legends are not cut,
// marks have a size, the aspect ratio fits a page. The checker itself fails on broken charts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../lib/index.js';
import { figureProblems, markCount, parseSvg, textWidth } from './svg-check.js';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const docs = join(root, 'docs');

describe('the checker', () => {
  it('measures text with real metrics: W is wider than i', () => {
    expect(textWidth('WWWW', 12)).toBeGreaterThan(2 * textWidth('iiii', 12));
    expect(textWidth('∂L/∂W', 12)).toBeGreaterThan(20);
  });

  it('fails an empty chart, zero-height log bars, a cut legend and a 12:1 graph', async () => {
    const empty = await inspect.renderVegaLite({ data: { values: [] }, mark: 'bar', encoding: {} });
    expect(markCount(empty)).toBe(0);
    expect(figureProblems(empty)).toContain('no text at all');
    const logBars = await inspect.renderVegaLite({
      data: { values: [{ x: 1, y: 1e-5 }, { x: 2, y: 1e-2 }] }, // prettier-ignore
      mark: 'bar',
      encoding: { x: { field: 'x', type: 'ordinal' }, y: { field: 'y', type: 'quantitative', scale: { type: 'log' } } },
    });
    expect(figureProblems(logBars).join('\n')).toMatch(/none with a size/);
    const cut = await inspect.renderVegaLite({
      data: { values: [{ x: 1, y: 1, s: 'a very long legend label that vega cuts at its default limit' }] },
      mark: 'point',
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative' },
        color: { field: 's' },
      },
    });
    expect(figureProblems(cut).join('\n')).toMatch(/is cut/);
    const chain = inspect.sigmoidChain();
    const wide = await inspect.toSVG(chain.root, { rankdir: 'LR' });
    expect(figureProblems(wide).join('\n')).toMatch(/aspect ratio|px at page width/);
  });
});

describe('docs/ figures', () => {
  const files = readdirSync(docs).filter((f) => f.endsWith('.svg'));
  it('are there', () => expect(files.length).toBeGreaterThanOrEqual(8));
  it.each(files)('%s is readable at page width', (file) => {
    const svg = readFileSync(join(docs, file), 'utf8');
    expect(markCount(svg)).toBeGreaterThan(3);
    expect(figureProblems(svg)).toEqual([]);
  });
  it('the vanishing chart calls 0.25^(L−k) a reference, and its legend is whole', () => {
    const svg = readFileSync(join(docs, 'vanishing-sigmoid-vs-relu.svg'), 'utf8');
    const texts = parseSvg(svg).texts.map((t) => t.text);
    expect(texts).toContain('reference ‖∂L/∂W_L‖·0.25^(L−k) (σ′ ≤ 0.25 per layer)');
    expect(texts.some((t) => /bound/.test(t))).toBe(false);
    const ticks = texts.filter((t) => /^1e[-+]\d+$/.test(t));
    expect(ticks.length).toBeGreaterThanOrEqual(4); // one tick format: powers of ten
  });
});

describe('every lecture graph, as the CLI draws it', () => {
  it.each(Object.keys(inspect.lectureGraphs))('%s', async (name) => {
    const lecture = inspect.lectureGraphByName(name);
    const { grads } = inspect.explainBackward(lecture.root, { retainGraph: true });
    const svg = await inspect.toSVG(lecture.root, { ...inspect.lectureDotOptions(lecture), grads });
    expect(figureProblems(svg)).toEqual([]);
    const texts = parseSvg(svg).texts.map((t) => t.text);
    expect(texts).toContain('value (forward)');
    expect(texts).toContain('gradient (backward)');
  });

  it('values above gradients, in green and red, local gradients on the edges', () => {
    const { root } = inspect.lectureGraph();
    const e = inspect.explainBackward(root, { retainGraph: true });
    const dot = inspect.toDot(root, { grads: e.grads });
    // x: value -2 (green row) above gradient -4 (red row)
    expect(dot).toMatch(
      /<B>x<\/B><\/TD><\/TR><TR><TD[^>]*><FONT COLOR="#1b7a36">-2<\/FONT><\/TD><\/TR><TR><TD[^>]*><FONT COLOR="#c0392b">-4</,
    );
    expect(dot).toMatch(/-> op\d \[label=<[^\n]*>z = -4</); // ∂f/∂q = z = −4 on the edge q → ×
    expect(dot).toMatch(/-> op\d \[label=<[^\n]*>1</); // add: local gradient 1
  });

  it('graph --rankdir TB|LR and --lang ko', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainrule-graph-'));
    for (const rankdir of ['TB', 'LR']) {
      const { stdout } = await run(process.execPath, [cli, 'graph', 'lecture', '--rankdir', rankdir]);
      expect(stdout).toContain(`rankdir=${rankdir};`);
    }
    const { stdout } = await run(process.execPath, [cli, 'graph', 'chain', '--lang', 'ko']);
    expect(stdout).toContain('값 (순전파)');
    expect(stdout).toContain('기울기 (역전파)');
    await run(process.execPath, [cli, 'graph', 'mlp', '-o', join(dir, 'mlp.svg')]);
    expect(figureProblems(readFileSync(join(dir, 'mlp.svg'), 'utf8'))).toEqual([]);
  });

  it('graph --steps DIR: one SVG per gate, the gate in play highlighted with upstream × local = downstream', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'chainrule-steps-')), 'lecture');
    await run(process.execPath, [cli, 'graph', 'lecture', '--steps', dir]);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['index.html', 'step-01.svg', 'step-02.svg']);
    const step1 = readFileSync(join(dir, 'step-01.svg'), 'utf8');
    const texts = parseSvg(step1).texts.map((t) => t.text);
    expect(texts).toContain('q: 1 × -4 = -4'); // the mul gate: upstream 1 × local z = −4
    expect(texts).toContain('z: 1 × 3 = 3');
    expect(step1).toContain('stroke="#e67e22"'); // highlighted
    expect(texts).not.toContain('-4\u00a0'); // x's gradient not yet known at step 1
    expect(figureProblems(step1)).toEqual([]);
    const page = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(page).toContain('type="range"');
    expect(page.match(/<svg/g)).toHaveLength(2);
    expect(page).not.toMatch(/src="http|href="http/); // self-contained
  });
});
