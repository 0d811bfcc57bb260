import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { noGrad } from '../../lib/autograd.js';
import { standardize } from '../../lib/data/normalize.js';
import { randn, tensor } from '../../lib/factories.js';
import { load, save, toOnnx } from '../../lib/io/model.js';
import * as nn from '../../lib/nn/index.js';
import { manualSeed } from '../../lib/random.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-model-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function makeModel() {
  manualSeed(21);
  return nn.sequential(
    nn.dense(4, 8, { activation: 'leakyRelu', alpha: 0.2 }),
    nn.dropout(0.3),
    nn.dense(8, 6, { activation: 'tanh', init: 'xavierNormal' }),
    nn.gelu(),
    nn.dense(6, 3, { bias: false }),
    nn.softmax(),
  );
}

describe('save / load', () => {
  it('round-trips layers, activations, weights and the normalizer; predictions are identical', () => {
    const model = makeModel();
    const norm = standardize();
    norm.fit({ data: new Float32Array([1, 2, 3, 4, 2, 4, 6, 9]), shape: [2, 4] });
    model.normalizer = norm;
    const target = path.join(dir, 'm1');
    save(model, target, { meta: { epochs: 3 } });
    expect(fs.readdirSync(target).sort()).toEqual(['model.json', 'model.safetensors']);
    const loaded = load(target);
    expect(loaded.layers.map((l) => l.label())).toEqual(model.layers.map((l) => l.label()));
    expect(loaded.normalizer?.toJSON()).toEqual(norm.toJSON());
    const x = randn([5, 4]);
    model.eval();
    loaded.eval();
    const a = noGrad(() => model.forward(x));
    const b = noGrad(() => loaded.forward(x));
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    const json = JSON.parse(fs.readFileSync(path.join(target, 'model.json'), 'utf8'));
    expect(json.meta).toEqual({ epochs: 3 });
    expect(json.layers[0]).toMatchObject({ type: 'dense', activation: 'leakyRelu', alpha: 0.2, init: 'auto' });
  });

  it('a corrupt weights file is a clear error naming the file, never a partial model', () => {
    const target = path.join(dir, 'm2');
    save(makeModel(), target);
    const weights = path.join(target, 'model.safetensors');
    fs.truncateSync(weights, fs.statSync(weights).size - 10);
    expect(() => load(target)).toThrow(/load\(.*model\.safetensors\)/);
    expect(() => load(path.join(dir, 'nowhere'))).toThrow(/is not a saved chainrule model/);
  });
});

describe('toFunction and ONNX from a model', () => {
  it('toFunction() runs without chainrule and matches forward', () => {
    const model = makeModel().eval();
    const predict = model.toFunction();
    const x = randn([3, 4]);
    const want = noGrad(() => model.forward(x));
    const got = predict(x.data, 3);
    for (let i = 0; i < want.size; i++) expect(Math.abs(got[i] - want.data[i])).toBeLessThan(1e-5);
    expect(String(predict)).toContain('standalone inference, no dependencies');
  });

  it('the ONNX export runs in onnxruntime and matches forward within 1e-5', async () => {
    const model = makeModel().eval();
    const session = await ort.InferenceSession.create(toOnnx(model));
    const x = tensor([
      [0.1, -0.2, 0.3, 0.4],
      [1.5, 0.5, -1, 2],
    ]);
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', x.data, [2, 4]) };
    const out = (await session.run(feeds))[session.outputNames[0]].data as Float32Array;
    const want = noGrad(() => model.forward(x));
    for (let i = 0; i < want.size; i++) expect(Math.abs(out[i] - want.data[i])).toBeLessThan(1e-5);
  });
});
