// chainrule/optim: optimizers, learning-rate schedules and gradient clipping (torch.optim's semantics).
export { type AdadeltaOptions, Adadelta, adadelta, adadeltaDefaults } from './adadelta.js';
export { type AdagradOptions, Adagrad, adagrad, adagradDefaults } from './adagrad.js';
export { type AdamOptions, Adam, AdamW, adam, adamDefaults, adamw, adamwDefaults } from './adam.js';
export { type ClipGradNormOptions, clipGradNorm, clipGradValue } from './clip.js';
export { createOptimizer, isOptimizerName, type OptimizerName, optimizerByName, optimizerNames } from './create.js';
export { type EncodedFloat32 } from './encode.js';
export { type OneCycleLROptions, oneCycleLR } from './one-cycle.js';
export {
  type AnyParamsInput,
  type BaseOptions,
  isOptimizerSpec,
  Optimizer,
  type OptimizerLike,
  type OptimizerSpec,
  type OptimizerStateDict,
} from './optimizer.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions, reduceLROnPlateau } from './plateau.js';
export { type RmspropOptions, RMSprop, rmsprop, rmspropDefaults } from './rmsprop.js';
export {
  isSchedulerSpec,
  type LrGroup,
  LRScheduler,
  type SchedulableOptimizer,
  type Schedule,
  type Scheduler,
  type SchedulerSpec,
  type SchedulerStateDict,
} from './scheduler.js';
export {
  type CosineAnnealingLROptions,
  type CosineAnnealingWarmRestartsOptions,
  cosineAnnealingLR,
  cosineAnnealingWarmRestarts,
  type ExponentialLROptions,
  exponentialLR,
  type LinearLROptions,
  type LinearWarmupOptions,
  linearLR,
  linearWarmup,
  type MultiStepLROptions,
  multiStepLR,
  type SequentialLROptions,
  sequentialLR,
  type StepLROptions,
  stepLR,
} from './schedulers.js';
export { type SgdOptions, SGD, sgd, sgdDefaults } from './sgd.js';
export type { Parameter, ParamGroup, ParamGroupInput, ParamsInput } from './types.js';
export { type AdamHyper, adamUpdate, type SgdHyper, sgdUpdate } from './update.js';
