// The layers: Dense (h = a(W·h + b), PyTorch's Linear layout), the activation modules,
// Dropout and Sequential.
import { checkOptions } from '../options.js';
import { Activation, type ActivationName } from '../backend/backend.js';
import type { Normalizer } from '../data/normalize.js';
import { type FunctionSourceOptions, toFunctionSource } from '../io/codegen.js';
import { FORMAT_VERSION, type LayerDescription, type ModelDescription, type NamedTensors } from '../io/description.js';
import { dense } from '../ops/dense.js';
import { defaultAlpha } from '../ops/activations.js';
import { random } from '../random.js';
import { describe, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { type InitSpec, initDense } from './init.js';
import { Module } from './module.js';

/** Activations a layer accepts: the fused kernel's ones, and softmax (applied after the GEMM). */
export type LayerActivation = ActivationName | 'softmax';
export const layerActivations = [...Object.keys(Activation), 'softmax'] as LayerActivation[];

export function checkActivation(op: string, activation: unknown): LayerActivation {
  if (typeof activation !== 'string' || !layerActivations.includes(activation as LayerActivation)) {
    throw new RangeError(
      `${op}: unknown activation ${typeof activation === 'string' ? `'${activation}'` : String(activation)}; expected one of ${layerActivations.join(', ')}`,
    );
  }
  return activation as LayerActivation;
}

function checkFeatures(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new RangeError(`${op}: expected ${name} to be a positive integer, got ${String(v)}`);
  }
  return v;
}

export interface DenseOptions {
  bias?: boolean;
  activation?: LayerActivation;
  /** leakyRelu's slope or elu's scale (defaults 0.01 and 1, as PyTorch). */
  alpha?: number;
  init?: InitSpec;
}

/** y = act(x·Wᵀ + b) through one fused kernel forward and one backward; weight [out, in]. */
export class Dense extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly activation: LayerActivation;
  readonly alpha: number;
  readonly init: InitSpec;
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, opts: DenseOptions = {}) {
    super();
    checkOptions('Dense', opts, ['bias', 'activation', 'alpha', 'init']);
    this.inFeatures = checkFeatures('Dense', 'inFeatures', inFeatures);
    this.outFeatures = checkFeatures('Dense', 'outFeatures', outFeatures);
    this.activation = checkActivation('Dense', opts.activation ?? 'identity');
    this.alpha = opts.alpha ?? (this.activation === 'softmax' ? 0 : defaultAlpha(this.activation));
    this.init = opts.init ?? 'auto';
    this.weight = this.registerParameter('weight', Tensor.empty([outFeatures, inFeatures]));
    this.bias = opts.bias === false ? null : this.registerParameter('bias', Tensor.empty([outFeatures]));
    initDense(this.weight, this.bias, this.init, this.activation, this.alpha);
  }

  override describe(): LayerDescription {
    const d: LayerDescription = {
      type: 'dense',
      inFeatures: this.inFeatures,
      outFeatures: this.outFeatures,
      bias: this.bias !== null,
      activation: this.activation,
      init: typeof this.init === 'string' ? this.init : this.init.type,
    };
    if (this.activation === 'leakyRelu' || this.activation === 'elu') d.alpha = this.alpha;
    return d;
  }

  label(): string {
    const act = this.activation === 'identity' ? '' : `, ${this.activation}`;
    return `Dense(${this.inFeatures}→${this.outFeatures}${act}${this.bias ? '' : ', no bias'})`;
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError(`${this.label()}: expected a Tensor input, got ${describe(x)}`);
    const width = x.shape[x.ndim - 1];
    if (x.ndim === 0 || width !== this.inFeatures) {
      throw new RangeError(
        `${this.label()}: expected input [batch, ${this.inFeatures}], got ${formatShape(x.shape)} (width ${width ?? 'none'} ≠ in-features ${this.inFeatures})`,
      );
    }
    // leading dimensions fold into the batch, as PyTorch's Linear
    const lead = x.shape.slice(0, -1);
    const x2 = x.ndim === 2 ? x : x.reshape([x.size / this.inFeatures, this.inFeatures]);
    const fused = this.activation === 'softmax' ? 'identity' : this.activation;
    let y = dense(x2, this.weight, this.bias, fused, { alpha: this.alpha });
    if (this.activation === 'softmax') y = y.softmax(-1);
    return x.ndim === 2 ? y : y.reshape([...lead, this.outFeatures]);
  }
}

