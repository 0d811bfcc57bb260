// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay:
// torch.optim.SGD. Without momentum it is the notes' W ← W − α·∂J/∂W.
import { checkBoolean, checkNonNegative, checkPositive } from './check.js';
import { type BaseOptions, isParamsInput, Optimizer, type OptimizerSpec, optimizerSpec } from './optimizer.js';
import type { Parameter, ParamGroup, ParamsInput } from './types.js';
import { sgdUpdate } from './update.js';

export interface SgdOptions extends BaseOptions {
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  maximize: boolean;
}

/** PyTorch's defaults (lr = 1e-3 since torch 2.2). */
export const sgdDefaults: Readonly<SgdOptions> = Object.freeze({
  lr: 1e-3,
  momentum: 0,
  dampening: 0,
  nesterov: false,
  weightDecay: 0,
  maximize: false,
});

export function checkSgdOptions(op: string, o: SgdOptions): void {
  checkPositive(op, 'lr', o.lr);
  checkNonNegative(op, 'momentum', o.momentum);
  checkNonNegative(op, 'dampening', o.dampening);
  checkNonNegative(op, 'weightDecay', o.weightDecay);
  checkBoolean(op, 'nesterov', o.nesterov);
  checkBoolean(op, 'maximize', o.maximize);
  if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
    throw new Error(
      `${op}: expected momentum > 0 and dampening = 0 with nesterov, got momentum ${o.momentum} and dampening ${o.dampening}`,
    );
  }
}

type SgdState = { step: number; momentumBuffer: Float32Array | null };

export class SGD extends Optimizer<SgdOptions, SgdState> {
  constructor(params: ParamsInput<SgdOptions>, options?: Partial<SgdOptions>) {
    super('sgd', params, sgdDefaults, options, checkSgdOptions);
  }

  protected initState(): SgdState {
    return { step: 0, momentumBuffer: null };
  }

  protected update(p: Parameter, grad: Float32Array, state: SgdState, group: ParamGroup<SgdOptions>): void {
    state.step++;
    let fresh = false;
    if (group.momentum !== 0 && state.momentumBuffer === null) {
      state.momentumBuffer = new Float32Array(p.data.length); // first step only
      fresh = true;
    }
    sgdUpdate(p.data, grad, group.momentum !== 0 ? state.momentumBuffer : null, fresh, group);
  }
}

export function sgd(params: ParamsInput<SgdOptions>, options?: Partial<SgdOptions>): SGD;
export function sgd(options?: Partial<SgdOptions>): OptimizerSpec<SGD>;
export function sgd(
  a?: ParamsInput<SgdOptions> | Partial<SgdOptions>,
  b?: Partial<SgdOptions>,
): SGD | OptimizerSpec<SGD> {
  if (isParamsInput<SgdOptions>(a)) return new SGD(a, b);
  return optimizerSpec('sgd', sgdDefaults, a, checkSgdOptions, (params, options) => new SGD(params, options));
}
