// ONNX export of a dense Sequential model: one Gemm per dense layer (transB=1, since weights
// are [out, in] as nn.Linear: Y = X·Wᵀ + b) followed by its activation node. The batch
// dimension is symbolic ("batch"), so any batch size runs. Weights go in as initializers
// named like the PyTorch state_dict (`0.weight`), raw little-endian float32.
import { writeFileAtomic } from './atomic.js';
import {
  defaultAlpha,
  type ModelDescription,
  ModelFormatError,
  modelWidths,
  type NamedTensors,
  validateDescription,
  validateTensors,
} from './description.js';
import { float32Bytes } from './dtypes.js';
import { ONNX_FLOAT, onnxRoot } from './onnx-schema.js';

export interface OnnxExportOptions {
  /** ai.onnx opset, 13…21 (default 17). Gelu is one node from opset 20, else 0.5·x·(1 + erf(x/√2)). */
  opset?: number;
  /** Weights as float_data instead of raw_data (larger files; some old readers want it). */
  floatData?: boolean;
  producerVersion?: string;
}

export const MIN_OPSET = 13; // Softmax(axis) means "along one axis" from 13 on
export const MAX_OPSET = 21;

/** The IR version that shipped with each opset (ONNX 1.8 → IR 7/opset 13, …, 1.16 → IR 10/opset 21). */
function irVersionFor(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

interface Node {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  attribute?: object[];
}

interface Initializer {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  float_data?: number[];
}

const floatAttribute = (name: string, f: number) => ({ name, type: 'FLOAT', f });
const intAttribute = (name: string, i: number) => ({ name, type: 'INT', i });

const simpleOps: Record<string, string> = {
  identity: 'Identity',
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  softplus: 'Softplus',
};

/** Builds the ONNX ModelProto bytes for a dense Sequential description and its tensors. */
export function exportOnnx(
  description: ModelDescription,
  tensors: NamedTensors,
  options: OnnxExportOptions = {},
): Uint8Array {
  const label = 'onnx export';
  validateDescription(description, label, 'save');
  validateTensors(description, tensors, label, 'save');
  const opset = options.opset ?? 17;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET)
    throw new ModelFormatError(label, `expected opset in ${MIN_OPSET}…${MAX_OPSET}, got ${opset}`, 'save');

  const nodes: Node[] = [];
  const initializers: Initializer[] = [];
  const addInitializer = (name: string, dims: number[], data: Float32Array) => {
    initializers.push(
      options.floatData
        ? { name, dims, data_type: ONNX_FLOAT, float_data: Array.from(data) }
        : { name, dims, data_type: ONNX_FLOAT, raw_data: float32Bytes(data) },
    );
  };
  let geluConstants = false;
  const activation = (act: string, alpha: number | undefined, x: string, at: string): string => {
    const y = `${at}.${act}`;
    const a = alpha ?? defaultAlpha(act);
    if (act in simpleOps) {
      nodes.push({ input: [x], output: [y], name: y, op_type: simpleOps[act] });
    } else if (act === 'leakyRelu') {
      nodes.push({ input: [x], output: [y], name: y, op_type: 'LeakyRelu', attribute: [floatAttribute('alpha', a)] });
    } else if (act === 'elu') {
      nodes.push({ input: [x], output: [y], name: y, op_type: 'Elu', attribute: [floatAttribute('alpha', a)] });
    } else if (act === 'softmax') {
      nodes.push({ input: [x], output: [y], name: y, op_type: 'Softmax', attribute: [intAttribute('axis', -1)] });
    } else if (opset >= 20) {
      nodes.push({ input: [x], output: [y], name: y, op_type: 'Gelu' }); // approximate="none": the erf form
    } else {
      // gelu(x) = 0.5·x·(1 + erf(x/√2)), the exact form PyTorch and the Gelu op use
      if (!geluConstants) {
        addInitializer('gelu.inv_sqrt2', [], new Float32Array([Math.SQRT1_2]));
        addInitializer('gelu.one', [], new Float32Array([1]));
        addInitializer('gelu.half', [], new Float32Array([0.5]));
        geluConstants = true;
      }
      const op = (op_type: string, input: string[], output: string) =>
        nodes.push({ input, output: [output], name: output, op_type });
      op('Mul', [x, 'gelu.inv_sqrt2'], `${y}.scaled`);
      op('Erf', [`${y}.scaled`], `${y}.erf`);
      op('Add', [`${y}.erf`, 'gelu.one'], `${y}.cdf2`);
      op('Mul', [x, `${y}.cdf2`], `${y}.x_cdf2`);
      op('Mul', [`${y}.x_cdf2`, 'gelu.half'], y);
    }
    return y;
  };

  let current = 'input';
  description.layers.forEach((layer, i) => {
    if (layer.type === 'dropout') return; // identity at inference
    if (layer.type === 'activation') {
      current = activation(layer.activation, layer.alpha, current, `${i}`);
      return;
    }
    const weight = `${i}.weight`;
    addInitializer(weight, [layer.outFeatures, layer.inFeatures], tensors[weight].data);
    const input = [current, weight];
    if (layer.bias) {
      input.push(`${i}.bias`);
      addInitializer(`${i}.bias`, [layer.outFeatures], tensors[`${i}.bias`].data);
    }
    const output = `${i}.gemm`;
    nodes.push({ input, output: [output], name: output, op_type: 'Gemm', attribute: [intAttribute('transB', 1)] });
    current = layer.activation === 'identity' ? output : activation(layer.activation, layer.alpha, output, `${i}`);
  });
  // The graph's output is the last node's output (`current`, which nothing consumes), renamed.
  nodes[nodes.length - 1].output = ['output'];

  const { inFeatures, outFeatures } = modelWidths(description);
  const valueInfo = (name: string, width: number) => ({
    name,
    type: { tensor_type: { elem_type: ONNX_FLOAT, shape: { dim: [{ dim_param: 'batch' }, { dim_value: width }] } } },
  });
  const model = {
    ir_version: irVersionFor(opset),
    opset_import: [{ domain: '', version: opset }],
    producer_name: 'chainrule',
    producer_version: options.producerVersion ?? '',
    graph: {
      name: 'chainrule_sequential',
      node: nodes,
      initializer: initializers,
      input: [valueInfo('input', inFeatures)],
      output: [valueInfo('output', outFeatures)],
    },
    metadata_props: [{ key: 'chainrule.description', value: JSON.stringify(description) }],
  };
  const ModelProto = onnxRoot().lookupType('onnx.ModelProto');
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/** Exports and writes the model atomically to `path` (conventionally *.onnx). */
export function saveOnnx(
  path: string,
  description: ModelDescription,
  tensors: NamedTensors,
  options: OnnxExportOptions = {},
): void {
  writeFileAtomic(path, exportOnnx(description, tensors, options));
}

/** Decodes ONNX ModelProto bytes (our schema subset) into a plain object: int64 as numbers, enums as names. */
export function decodeOnnx(bytes: Uint8Array): Record<string, unknown> {
  const ModelProto = onnxRoot().lookupType('onnx.ModelProto');
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, enums: String, oneofs: false });
}
