// Charts drawn by vega-lite (spec → vega) and rendered headless to SVG by vega's View with
// renderer 'none' — no canvas, no browser. Both packages are ES modules: imported on demand.

type Spec = Record<string, unknown>;

/** Renders a vega-lite spec to an SVG string. */
export async function renderVegaLite(spec: Spec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface LinePoint {
  series: string;
  x: number;
  y: number;
}

export interface LineChartOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  logY?: boolean;
  /** Series drawn dashed (reference lines such as a bound). */
  dashed?: string[];
  width?: number;
  height?: number;
  /** x is a count (layer, epoch): integer ticks (default true). */
  integerX?: boolean;
}

/** Labels never truncated (labelLimit 0), one font for every text. */
export const chartConfig = {
  font: 'Helvetica, Arial, sans-serif',
  legend: { labelLimit: 0, titleLimit: 0, labelFontSize: 11 },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0 },
  title: { fontSize: 13, limit: 0 },
};

/** A log axis labelled by powers of ten only (1e-6, 1e-4 …): one format, no crowding. */
export const logAxis = {
  format: '.0e',
  labelExpr: "abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? datum.label : ''",
};

/** Lines with points, one colour per series; log-scale y when asked. */
export function lineChartSpec(points: LinePoint[], opts: LineChartOptions = {}): Spec {
  const dashed = opts.dashed ?? [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: opts.title,
    width: opts.width ?? 480,
    height: opts.height ?? 280,
    background: 'white',
    config: chartConfig,
    data: { values: points.map((p) => ({ ...p, reference: dashed.includes(p.series) })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: opts.xTitle ?? 'x',
        axis: opts.integerX === false ? {} : { tickMinStep: 1, format: 'd' },
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: opts.yTitle ?? 'y',
        scale: opts.logY ? { type: 'log' } : { zero: false },
        axis: opts.logY ? logAxis : {},
      },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } },
      strokeDash: {
        field: 'reference',
        type: 'nominal',
        scale: { domain: [false, true], range: [[1, 0], [6, 4]] }, // prettier-ignore
        legend: null,
      },
    },
  };
}

export function lineChart(points: LinePoint[], opts: LineChartOptions = {}): Promise<string> {
  return renderVegaLite(lineChartSpec(points, opts));
}
