// The backward pass drawn one gate at a time: after step k the drawing shows the gradients
// known so far, the gate in play highlighted, and upstream × local = downstream written on
// it. One SVG per step and one self-contained HTML page with a slider over them.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphNode } from '../autograd.js';
import { Tensor } from '../tensor.js';
import { toDot } from './dot.js';
import { formatTensor } from './format.js';
import { localFormula, localGradient } from './gates.js';
import { tensorNames, toSVG } from './graph.js';
import { type LectureGraph, lectureDotOptions } from './lectures.js';
import type { Lang } from './words.js';

export interface TraceStep {
  output: Tensor;
  fn: GraphNode;
  /** 'q: upstream −4 × local 1 = −4', one line per input that takes a gradient. */
  lines: string[];
  /** Every gradient known once this step is done (sums over paths so far). */
  known: Map<Tensor, Tensor>;
}

/** Runs root.backward() and records each gate's step and the gradients known after it. */
export function backwardTrace(root: Tensor): TraceStep[] {
  const names = tensorNames(root);
  const known = new Map<Tensor, Tensor>();
  const steps: TraceStep[] = [];
  root.backward(undefined, {
    retainGraph: true, // the drawing reads the gates' saved activations after the pass
    trace: (fn, output, upstream, downstream) => {
      known.set(output, new Tensor(upstream.data.slice(), upstream.shape.slice()));
      const inputNames = fn.inputs.map((t) => names.get(t) ?? '?');
      const lines: string[] = [];
      fn.inputs.forEach((input, i) => {
        const d = downstream[i];
        if (!d || !input.requiresGrad) return;
        const local = localGradient(fn, output, i);
        const formula = localFormula(fn, output, i, inputNames);
        const shown = local === null ? formula : formatTensor(local);
        lines.push(`${inputNames[i]}: ${formatTensor(upstream)} × ${shown} = ${formatTensor(d)}`);
        const before = known.get(input);
        const sum = new Float32Array(d.data);
        if (before && input.gradFn === null) for (let k = 0; k < sum.length; k++) sum[k] += before.data[k];
        if (input.gradFn === null) known.set(input, new Tensor(sum, input.shape.slice()));
      });
      steps.push({ output, fn, lines, known: new Map(known) });
    },
  });
  return steps;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A self-contained page: every step's SVG inline, a slider and arrow keys to move. */
export function stepsPage(title: string, svgs: string[], captions: string[]): string {
  const figures = svgs
    .map(
      (svg, k) =>
        `<figure class="step" data-k="${k}"${k === 0 ? '' : ' hidden'}>${svg.replace(/^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>)?/, '')}` +
        `<figcaption><pre>${escape(captions[k])}</pre></figcaption></figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:Helvetica,Arial,sans-serif;max-width:960px;margin:1em auto}figure{margin:0}svg{max-width:100%;height:auto}input{width:100%}pre{white-space:pre-wrap}</style>
</head><body>
<h1>${escape(title)}</h1>
<label>step <output id="k">1</output> / ${svgs.length}<input id="slider" type="range" min="1" max="${svgs.length}" value="1"></label>
${figures}
<script>
const slider = document.getElementById('slider');
const show = (k) => { document.querySelectorAll('.step').forEach((f) => { f.hidden = Number(f.dataset.k) !== k - 1; }); document.getElementById('k').textContent = k; };
slider.addEventListener('input', () => show(Number(slider.value)));
document.addEventListener('keydown', (e) => { const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0; if (d) { slider.value = String(Math.min(${svgs.length}, Math.max(1, Number(slider.value) + d))); show(Number(slider.value)); } });
</script>
</body></html>
`;
}

/** Writes DIR/step-NN.svg for every gate and DIR/index.html; returns the SVG file names. */
export async function writeSteps(
  command: string,
  lecture: LectureGraph,
  dir: string,
  opts: { rankdir?: 'LR' | 'TB'; lang?: Lang } = {},
): Promise<string[]> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new Error(`${command}: cannot create --steps ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const { root, title } = lecture;
  const names = tensorNames(root);
  const steps = backwardTrace(root);
  const svgs: string[] = [];
  const captions: string[] = [];
  const files: string[] = [];
  for (const [k, s] of steps.entries()) {
    const header = `[${k + 1}/${steps.length}] ${names.get(s.output)} = ${s.fn.op}(${s.fn.inputs.map((t) => names.get(t)).join(', ')})`;
    const dot = toDot(root, {
      ...lectureDotOptions(lecture),
      grads: s.known,
      title: `${title} — ${header}`,
      rankdir: opts.rankdir ?? lecture.rankdir,
      lang: opts.lang,
      highlight: { output: s.output, note: s.lines.join('\n') },
    });
    const svg = await toSVG(dot);
    const file = `step-${String(k + 1).padStart(2, '0')}.svg`;
    atomicWrite(join(dir, file), svg);
    files.push(file);
    svgs.push(svg);
    captions.push([header, ...s.lines].join('\n'));
  }
  atomicWrite(join(dir, 'index.html'), stepsPage(title, svgs, captions));
  return files;
}

function atomicWrite(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
