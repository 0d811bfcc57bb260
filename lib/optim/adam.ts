// Adam (Kingma & Ba 2015, with the AMSGrad variant of Reddi et al. 2018) and AdamW
// (Loshchilov & Hutter 2019: weight decay decoupled from the gradient): torch.optim.Adam / AdamW.
import { checkBoolean, checkNonNegative, checkPositive, checkUnitInterval, show } from './check.js';
import { type BaseOptions, isParamsInput, Optimizer, type OptimizerSpec, optimizerSpec } from './optimizer.js';
import type { Parameter, ParamGroup, ParamsInput } from './types.js';
import { adamUpdate } from './update.js';

export interface AdamOptions extends BaseOptions {
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

export const adamDefaults: Readonly<AdamOptions> = Object.freeze({
  lr: 1e-3,
  betas: [0.9, 0.999] as [number, number],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
});

/** AdamW differs only in how weight decay applies, and in its default (1e-2, as PyTorch). */
export const adamwDefaults: Readonly<AdamOptions> = Object.freeze({ ...adamDefaults, weightDecay: 1e-2 });

export function checkAdamOptions(op: string, o: AdamOptions): void {
  checkPositive(op, 'lr', o.lr);
  if (!Array.isArray(o.betas) || o.betas.length !== 2) {
    throw new Error(`${op}: expected betas to be a pair [beta1, beta2], got ${show(o.betas)}`);
  }
  checkUnitInterval(op, 'betas[0]', o.betas[0]);
  checkUnitInterval(op, 'betas[1]', o.betas[1]);
  checkPositive(op, 'eps', o.eps);
  checkNonNegative(op, 'weightDecay', o.weightDecay);
  checkBoolean(op, 'amsgrad', o.amsgrad);
  checkBoolean(op, 'maximize', o.maximize);
}

type AdamState = {
  step: number;
  expAvg: Float32Array;
  expAvgSq: Float32Array;
  maxExpAvgSq: Float32Array | null;
};

export class Adam extends Optimizer<AdamOptions, AdamState> {
  /** AdamW: θ ← θ(1 − γλ) before the Adam step, instead of adding λθ to the gradient. */
  protected readonly decoupledWeightDecay: boolean;

  constructor(params: ParamsInput<AdamOptions>, options?: Partial<AdamOptions>, variant: 'adam' | 'adamw' = 'adam') {
    super(variant, params, variant === 'adamw' ? adamwDefaults : adamDefaults, options, checkAdamOptions);
    this.decoupledWeightDecay = variant === 'adamw';
  }

  protected initState(p: Parameter): AdamState {
    const n = p.data.length;
    return { step: 0, expAvg: new Float32Array(n), expAvgSq: new Float32Array(n), maxExpAvgSq: null };
  }

  protected update(p: Parameter, grad: Float32Array, state: AdamState, group: ParamGroup<AdamOptions>): void {
    state.step++;
    if (group.amsgrad && state.maxExpAvgSq === null) state.maxExpAvgSq = new Float32Array(p.data.length);
    const maxExpAvgSq = group.amsgrad ? state.maxExpAvgSq : null;
    adamUpdate(p.data, grad, state.expAvg, state.expAvgSq, maxExpAvgSq, state.step, group, this.decoupledWeightDecay);
  }
}

export class AdamW extends Adam {
  constructor(params: ParamsInput<AdamOptions>, options?: Partial<AdamOptions>) {
    super(params, options, 'adamw');
  }
}

export function adam(params: ParamsInput<AdamOptions>, options?: Partial<AdamOptions>): Adam;
export function adam(options?: Partial<AdamOptions>): OptimizerSpec<Adam>;
export function adam(
  a?: ParamsInput<AdamOptions> | Partial<AdamOptions>,
  b?: Partial<AdamOptions>,
): Adam | OptimizerSpec<Adam> {
  if (isParamsInput<AdamOptions>(a)) return new Adam(a, b);
  return optimizerSpec('adam', adamDefaults, a, checkAdamOptions, (params, options) => new Adam(params, options));
}

export function adamw(params: ParamsInput<AdamOptions>, options?: Partial<AdamOptions>): AdamW;
export function adamw(options?: Partial<AdamOptions>): OptimizerSpec<AdamW>;
export function adamw(
  a?: ParamsInput<AdamOptions> | Partial<AdamOptions>,
  b?: Partial<AdamOptions>,
): AdamW | OptimizerSpec<AdamW> {
  if (isParamsInput<AdamOptions>(a)) return new AdamW(a, b);
  return optimizerSpec('adamw', adamwDefaults, a, checkAdamOptions, (params, options) => new AdamW(params, options));
}
