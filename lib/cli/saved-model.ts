// What `chainrule predict` and `evaluate` know of a saved model: the model itself (load) and
// the facts `train` recorded in its meta — the task, the class names in their index order,
// the feature columns by name, the label column and the loss — checked before any data is read.
import { loadModelFiles } from '../io/model-file.js';
import { load } from '../io/model.js';
import type { Module } from '../nn/module.js';

export interface SavedModel {
  model: Module;
  /** Class names (index = output), or null for a regression model. */
  classes: string[] | null;
  /** Feature column names the model was trained on (CSV), or null when not recorded. */
  features: string[] | null;
  label: string | null;
  loss: string | null;
}

const strings = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : null;

export function loadSavedModel(dir: string): SavedModel {
  const model = load(dir);
  const meta = loadModelFiles(dir).description.meta ?? {};
  const classes = strings(meta.classes);
  const loss = typeof meta.loss === 'string' ? meta.loss : null;
  const regression = loss === 'mse' || loss === 'l1' || loss === 'huber' || loss === 'halfSquaredError';
  return {
    model,
    classes: regression ? null : classes,
    features: strings(meta.features),
    label: typeof meta.label === 'string' ? meta.label : null,
    loss,
  };
}

/** Class names of a file that the model does not know: an error listing the difference. */
export function checkClassesKnown(op: string, file: string, found: string[], known: string[]): void {
  const unknown = found.filter((c) => !known.includes(c));
  if (unknown.length > 0) {
    throw new RangeError(
      `${op}: ${file} has label${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `'${c}'`).join(', ')} ` +
        `that the model was not trained on (its classes: ${known.join(', ')})`,
    );
  }
}

/** Row-wise softmax of logits (or a sigmoid for one logit), for --proba. */
export function probabilities(logits: Float32Array, cols: number, loss: string | null): Float32Array {
  const out = new Float32Array(logits.length);
  if (cols === 1) {
    for (let i = 0; i < logits.length; i++) {
      out[i] = loss === 'binaryCrossEntropy' ? logits[i] : 1 / (1 + Math.exp(-logits[i]));
    }
    return out;
  }
  for (let r = 0; r < logits.length / cols; r++) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, logits[r * cols + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += out[r * cols + c] = Math.exp(logits[r * cols + c] - max);
    for (let c = 0; c < cols; c++) out[r * cols + c] /= sum;
  }
  return out;
}
