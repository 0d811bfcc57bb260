// Module: what every layer is — parameters, submodules, train/eval mode, a state dict
// named as PyTorch names it ('0.weight', '2.bias'), and forward().
import { noGrad } from '../autograd.js';
import { formatShape } from '../shape.js';
import type { LayerDescription } from '../io/description.js';
import { Tensor } from '../tensor.js';

export type StateDict = Record<string, { shape: number[]; data: Float32Array }>;

export abstract class Module {
  training = true;
  private readonly params = new Map<string, Tensor>();
  private readonly modules = new Map<string, Module>();

  abstract forward(x: Tensor): Tensor;

  /** A short label for messages and summaries, e.g. "Dense(784→256, relu)". */
  abstract label(): string;

  /** This layer's saved form (lib/io), or null where it has none. */
  describe(): LayerDescription | null {
    return null;
  }

  protected registerParameter(name: string, t: Tensor): Tensor {
    t.requiresGrad = true;
    t.name ??= name;
    this.params.set(name, t);
    return t;
  }

  protected registerModule(name: string, m: Module): Module {
    this.modules.set(name, m);
    return m;
  }

  children(): [string, Module][] {
    return [...this.modules];
  }

  /** Every parameter with its dotted path, depth first in registration order. */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, p] of this.params) out.push([prefix + name, p]);
    for (const [name, m] of this.modules) out.push(...m.namedParameters(`${prefix}${name}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  parameterCount(): number {
    let n = 0;
    for (const p of this.parameters()) n += p.size;
    return n;
  }

  train(mode = true): this {
    this.training = mode;
    for (const m of this.modules.values()) m.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient (to null, as PyTorch's set_to_none default). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Copies of every parameter, by dotted name. */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, p] of this.namedParameters()) out[name] = { shape: p.shape.slice(), data: p.data.slice() };
    return out;
  }

  /** Copies values in; with strict (the default) names must match exactly, and shapes always. */
  loadStateDict(state: StateDict, opts: { strict?: boolean } = {}): void {
    const strict = opts.strict ?? true;
    const own = new Map(this.namedParameters());
    if (strict) {
      const missing = [...own.keys()].filter((k) => !(k in state));
      const unexpected = Object.keys(state).filter((k) => !own.has(k));
      if (missing.length > 0 || unexpected.length > 0) {
        throw new RangeError(
          `loadStateDict: ${this.label()}: ` +
            [
              missing.length ? `missing ${missing.join(', ')}` : '',
              unexpected.length ? `unexpected ${unexpected.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; '),
        );
      }
    }
    for (const [name, entry] of Object.entries(state)) {
      const p = own.get(name);
      if (!p) continue;
      if (entry.shape.length !== p.shape.length || entry.shape.some((d, i) => d !== p.shape[i])) {
        throw new RangeError(
          `loadStateDict: '${name}' has shape ${formatShape(p.shape)} in ${this.label()}, got ${formatShape(entry.shape)}`,
        );
      }
      if (entry.data.length !== p.data.length) {
        throw new RangeError(`loadStateDict: '${name}' needs ${p.data.length} values, got ${entry.data.length}`);
      }
      p.data.set(entry.data);
    }
  }

  /** A table of layers with output shapes and parameter counts, for input rows of width inFeatures. */
  summary(inputShape: number[]): string {
    const rows: [string, string, string][] = [['layer', 'output shape', 'parameters']];
    let x = new Tensor(new Float32Array(inputShape.reduce((a, b) => a * b, 1)), inputShape.slice());
    const wasTraining = this.training;
    this.eval();
    try {
      noGrad(() => {
        const layers = this.modules.size > 0 ? [...this.modules] : [['', this] as [string, Module]];
        for (const [name, m] of layers) {
          x = m.forward(x);
          rows.push([`${name ? `${name}: ` : ''}${m.label()}`, formatShape(x.shape), String(m.parameterCount())]);
        }
      });
    } finally {
      this.train(wasTraining);
    }
    rows.push(['total', '', String(this.parameterCount())]);
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
    const line = (r: string[]) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padStart(widths[2])}`;
    const rule = '-'.repeat(widths[0] + widths[1] + widths[2] + 4);
    return [line(rows[0]), rule, ...rows.slice(1, -1).map(line), rule, line(rows[rows.length - 1])].join('\n');
  }
}
