// The plain, engine-independent picture of a model that lib/io reads and writes: a JSON
// description (layers, activations, widths) plus named float32 tensors. Sequential models
// produce and consume exactly these, so lib/io never needs the Tensor class.
//
// Parameter names follow PyTorch's nn.Sequential state_dict: layer i's weight is
// `${i}.weight` with shape [out, in] (as nn.Linear, y = x·Wᵀ + b) and its bias `${i}.bias`,
// so a torch MLP's safetensors file loads without renames or transposes.

export type NamedTensors = Record<string, { shape: number[]; data: Float32Array }>;

export interface DenseLayerDescription {
  type: 'dense';
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
  /** identity|relu|sigmoid|tanh|leakyRelu|elu|gelu|softplus|softmax, applied after x·Wᵀ + b. */
  activation: string;
  /** leakyRelu slope (default 0.01, as torch) or elu scale (default 1). */
  alpha?: number;
  init?: string;
}
export interface ActivationLayerDescription {
  type: 'activation';
  activation: string;
  alpha?: number;
}
export interface DropoutLayerDescription {
  type: 'dropout';
  p: number;
}
export type LayerDescription = DenseLayerDescription | ActivationLayerDescription | DropoutLayerDescription;

export interface ModelDescription {
  format: 'chainrule';
  formatVersion: 1;
  kind: 'sequential';
  layers: LayerDescription[];
  normalizer?: unknown;
  meta?: Record<string, unknown>;
}

export const FORMAT_VERSION = 1;

export const activationNames = [
  'identity',
  'relu',
  'sigmoid',
  'tanh',
  'leakyRelu',
  'elu',
  'gelu',
  'softplus',
  'softmax',
] as const;
export type IoActivationName = (typeof activationNames)[number];

/** The alpha an activation uses when the description leaves it out (torch's defaults). */
export function defaultAlpha(activation: string): number {
  return activation === 'leakyRelu' ? 0.01 : 1;
}

/** An error in a model file or description: `load(<file>): <fault>` (or `save(…)`). */
export class ModelFormatError extends Error {
  constructor(
    readonly file: string,
    readonly fault: string,
    readonly op: 'load' | 'save' = 'load',
  ) {
    super(`${op}(${file}): ${fault}`);
    this.name = 'ModelFormatError';
  }
}

const topLevelKeys = new Set(['format', 'formatVersion', 'kind', 'layers', 'normalizer', 'meta']);
const layerKeys: Record<string, Set<string>> = {
  dense: new Set(['type', 'inFeatures', 'outFeatures', 'bias', 'activation', 'alpha', 'init']),
  activation: new Set(['type', 'activation', 'alpha']),
  dropout: new Set(['type', 'p']),
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/**
 * Checks that `value` is a ModelDescription this version can run: known format, version,
 * kind, layer types and activations; positive integer widths; each dense layer's
 * inFeatures equal to the previous dense layer's outFeatures. Throws ModelFormatError
 * naming `file` and the first fault; returns the value typed on success.
 */
export function validateDescription(
  value: unknown,
  file = 'model description',
  op: 'load' | 'save' = 'load',
): ModelDescription {
  const fail: (fault: string) => never = (fault) => {
    throw new ModelFormatError(file, fault, op);
  };
  if (!isPlainObject(value)) fail(`expected the model description to be a JSON object, got ${describe(value)}`);
  const d = value as Record<string, unknown>;
  if (d.format !== 'chainrule') fail(`expected format "chainrule", got ${describe(d.format)}`);
  if (typeof d.formatVersion !== 'number' || !Number.isInteger(d.formatVersion))
    fail(`expected an integer formatVersion, got ${describe(d.formatVersion)}`);
  if ((d.formatVersion as number) > FORMAT_VERSION)
    fail(`formatVersion ${d.formatVersion} was written by a newer chainrule; this version reads ${FORMAT_VERSION}`);
  if (d.formatVersion !== FORMAT_VERSION) fail(`expected formatVersion ${FORMAT_VERSION}, got ${d.formatVersion}`);
  if (d.kind !== 'sequential') fail(`expected kind "sequential", got ${describe(d.kind)}`);
  for (const key of Object.keys(d)) if (!topLevelKeys.has(key)) fail(`unknown key "${key}" in the model description`);
  if (d.meta !== undefined && !isPlainObject(d.meta)) fail(`expected meta to be an object, got ${describe(d.meta)}`);
  if (!Array.isArray(d.layers)) fail(`expected layers to be an array, got ${describe(d.layers)}`);
  const layers = d.layers as unknown[];
  if (layers.length === 0) fail('expected at least one layer, got an empty layers array');

  let width: number | null = null; // the running feature width, known after the first dense layer
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const at = `layer ${i}`;
    if (!isPlainObject(layer)) fail(`${at}: expected an object, got ${describe(layer)}`);
    const keys = layerKeys[layer.type as string];
    if (keys === undefined)
      fail(`${at}: unknown layer type ${describe(layer.type)} (known: dense, activation, dropout)`);
    for (const key of Object.keys(layer)) if (!keys.has(key)) fail(`${at} (${layer.type}): unknown key "${key}"`);
    if (layer.type === 'dropout') {
      const p = layer.p;
      if (typeof p !== 'number' || !(p >= 0 && p < 1))
        fail(`${at} (dropout): expected p in [0, 1), got ${describe(p)}`);
      continue;
    }
    checkActivation(layer, at, fail);
    if (layer.type === 'activation') continue;
    if (!isPositiveInteger(layer.inFeatures))
      fail(`${at} (dense): expected inFeatures to be a positive integer, got ${describe(layer.inFeatures)}`);
    if (!isPositiveInteger(layer.outFeatures))
      fail(`${at} (dense): expected outFeatures to be a positive integer, got ${describe(layer.outFeatures)}`);
    if (typeof layer.bias !== 'boolean')
      fail(`${at} (dense): expected bias true or false, got ${describe(layer.bias)}`);
    if (layer.init !== undefined && typeof layer.init !== 'string')
      fail(`${at} (dense): expected init to be a string, got ${describe(layer.init)}`);
    if (width !== null && layer.inFeatures !== width)
      fail(
        `${at} (dense): inFeatures ${layer.inFeatures} does not match the previous dense layer's outFeatures ${width}`,
      );
    width = layer.outFeatures as number;
  }
  if (width === null) fail('expected at least one dense layer (the input width is unknown otherwise)');
  return value as unknown as ModelDescription;
}