/** An activation as a layer of its own (sigmoid, tanh, relu, …, softmax, identity). */
export class ActivationLayer extends Module {
  readonly activation: LayerActivation;
  readonly alpha: number;

  constructor(activation: LayerActivation, opts: { alpha?: number } = {}) {
    super();
    this.activation = checkActivation('activation', activation);
    this.alpha = opts.alpha ?? (this.activation === 'softmax' ? 0 : defaultAlpha(this.activation));
  }

  override describe(): LayerDescription {
    const d: LayerDescription = { type: 'activation', activation: this.activation };
    if (this.activation === 'leakyRelu' || this.activation === 'elu') d.alpha = this.alpha;
    return d;
  }

  label(): string {
    return this.activation[0].toUpperCase() + this.activation.slice(1);
  }

  forward(x: Tensor): Tensor {
    if (this.activation === 'softmax') return x.softmax(-1);
    if (this.activation === 'identity') return x;
    return x.activation(this.activation, this.alpha);
  }
}

/** Zeroes each input with probability p while training and scales the rest by 1/(1−p); identity in eval. */
export class Dropout extends Module {
  readonly p: number;

  constructor(p = 0.5) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) {
      throw new RangeError(`Dropout: expected p in [0, 1), got ${String(p)}`);
    }
    this.p = p;
  }

  override describe(): LayerDescription {
    return { type: 'dropout', p: this.p };
  }

  label(): string {
    return `Dropout(p=${this.p})`;
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const mask = Tensor.empty(x.shape);
    const keep = 1 - this.p;
    const scale = 1 / keep;
    const m = mask.data;
    for (let i = 0; i < m.length; i++) m[i] = random() < keep ? scale : 0;
    return x.mul(mask);
  }
}

/** Layers applied in order; parameters are named '0.weight', '0.bias', … as nn.Sequential. */
export class Sequential extends Module {
  readonly layers: Module[];
  /** Fitted on the training data by fit(); saved with the model and applied by predict(). */
  normalizer: Normalizer | null = null;

  constructor(...layers: Module[]) {
    super();
    layers.forEach((layer, i) => {
      if (!(layer instanceof Module)) {
        throw new TypeError(`Sequential: expected layer ${i} to be a Module, got ${describe(layer)}`);
      }
      this.registerModule(String(i), layer);
    });
    this.layers = layers;
  }

  label(): string {
    return `Sequential(${this.layers.length} layers)`;
  }

  /** The model as lib/io's plain description plus parameters named as nn.Sequential's state_dict. */
  toDescription(): { description: ModelDescription; tensors: NamedTensors } {
    const description: ModelDescription = {
      format: 'chainrule',
      formatVersion: FORMAT_VERSION,
      kind: 'sequential',
      layers: this.layers.map((layer, i) => {
        const d = layer.describe();
        if (d === null) throw new TypeError(`Sequential: layer ${i} (${layer.label()}) has no saved form`);
        return d;
      }),
    };
    if (this.normalizer) description.normalizer = this.normalizer.toJSON();
    return { description, tensors: this.stateDict() };
  }

  /** Standalone inference code with the weights embedded (brain.js's toFunction): source text. */
  toFunctionSource(opts?: FunctionSourceOptions): string {
    const { description, tensors } = this.toDescription();
    return toFunctionSource(description, tensors, opts);
  }

  /**
   * The model as a plain JS function predict(input, batch?) → Float32Array that needs no
   * chainrule; its toString() is the standalone source (raw inputs: apply any normalizer first).
   */
  toFunction(): ((input: number[] | number[][] | Float32Array, batch?: number) => Float32Array) & { source: string } {
    const source = this.toFunctionSource();
    const predict = new Function(`${source}\nreturn predict;`)() as ((
      input: number[] | number[][] | Float32Array,
      batch?: number,
    ) => Float32Array) & { source: string };
    predict.source = source;
    predict.toString = () => source;
    return predict;
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const layer of this.layers) h = layer.forward(h);
    return h;
  }
}
