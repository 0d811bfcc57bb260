// Adagrad (Duchi, Hazan & Singer 2011): torch.optim.Adagrad.
import { checkBoolean, checkNonNegative, checkPositive } from './check.js';
import { type BaseOptions, isParamsInput, Optimizer, type OptimizerSpec, optimizerSpec } from './optimizer.js';
import type { Parameter, ParamGroup, ParamsInput } from './types.js';

export interface AdagradOptions extends BaseOptions {
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

export const adagradDefaults: Readonly<AdagradOptions> = Object.freeze({
  lr: 1e-2,
  lrDecay: 0,
  weightDecay: 0,
  initialAccumulatorValue: 0,
  eps: 1e-10,
  maximize: false,
});

export function checkAdagradOptions(op: string, o: AdagradOptions): void {
  checkPositive(op, 'lr', o.lr);
  checkNonNegative(op, 'lrDecay', o.lrDecay);
  checkNonNegative(op, 'weightDecay', o.weightDecay);
  checkNonNegative(op, 'initialAccumulatorValue', o.initialAccumulatorValue);
  checkPositive(op, 'eps', o.eps);
  checkBoolean(op, 'maximize', o.maximize);
}

type AdagradState = { step: number; sum: Float32Array | null };

export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: ParamsInput<AdagradOptions>, options?: Partial<AdagradOptions>) {
    super('adagrad', params, adagradDefaults, options, checkAdagradOptions);
  }

  /** The accumulator starts at the group's initialAccumulatorValue, so it is filled on first use. */
  protected initState(): AdagradState {
    return { step: 0, sum: null };
  }

  /** g = ±∇ + λθ; γₜ = γ/(1 + (t−1)η); s = s + g²; θ ← θ − γₜ·g/(√s + ε). */
  protected update(p: Parameter, grad: Float32Array, state: AdagradState, group: ParamGroup<AdagradOptions>): void {
    state.step++;
    const n = p.data.length;
    if (state.sum === null) state.sum = new Float32Array(n).fill(group.initialAccumulatorValue);
    const sum = state.sum;
    const param = p.data;
    const clr = group.lr / (1 + (state.step - 1) * group.lrDecay);
    const { eps, weightDecay } = group;
    const sign = group.maximize ? -1 : 1;
    for (let i = 0; i < n; i++) {
      const p0 = param[i];
      const g = sign * grad[i] + weightDecay * p0;
      const s = Math.fround(sum[i] + g * g);
      sum[i] = s;
      param[i] = p0 - (clr * g) / (Math.sqrt(s) + eps);
    }
  }
}

export function adagrad(params: ParamsInput<AdagradOptions>, options?: Partial<AdagradOptions>): Adagrad;
export function adagrad(options?: Partial<AdagradOptions>): OptimizerSpec<Adagrad>;
export function adagrad(
  a?: ParamsInput<AdagradOptions> | Partial<AdagradOptions>,
  b?: Partial<AdagradOptions>,
): Adagrad | OptimizerSpec<Adagrad> {
  if (isParamsInput<AdagradOptions>(a)) return new Adagrad(a, b);
  return optimizerSpec('adagrad', adagradDefaults, a, checkAdagradOptions, (params, o) => new Adagrad(params, o));
}
