// Models to and from disk and other runtimes: a Sequential becomes the plain description +
// named tensors that lib/io reads and writes (Sequential.toDescription), and back.
import { normalizerFromJSON } from '../data/normalize.js';
import { ActivationLayer, Dense, Dropout, type LayerActivation, Sequential } from '../nn/layers.js';
import type { Module } from '../nn/module.js';
import type { ModelDescription, NamedTensors } from './description.js';
import { loadModelFiles, saveModelFiles } from './model-file.js';
import { exportOnnx, type OnnxExportOptions, saveOnnx } from './onnx.js';

function asSequential(model: Module): Sequential {
  return model instanceof Sequential ? model : new Sequential(model);
}

/** A Sequential built from a validated description, its parameters set from tensors. */
export function modelFromDescription(description: ModelDescription, tensors: NamedTensors): Sequential {
  const layers = description.layers.map((layer) => {
    switch (layer.type) {
      case 'dense':
        return new Dense(layer.inFeatures, layer.outFeatures, {
          bias: layer.bias,
          activation: layer.activation as LayerActivation,
          alpha: layer.alpha,
          init: 'zeros',
        });
      case 'activation':
        return new ActivationLayer(layer.activation as LayerActivation, { alpha: layer.alpha });
      case 'dropout':
        return new Dropout(layer.p);
    }
  });
  const model = new Sequential(...layers);
  model.loadStateDict(tensors);
  if (description.normalizer !== undefined) model.normalizer = normalizerFromJSON(description.normalizer);
  return model;
}

/**
 * Saves the model into directory `dir`: model.safetensors (the weights, as a torch
 * state_dict) and model.json (layers, activations, init, normalizer, format version), each
 * written to a temporary name, fsynced and renamed.
 */
export function save(model: Module, dir: string, opts: { meta?: Record<string, unknown> } = {}): void {
  const { description, tensors } = asSequential(model).toDescription();
  if (opts.meta) description.meta = opts.meta;
  saveModelFiles(dir, description, tensors);
}

/** Loads a model saved by save() (or a torch state_dict beside a hand-written model.json), validated first. */
export function load(dir: string): Sequential {
  const { description, tensors } = loadModelFiles(dir);
  return modelFromDescription(description, tensors);
}

/** ONNX bytes of the model: Gemm + activation nodes, a dynamic batch dimension. */
export function toOnnx(model: Module, opts?: OnnxExportOptions): Uint8Array {
  const { description, tensors } = asSequential(model).toDescription();
  return exportOnnx(description, tensors, opts);
}

export function saveOnnxModel(model: Module, file: string, opts?: OnnxExportOptions): void {
  const { description, tensors } = asSequential(model).toDescription();
  saveOnnx(file, description, tensors, opts);
}
