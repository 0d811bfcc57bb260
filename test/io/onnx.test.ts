import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeOnnx, exportOnnx, type LayerDescription, saveOnnx } from '../../lib/io/index.js';
import { dense, maxAbsDiff, randomModel, randomTensor, referenceForward, seededRandom } from './reference.js';

/** The decoded ModelProto fields these tests read (decodeOnnx: int64 → number, enums → names). */
interface ValueInfo {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: { dim_param?: string; dim_value?: number }[] } } };
}
interface OnnxNode {
  input: string[];
  output: string[];
  op_type: string;
  attribute: { name: string; type: string; f?: number; i?: number }[];
}
interface Initializer {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  float_data?: number[];
}
interface Model {
  ir_version: number;
  opset_import: { domain: string; version: number }[];
  producer_name: string;
  graph: { input: ValueInfo[]; output: ValueInfo[]; node: OnnxNode[]; initializer: Initializer[] };
  metadata_props: { key: string; value: string }[];
}
const decode = (bytes: Uint8Array) => decodeOnnx(bytes) as unknown as Model;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-onnx-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const models: Record<string, LayerDescription[]> = {
  'every fused activation': [
    dense(5, 16, 'relu'),
    dense(16, 12, 'sigmoid'),
    dense(12, 10, 'tanh'),
    dense(10, 8, 'leakyRelu', { alpha: 0.2 }),
    dense(8, 8, 'elu', { alpha: 0.7 }),
    dense(8, 6, 'gelu'),
    dense(6, 6, 'softplus'),
    dense(6, 4, 'softmax'),
  ],
  'separate activations, dropout, no bias': [
    dense(3, 6, 'identity', { bias: false }),
    { type: 'dropout', p: 0.5 },
    { type: 'activation', activation: 'gelu' },
    { type: 'activation', activation: 'identity' },
    dense(6, 4, 'leakyRelu'),
    { type: 'activation', activation: 'elu' },
    dense(4, 3),
    { type: 'activation', activation: 'softmax' },
  ],
  'one linear layer': [dense(7, 2)],
};

async function runOnnx(bytes: Uint8Array, input: Float32Array, batch: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const width = input.length / batch;
  const result = await session.run({ input: new ort.Tensor('float32', input, [batch, width]) });
  expect(result.output.dims).toEqual([batch, result.output.data.length / batch]);
  return result.output.data as Float32Array;
}

describe.each(Object.keys(models))('ONNX export in onnxruntime-node: %s', (name) => {
  const { description, tensors } = randomModel(models[name], name.length);
  const inFeatures = (models[name][0] as { inFeatures: number }).inFeatures;

  it.each([13, 17, 20])('opset %i matches the float64 reference within 1e-5 at batch 1, 5 and 33', async (opset) => {
    const bytes = exportOnnx(description, tensors, { opset });
    const rand = seededRandom(opset);
    for (const batch of [1, 5, 33]) {
      const input = randomTensor([batch, inFeatures], rand, 2).data;
      const got = await runOnnx(bytes, input, batch);
      const want = referenceForward(description, tensors, input, batch);
      expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-5);
    }
  });
});

describe('ONNX structure, decoded with the schema', () => {
  const { description, tensors } = randomModel(models['every fused activation'], 3);

  it('is a ModelProto with the expected opset, IR version, I/O, nodes and initializers', () => {
    const model = decode(exportOnnx(description, tensors, { opset: 17 }));
    expect(model.ir_version).toBe(8);
    expect(model.opset_import).toEqual([{ domain: '', version: 17 }]);
    expect(model.producer_name).toBe('chainrule');
    const g = model.graph;
    const shape = (v: ValueInfo) => v.type.tensor_type.shape.dim.map((d) => d.dim_param ?? d.dim_value);
    expect(g.input.map((v) => [v.name, v.type.tensor_type.elem_type, shape(v)])).toEqual([['input', 1, ['batch', 5]]]);
    expect(g.output.map((v) => [v.name, shape(v)])).toEqual([['output', ['batch', 4]]]);
    expect(g.node.map((n) => n.op_type)).toEqual([
      ...['Gemm', 'Relu', 'Gemm', 'Sigmoid', 'Gemm', 'Tanh', 'Gemm', 'LeakyRelu', 'Gemm', 'Elu'],
      ...['Gemm', 'Mul', 'Erf', 'Add', 'Mul', 'Mul'], // gelu as 0.5·x·(1 + erf(x/√2)) below opset 20
      ...['Gemm', 'Softplus', 'Gemm', 'Softmax'],
    ]);
    const gemm = g.node[0];
    expect(gemm.input).toEqual(['input', '0.weight', '0.bias']);
    expect(gemm.attribute).toEqual([{ name: 'transB', type: 'INT', i: 1 }]);
    // Each node consumes the previous one's output; the last one writes 'output'.
    expect(g.node[1].input).toEqual(['0.gemm']);
    expect(g.node[g.node.length - 1].output).toEqual(['output']);
    const attr = (op: string) => g.node.find((n) => n.op_type === op)!.attribute[0];
    expect(attr('LeakyRelu')).toMatchObject({ name: 'alpha', type: 'FLOAT', f: Math.fround(0.2) });
    expect(attr('Elu')).toMatchObject({ name: 'alpha', type: 'FLOAT', f: Math.fround(0.7) });
    expect(attr('Softmax')).toEqual({ name: 'axis', type: 'INT', i: -1 });
    const init = g.initializer.find((t) => t.name === '3.weight')!;
    expect(init.dims).toEqual([8, 10]);
    expect(init.data_type).toBe(1);
    const raw = Buffer.from(init.raw_data!);
    expect(Array.from(new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4))).toEqual(
      Array.from(tensors['3.weight'].data),
    );
    const meta = model.metadata_props.find((p) => p.key === 'chainrule.description')!;
    expect(JSON.parse(meta.value)).toEqual(description);
  });

  it('uses the Gelu op from opset 20 and float_data on request', async () => {
    const bytes = exportOnnx(description, tensors, { opset: 20, floatData: true });
    const g = decode(bytes).graph;
    expect(g.node.filter((n) => n.op_type === 'Gelu')).toHaveLength(1);
    expect(g.node.some((n) => n.op_type === 'Erf')).toBe(false);
    const init = g.initializer.find((t) => t.name === '0.bias')!;
    expect(init.raw_data).toBeUndefined();
    expect(init.float_data).toEqual(Array.from(tensors['0.bias'].data));
    const input = randomTensor([4, 5], seededRandom(9), 2).data;
    expect(
      maxAbsDiff(await runOnnx(bytes, input, 4), referenceForward(description, tensors, input, 4)),
    ).toBeLessThanOrEqual(1e-5);
  });

  it('saveOnnx writes a file onnxruntime loads by path', async () => {
    const file = path.join(tmp, 'model.onnx');
    saveOnnx(file, description, tensors);
    expect(fs.readdirSync(tmp)).toEqual(['model.onnx']);
    const session = await ort.InferenceSession.create(file);
    expect(session.inputNames).toEqual(['input']);
    expect(session.outputNames).toEqual(['output']);
  });

  it('refuses an opset below 13 and an invalid model', () => {
    expect(() => exportOnnx(description, tensors, { opset: 12 })).toThrow(
      'save(onnx export): expected opset in 13…21, got 12',
    );
    const { '0.bias': _, ...missing } = tensors;
    expect(() => exportOnnx(description, missing)).toThrow(/save\(onnx export\): missing tensor '0\.bias'/);
  });
});
