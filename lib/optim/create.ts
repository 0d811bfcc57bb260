// Optimizers by name, for the CLI (--optimizer adam) and config files.
import { adadelta } from './adadelta.js';
import { adagrad } from './adagrad.js';
import { adam, adamw } from './adam.js';
import type { AnyParamsInput, OptimizerLike, OptimizerSpec } from './optimizer.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

export const optimizerNames = ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad', 'adadelta'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

// Each factory's unbound form, typed loosely: the name picks the options at run time.
const specs: Record<OptimizerName, (options?: Record<string, unknown>) => OptimizerSpec> = {
  sgd: (o) => sgd(o),
  adam: (o) => adam(o),
  adamw: (o) => adamw(o),
  rmsprop: (o) => rmsprop(o),
  adagrad: (o) => adagrad(o),
  adadelta: (o) => adadelta(o),
};

export function isOptimizerName(name: unknown): name is OptimizerName {
  return typeof name === 'string' && (optimizerNames as readonly string[]).includes(name);
}

/** The unbound optimizer called `name` with these options (checked now). */
export function optimizerByName(name: string, options: Record<string, unknown> = {}): OptimizerSpec {
  if (!isOptimizerName(name)) {
    throw new Error(`optim: unknown optimizer '${name}'; expected one of ${optimizerNames.join(', ')}`);
  }
  return specs[name](options);
}

/** createOptimizer('adam', model.parameters(), { lr: 1e-3 }). */
export function createOptimizer(
  name: string,
  params: AnyParamsInput,
  options: Record<string, unknown> = {},
): OptimizerLike {
  return optimizerByName(name, options).bind(params);
}
