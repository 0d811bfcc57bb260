// lib/nn: layers and initialisation. Factories (nn.dense, nn.sequential, …) mirror the classes.
import { ActivationLayer, Dense, type DenseOptions, Dropout, type LayerActivation, Sequential } from './layers.js';
import type { Module } from './module.js';

export * as init from './init.js';
export { type InitSpec, calculateGain, initNames } from './init.js';
export {
  ActivationLayer,
  checkActivation,
  Dense,
  type DenseOptions,
  Dropout,
  type LayerActivation,
  layerActivations,
  Sequential,
} from './layers.js';
export { Module, type StateDict } from './module.js';

export const dense = (inFeatures: number, outFeatures: number, opts?: DenseOptions): Dense =>
  new Dense(inFeatures, outFeatures, opts);
export const sequential = (...layers: Module[]): Sequential => new Sequential(...layers);
export const dropout = (p?: number): Dropout => new Dropout(p);
export const activation = (name: LayerActivation, opts?: { alpha?: number }): ActivationLayer =>
  new ActivationLayer(name, opts);
export const sigmoid = (): ActivationLayer => new ActivationLayer('sigmoid');
export const tanh = (): ActivationLayer => new ActivationLayer('tanh');
export const relu = (): ActivationLayer => new ActivationLayer('relu');
export const leakyRelu = (alpha = 0.01): ActivationLayer => new ActivationLayer('leakyRelu', { alpha });
export const elu = (alpha = 1): ActivationLayer => new ActivationLayer('elu', { alpha });
export const gelu = (): ActivationLayer => new ActivationLayer('gelu');
export const softplus = (): ActivationLayer => new ActivationLayer('softplus');
export const softmax = (): ActivationLayer => new ActivationLayer('softmax');
export const identity = (): ActivationLayer => new ActivationLayer('identity');
