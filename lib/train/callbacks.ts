// The callback interface fit() drives (Keras's hooks, with a context object instead of `this`).
import type { Matrix } from '../data/matrix.js';
import type { Module } from '../nn/module.js';
import type { OptimizerLike } from '../optim/optimizer.js';
import type { Tensor } from '../tensor.js';
import type { Logs } from './metrics.js';

/** What fit() returns: per-epoch logs, by name. */
export interface History {
  /** Epoch indices (0-based) in the order they ran; a resumed run continues the numbering. */
  epoch: number[];
  /** loss, accuracy, mae, valLoss, valAccuracy, valMae, lr — one value per epoch. */
  history: Record<string, number[]>;
  params: {
    epochs: number;
    mode: 'full' | 'stochastic' | 'minibatch';
    batchSize: number;
    samples: number | null;
    loss: string;
    optimizer: string;
    metrics: string[];
  };
}

export interface CallbackContext {
  model: Module;
  optimizer: OptimizerLike;
  /** The loss function (pred, target) → scalar tensor. */
  loss: (pred: Tensor, target: Tensor) => Tensor;
  /** The training data after any normalization (null for a stream). */
  x: Matrix | null;
  y: Matrix | null;
  history: History;
  /** Set to true to end training after the current batch or epoch. */
  stopTraining: boolean;
}

export interface Callback {
  onTrainBegin?(ctx: CallbackContext): void;
  onEpochBegin?(epoch: number, ctx: CallbackContext): void;
  onBatchEnd?(batch: number, logs: Logs, ctx: CallbackContext): void;
  onEpochEnd?(epoch: number, logs: Logs, ctx: CallbackContext): void;
  onTrainEnd?(logs: Logs, ctx: CallbackContext): void;
}
