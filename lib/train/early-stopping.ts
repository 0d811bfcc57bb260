// Early stopping (Keras's EarlyStopping): stop once the monitored metric has not improved by
// more than minDelta for `patience` epochs; optionally put back the weights of the best epoch.
import { decodeFloat32, type EncodedFloat32, encodeFloat32 } from '../optim/encode.js';
import type { Module, StateDict } from '../nn/module.js';
import type { Logs } from './metrics.js';

export interface EarlyStoppingOptions {
  /** The metric watched (default valLoss with validation data, else loss). */
  monitor?: string;
  /** Epochs without improvement before stopping (default 0: stop at the first one). */
  patience?: number;
  /** A change smaller than this is not an improvement (default 0). */
  minDelta?: number;
  /** 'min' for losses, 'max' for accuracy; 'auto' (default) picks by the name. */
  mode?: 'min' | 'max' | 'auto';
  /** At the end of training, load the weights of the best epoch (default false). */
  restoreBestWeights?: boolean;
}

export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  wait: number;
  bestWeights: Record<string, { shape: number[]; data: EncodedFloat32 }> | null;
}

export class EarlyStopping {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: 'min' | 'max';
  readonly restoreBestWeights: boolean;
  best = Number.NaN;
  bestEpoch = -1;
  wait = 0;
  stoppedEpoch = -1;
  private bestWeights: StateDict | null = null;

  constructor(op: string, options: EarlyStoppingOptions, defaultMonitor: string, available: readonly string[]) {
    this.monitor = options.monitor ?? defaultMonitor;
    if (!available.includes(this.monitor)) {
      throw new RangeError(
        `${op}: earlyStopping monitors '${this.monitor}', which this run does not log; expected one of ${available.join(', ')}`,
      );
    }
    this.patience = options.patience ?? 0;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new RangeError(
        `${op}: expected earlyStopping.patience to be a non-negative integer, got ${String(options.patience)}`,
      );
    }
    if (!Number.isFinite(this.minDelta))
      throw new RangeError(`${op}: expected earlyStopping.minDelta to be finite, got ${String(options.minDelta)}`);
    const mode = options.mode ?? 'auto';
    if (mode !== 'min' && mode !== 'max' && mode !== 'auto') {
      throw new RangeError(`${op}: expected earlyStopping.mode 'min', 'max' or 'auto', got ${String(mode)}`);
    }
    this.mode = mode === 'auto' ? (/accuracy/i.test(this.monitor) ? 'max' : 'min') : mode;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
  }

  private improved(value: number): boolean {
    if (Number.isNaN(this.best)) return true;
    return this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta;
  }

  /** After each epoch: true when training should stop. */
  update(epoch: number, logs: Logs, model: Module): boolean {
    const value = logs[this.monitor];
    if (this.improved(value)) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBestWeights) this.bestWeights = model.stateDict();
      return false;
    }
    this.wait++;
    if (this.wait >= Math.max(1, this.patience)) {
      this.stoppedEpoch = epoch;
      return true;
    }
    return false;
  }

  /** Loads the best epoch's weights (when asked to and they are not the current ones). */
  restore(model: Module, lastEpoch: number): boolean {
    if (!this.restoreBestWeights || this.bestWeights === null || this.bestEpoch === lastEpoch) return false;
    model.loadStateDict(this.bestWeights);
    return true;
  }

  stateDict(): EarlyStoppingState {
    let bestWeights: EarlyStoppingState['bestWeights'] = null;
    if (this.bestWeights) {
      bestWeights = {};
      for (const [k, v] of Object.entries(this.bestWeights))
        bestWeights[k] = { shape: v.shape, data: encodeFloat32(v.data) };
    }
    return {
      best: Number.isNaN(this.best) ? null : this.best,
      bestEpoch: this.bestEpoch,
      wait: this.wait,
      bestWeights,
    };
  }

  loadStateDict(s: EarlyStoppingState): void {
    this.best = s.best ?? Number.NaN;
    this.bestEpoch = s.bestEpoch;
    this.wait = s.wait;
    this.bestWeights = null;
    if (s.bestWeights) {
      this.bestWeights = {};
      for (const [k, v] of Object.entries(s.bestWeights)) {
        this.bestWeights[k] = { shape: v.shape, data: decodeFloat32(v.data, `earlyStopping.bestWeights.${k}`) };
      }
    }
  }
}
