// The notes' vanishing-gradient claim, measured: a deep stack of equal Dense layers, one
// backward pass, ‖∂L/∂W_k‖ per layer k. Through a sigmoid every layer multiplies the
// gradient by σ′ ≤ 0.25 (and by W), so from the last layer back it shrinks like 0.25^(L−k)
// unless the weights make up for it; relu passes 1 where a unit is active.
import { rand, randn } from '../factories.js';
import type { InitSpec } from '../nn/init.js';
import { Dense, Sequential } from '../nn/layers.js';
import { getRngState, manualSeed, setRngState } from '../random.js';
import { lineChart, type LinePoint } from './charts.js';
import { gradientFlow, type LayerFlow } from './flow.js';
import { formatNumber, textTable } from './format.js';

export const vanishingActivations = ['sigmoid', 'tanh', 'relu'] as const;
export type VanishingActivation = (typeof vanishingActivations)[number];
export const vanishingInits = ['normal', 'xavier', 'he'] as const;
export type VanishingInit = (typeof vanishingInits)[number];

export interface VanishingOptions {
  depth?: number;
  width?: number;
  activation?: VanishingActivation;
  /** normal: the notes' Gaussian N(0, 1); xavier: Glorot uniform; he: Kaiming normal. */
  init?: VanishingInit;
  batch?: number;
  seed?: number;
}

export interface VanishingReport {
  depth: number;
  width: number;
  activation: VanishingActivation;
  init: VanishingInit;
  loss: number;
  /** Per layer, first (input side) to last. */
  layers: LayerFlow[];
  /**
   * ‖∂L/∂W_L‖·0.25^(L−k): the last layer's gradient shrunk by σ′'s maximum 0.25 once per layer.
   * A reference line, not a bound: the weights multiply too, and can lift a layer above it.
   */
  sigmoidBound: number[];
  /** ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖. */
  firstToLast: number;
}

const initSpecs: Record<VanishingInit, InitSpec> = {
  normal: { type: 'normal', std: 1 },
  xavier: 'xavierUniform',
  he: 'heNormal',
};

function checkChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    throw new RangeError(`vanishing: expected ${name} to be one of ${choices.join(', ')}, got '${String(value)}'`);
  }
  return value as T;
}

function checkCount(name: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`vanishing: expected ${name} to be an integer in [1, ${max}], got ${String(value)}`);
  }
  return value;
}

/** Builds the net from its own seed (the global generator is restored after) and measures it. */
export function vanishingGradients(opts: VanishingOptions = {}): VanishingReport {
  const depth = checkCount('depth', opts.depth ?? 10, 200);
  const width = checkCount('width', opts.width ?? 32, 4096);
  const batch = checkCount('batch', opts.batch ?? 64, 65536);
  const activation = checkChoice('activation', opts.activation ?? 'sigmoid', vanishingActivations);
  const init = checkChoice('init', opts.init ?? 'xavier', vanishingInits);
  const saved = getRngState();
  try {
    manualSeed(opts.seed ?? 0);
    const layers: Dense[] = [];
    for (let k = 0; k < depth; k++) layers.push(new Dense(width, width, { activation, init: initSpecs[init] }));
    const model = new Sequential(...layers);
    const x = randn([batch, width]);
    const y = rand([batch, width]); // targets in [0, 1): reachable by every activation here
    const report = gradientFlow(model, x, y, { loss: 'mse' });
    const last = report.layers[depth - 1].weightGradNorm;
    const first = report.layers[0].weightGradNorm;
    return {
      depth,
      width,
      activation,
      init,
      loss: report.loss,
      layers: report.layers,
      sigmoidBound: report.layers.map((_, k) => last * 0.25 ** (depth - 1 - k)),
      firstToLast: last > 0 ? first / last : 0,
    };
  } finally {
    setRngState(saved);
  }
}

export function formatVanishing(r: VanishingReport): string {
  const rows = [['layer', '‖∂L/∂W‖', '0.25^(L−k) reference', 'act std', 'saturated', 'dead']];
  for (const l of r.layers) {
    rows.push([
      String(l.index),
      formatNumber(l.weightGradNorm, 3),
      formatNumber(r.sigmoidBound[l.index - 1], 3),
      formatNumber(l.activationStd, 3),
      l.saturatedShare === null ? '–' : `${(100 * l.saturatedShare).toFixed(1)}%`,
      l.deadShare === null ? '–' : `${(100 * l.deadShare).toFixed(1)}%`,
    ]);
  }
  return (
    `depth ${r.depth}, width ${r.width}, ${r.activation}, init ${r.init}: loss ${formatNumber(r.loss)}\n` +
    `${textTable(rows)}\n` +
    `‖∂L/∂W_1‖ / ‖∂L/∂W_${r.depth}‖ = ${formatNumber(r.firstToLast, 3)}\n` +
    `(reference: ‖∂L/∂W_${r.depth}‖·0.25^(L−k), σ′'s maximum once per layer; the weights also multiply, so a layer can lie above it)\n`
  );
}

/** ‖∂L/∂W_k‖ against k on a log scale, one line per report, with the σ′ ≤ 0.25 decay dashed. */
export function vanishingChart(reports: VanishingReport[], title?: string): Promise<string> {
  const points: LinePoint[] = [];
  const dashed: string[] = [];
  for (const r of reports) {
    const series = `${r.activation}, ${r.init} init`;
    for (const l of r.layers) points.push({ series, x: l.index, y: Math.max(l.weightGradNorm, 1e-30) });
  }
  const sigmoid = reports.find((r) => r.activation === 'sigmoid') ?? reports[0];
  if (sigmoid) {
    const series = `reference ‖∂L/∂W_L‖·0.25^(L−k) (σ′ ≤ 0.25 per layer)`;
    dashed.push(series);
    sigmoid.sigmoidBound.forEach((y, k) => points.push({ series, x: k + 1, y: Math.max(y, 1e-30) }));
  }
  const first = reports[0];
  return lineChart(points, {
    title: title ?? `gradient norm per layer, depth ${first?.depth ?? 0}, width ${first?.width ?? 0}`,
    xTitle: 'layer k (1 = next to the input)',
    yTitle: '‖∂L/∂W_k‖ (log scale)',
    logY: true,
    dashed,
  });
}
