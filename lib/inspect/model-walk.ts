// Walks a Sequential (nested ones flattened) layer by layer, keeping each Dense layer's
// input and output — with a following activation layer folded into it, so h = a(W·h + b)
// is one step as in the notes.
import { ActivationLayer, Dense, Sequential } from '../nn/layers.js';
import type { Module } from '../nn/module.js';
import type { Tensor } from '../tensor.js';

export interface DenseStep {
  /** Position among the Dense layers, from 1. */
  index: number;
  /** Path in the model ('0', '2', …) as parameter names use it. */
  path: string;
  layer: Dense;
  /** The activation applied after x·Wᵀ + b (the layer's own, or a following activation layer). */
  activation: string;
  alpha: number;
  input: Tensor;
  output: Tensor;
}

export function flattenLayers(model: Module, prefix = ''): [string, Module][] {
  if (!(model instanceof Sequential)) return [[prefix.replace(/\.$/, ''), model]];
  const out: [string, Module][] = [];
  model.layers.forEach((layer, i) => out.push(...flattenLayers(layer, `${prefix}${i}.`)));
  return out;
}

/** Runs model's forward layer by layer; returns the output and each Dense step. */
export function walkDense(op: string, model: Module, x: Tensor): { output: Tensor; steps: DenseStep[] } {
  const steps: DenseStep[] = [];
  let h = x;
  let last: DenseStep | null = null;
  for (const [path, layer] of flattenLayers(model)) {
    const input = h;
    h = layer.forward(h);
    if (layer instanceof Dense) {
      last = {
        index: steps.length + 1,
        path,
        layer,
        activation: layer.activation,
        alpha: layer.alpha,
        input,
        output: h,
      };
      steps.push(last);
    } else if (layer instanceof ActivationLayer && last !== null && last.output === input) {
      if (last.activation !== 'identity') {
        throw new RangeError(
          `${op}: layer ${path} applies ${layer.activation} after ${last.layer.label()}, which has its own activation`,
        );
      }
      last.activation = layer.activation;
      last.alpha = layer.alpha;
      last.output = h;
    } else if (!(layer instanceof ActivationLayer)) {
      last = null; // Dropout and others: the next activation layer is not folded
    }
  }
  if (steps.length === 0) throw new RangeError(`${op}: expected a model with at least one Dense layer`);
  return { output: h, steps };
}
