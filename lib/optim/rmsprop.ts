// RMSprop (Hinton, Coursera lecture 6.5; centered form from Graves 2013): torch.optim.RMSprop.
import { checkBoolean, checkNonNegative, checkPositive } from './check.js';
import { type BaseOptions, isParamsInput, Optimizer, type OptimizerSpec, optimizerSpec } from './optimizer.js';
import type { Parameter, ParamGroup, ParamsInput } from './types.js';

export interface RmspropOptions extends BaseOptions {
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

export const rmspropDefaults: Readonly<RmspropOptions> = Object.freeze({
  lr: 1e-2,
  alpha: 0.99,
  eps: 1e-8,
  weightDecay: 0,
  momentum: 0,
  centered: false,
  maximize: false,
});

export function checkRmspropOptions(op: string, o: RmspropOptions): void {
  checkPositive(op, 'lr', o.lr);
  checkNonNegative(op, 'alpha', o.alpha);
  checkPositive(op, 'eps', o.eps);
  checkNonNegative(op, 'weightDecay', o.weightDecay);
  checkNonNegative(op, 'momentum', o.momentum);
  checkBoolean(op, 'centered', o.centered);
  checkBoolean(op, 'maximize', o.maximize);
}

type RmspropState = {
  step: number;
  squareAvg: Float32Array;
  gradAvg: Float32Array | null;
  momentumBuffer: Float32Array | null;
};

export class RMSprop extends Optimizer<RmspropOptions, RmspropState> {
  constructor(params: ParamsInput<RmspropOptions>, options?: Partial<RmspropOptions>) {
    super('rmsprop', params, rmspropDefaults, options, checkRmspropOptions);
  }

  protected initState(p: Parameter): RmspropState {
    return { step: 0, squareAvg: new Float32Array(p.data.length), gradAvg: null, momentumBuffer: null };
  }

  /**
   * g = ±∇ + λθ; v = αv + (1−α)g²; centered: ḡ = αḡ + (1−α)g, d = √(v − ḡ²) + ε, else d = √v + ε;
   * with momentum b = μb + g/d, θ ← θ − γb; without, θ ← θ − γg/d.
   */
  protected update(p: Parameter, grad: Float32Array, state: RmspropState, group: ParamGroup<RmspropOptions>): void {
    state.step++;
    const n = p.data.length;
    if (group.centered && state.gradAvg === null) state.gradAvg = new Float32Array(n);
    if (group.momentum > 0 && state.momentumBuffer === null) state.momentumBuffer = new Float32Array(n);
    const param = p.data;
    const squareAvg = state.squareAvg;
    const gradAvg = group.centered ? state.gradAvg : null;
    const buffer = group.momentum > 0 ? state.momentumBuffer : null;
    const { lr, alpha, eps, weightDecay, momentum } = group;
    const sign = group.maximize ? -1 : 1;
    for (let i = 0; i < n; i++) {
      const p0 = param[i];
      const g = sign * grad[i] + weightDecay * p0;
      const v = Math.fround(alpha * squareAvg[i] + (1 - alpha) * g * g);
      squareAvg[i] = v;
      let denom: number;
      if (gradAvg !== null) {
        const mean = Math.fround(alpha * gradAvg[i] + (1 - alpha) * g);
        gradAvg[i] = mean;
        denom = Math.sqrt(Math.fround(v - mean * mean)) + eps;
      } else {
        denom = Math.sqrt(v) + eps;
      }
      if (buffer !== null) {
        const b = Math.fround(momentum * buffer[i] + g / denom);
        buffer[i] = b;
        param[i] = p0 - lr * b;
      } else {
        param[i] = p0 - (lr * g) / denom;
      }
    }
  }
}

export function rmsprop(params: ParamsInput<RmspropOptions>, options?: Partial<RmspropOptions>): RMSprop;
export function rmsprop(options?: Partial<RmspropOptions>): OptimizerSpec<RMSprop>;
export function rmsprop(
  a?: ParamsInput<RmspropOptions> | Partial<RmspropOptions>,
  b?: Partial<RmspropOptions>,
): RMSprop | OptimizerSpec<RMSprop> {
  if (isParamsInput<RmspropOptions>(a)) return new RMSprop(a, b);
  return optimizerSpec('rmsprop', rmspropDefaults, a, checkRmspropOptions, (params, o) => new RMSprop(params, o));
}
