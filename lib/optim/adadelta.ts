// Adadelta (Zeiler 2012): torch.optim.Adadelta.
import { checkBoolean, checkNonNegative, checkPositive, checkUnitInterval } from './check.js';
import { type BaseOptions, isParamsInput, Optimizer, type OptimizerSpec, optimizerSpec } from './optimizer.js';
import type { Parameter, ParamGroup, ParamsInput } from './types.js';

export interface AdadeltaOptions extends BaseOptions {
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

export const adadeltaDefaults: Readonly<AdadeltaOptions> = Object.freeze({
  lr: 1,
  rho: 0.9,
  eps: 1e-6,
  weightDecay: 0,
  maximize: false,
});

export function checkAdadeltaOptions(op: string, o: AdadeltaOptions): void {
  checkPositive(op, 'lr', o.lr);
  checkUnitInterval(op, 'rho', o.rho, true);
  checkPositive(op, 'eps', o.eps);
  checkNonNegative(op, 'weightDecay', o.weightDecay);
  checkBoolean(op, 'maximize', o.maximize);
}

type AdadeltaState = { step: number; squareAvg: Float32Array; accDelta: Float32Array };

export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  constructor(params: ParamsInput<AdadeltaOptions>, options?: Partial<AdadeltaOptions>) {
    super('adadelta', params, adadeltaDefaults, options, checkAdadeltaOptions);
  }

  protected initState(p: Parameter): AdadeltaState {
    const n = p.data.length;
    return { step: 0, squareAvg: new Float32Array(n), accDelta: new Float32Array(n) };
  }

  /** g = ±∇ + λθ; v = ρv + (1−ρ)g²; Δ = √(u + ε)/√(v + ε)·g; u = ρu + (1−ρ)Δ²; θ ← θ − γΔ. */
  protected update(p: Parameter, grad: Float32Array, state: AdadeltaState, group: ParamGroup<AdadeltaOptions>): void {
    state.step++;
    const param = p.data;
    const { squareAvg, accDelta } = state;
    const { lr, rho, eps, weightDecay } = group;
    const sign = group.maximize ? -1 : 1;
    for (let i = 0; i < param.length; i++) {
      const p0 = param[i];
      const g = sign * grad[i] + weightDecay * p0;
      const v = Math.fround(rho * squareAvg[i] + (1 - rho) * g * g);
      squareAvg[i] = v;
      const delta = (Math.sqrt(accDelta[i] + eps) / Math.sqrt(v + eps)) * g;
      accDelta[i] = Math.fround(rho * accDelta[i] + (1 - rho) * delta * delta);
      param[i] = p0 - lr * delta;
    }
  }
}

export function adadelta(params: ParamsInput<AdadeltaOptions>, options?: Partial<AdadeltaOptions>): Adadelta;
export function adadelta(options?: Partial<AdadeltaOptions>): OptimizerSpec<Adadelta>;
export function adadelta(
  a?: ParamsInput<AdadeltaOptions> | Partial<AdadeltaOptions>,
  b?: Partial<AdadeltaOptions>,
): Adadelta | OptimizerSpec<Adadelta> {
  if (isParamsInput<AdadeltaOptions>(a)) return new Adadelta(a, b);
  return optimizerSpec('adadelta', adadeltaDefaults, a, checkAdadeltaOptions, (params, o) => new Adadelta(params, o));
}