function checkActivation(layer: Record<string, unknown>, at: string, fail: (fault: string) => never): void {
  if (!(activationNames as readonly unknown[]).includes(layer.activation))
    fail(
      `${at} (${layer.type}): unknown activation ${describe(layer.activation)} (known: ${activationNames.join(', ')})`,
    );
  if (layer.alpha !== undefined && (typeof layer.alpha !== 'number' || !Number.isFinite(layer.alpha)))
    fail(`${at} (${layer.type}): expected alpha to be a finite number, got ${describe(layer.alpha)}`);
}

/** The tensors a description needs, in layer order: `${i}.weight` [out, in], `${i}.bias` [out]. */
export function expectedTensorShapes(description: ModelDescription): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  description.layers.forEach((layer, i) => {
    if (layer.type !== 'dense') return;
    shapes.set(`${i}.weight`, [layer.outFeatures, layer.inFeatures]);
    if (layer.bias) shapes.set(`${i}.bias`, [layer.outFeatures]);
  });
  return shapes;
}

/** The model's input and output widths (first dense inFeatures, last dense outFeatures). */
export function modelWidths(description: ModelDescription): { inFeatures: number; outFeatures: number } {
  const dense = description.layers.filter((l): l is DenseLayerDescription => l.type === 'dense');
  return { inFeatures: dense[0].inFeatures, outFeatures: dense[dense.length - 1].outFeatures };
}

/**
 * Checks that `tensors` holds exactly the tensors the description needs, each with the
 * right shape and a Float32Array of product(shape) elements: no missing, no extras.
 */
export function validateTensors(
  description: ModelDescription,
  tensors: NamedTensors,
  file = 'model tensors',
  op: 'load' | 'save' = 'load',
): void {
  const fail = (fault: string): never => {
    throw new ModelFormatError(file, fault, op);
  };
  const expected = expectedTensorShapes(description);
  for (const [name, shape] of expected) {
    const t = tensors[name];
    if (t === undefined) {
      const layer = Number(name.split('.')[0]);
      fail(`missing tensor '${name}' [${shape}] for layer ${layer} (dense)`);
    }
    if (!Array.isArray(t.shape) || t.shape.length !== shape.length || t.shape.some((s, k) => s !== shape[k]))
      fail(`tensor '${name}' has shape [${t.shape}], the description needs [${shape}]`);
    if (!(t.data instanceof Float32Array) || t.data.length !== shape[0] * (shape[1] ?? 1))
      fail(
        `tensor '${name}' [${shape}] needs a Float32Array of ${shape[0] * (shape[1] ?? 1)} elements, got ${describe(t.data)}`,
      );
  }
  const extras = Object.keys(tensors).filter((name) => !expected.has(name));
  if (extras.length > 0)
    fail(
      `unexpected tensor${extras.length > 1 ? 's' : ''} ${extras.map((n) => `'${n}'`).join(', ')} (not in the description)`,
    );
}

/** A short, safe rendering of a value for error messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as { length: number }).length})`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
