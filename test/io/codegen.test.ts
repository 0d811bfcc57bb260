import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { type LayerDescription, toFunctionSource } from '../../lib/io/index.js';
import { dense, maxAbsDiff, randomModel, randomTensor, referenceForward, seededRandom } from './reference.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-codegen-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const layers: LayerDescription[] = [
  dense(6, 10, 'relu'),
  dense(10, 9, 'sigmoid'),
  dense(9, 8, 'tanh'),
  { type: 'dropout', p: 0.3 },
  dense(8, 8, 'leakyRelu', { alpha: 0.15 }),
  dense(8, 7, 'elu'),
  dense(7, 7, 'gelu', { bias: false }),
  dense(7, 5, 'softplus'),
  dense(5, 4),
  { type: 'activation', activation: 'softmax' },
];
const { description, tensors } = randomModel(layers, 11);
const batch = 9;
const input = randomTensor([batch, 6], seededRandom(5), 2).data;
const want = referenceForward(description, tensors, input, batch);

/** Runs `script` in a fresh node (no loader, no chainrule on any path) and parses its stdout. */
function runNode(args: string[]): number[] {
  const out = execFileSync(process.execPath, args, { cwd: tmp, encoding: 'utf8', env: { PATH: process.env.PATH } });
  return JSON.parse(out);
}

describe('toFunctionSource: standalone predict()', () => {
  it('require()d in a fresh node process, it matches the float64 reference within 1e-5', () => {
    const file = path.join(tmp, 'model.js');
    fs.writeFileSync(file, toFunctionSource(description, tensors));
    const script = `
      const predict = require('./model.js');
      const input = ${JSON.stringify(Array.from(input))};
      const out = predict(input, ${batch});
      if (!(out instanceof Float32Array) || predict.predict !== predict) throw new Error('bad export');
      console.log(JSON.stringify(Array.from(out)));`;
    const got = runNode(['-e', script]);
    expect(got).toHaveLength(batch * 4);
    expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-5);
  });

  it("imported as an ES module ({ format: 'esm' }) it gives the same numbers", () => {
    fs.writeFileSync(path.join(tmp, 'model.mjs'), toFunctionSource(description, tensors, { format: 'esm' }));
    const script = `
      import predict, { predict as named } from './model.mjs';
      if (predict !== named) throw new Error('bad export');
      console.log(JSON.stringify(Array.from(predict(new Float32Array(${JSON.stringify(Array.from(input))})))));`;
    const got = runNode(['--input-type=module', '-e', script]);
    expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-5);
  });

  it('needs nothing: no require/import in the code, and it runs as a plain script', () => {
    const src = toFunctionSource(description, tensors);
    expect(src).not.toMatch(/require\(|import |process\.|Buffer/);
    const sandbox: Record<string, unknown> = {};
    vm.runInNewContext(src, sandbox); // a bare context: no module, no Node globals
    const predict = sandbox.predict as (x: number[][], b?: number) => Float32Array;
    const rows = Array.from({ length: batch }, (_, r) => Array.from(input.subarray(r * 6, (r + 1) * 6)));
    expect(maxAbsDiff(predict(rows), want)).toBeLessThanOrEqual(1e-5);
    expect((predict as unknown as { inputSize: number; outputSize: number }).outputSize).toBe(4);
  });

  it('checks the input length', () => {
    const sandbox: Record<string, unknown> = {};
    vm.runInNewContext(toFunctionSource(description, tensors), sandbox);
    const predict = sandbox.predict as (x: number[], b?: number) => Float32Array;
    expect(() => predict([1, 2, 3])).toThrow('predict: expected input of batch × 6 numbers, got 3');
    expect(() => predict(new Array(12).fill(0), 3)).toThrow(
      'predict: expected input of batch × 6 numbers, got 12 for batch 3',
    );
    expect(predict(new Array(12).fill(0))).toHaveLength(8);
  });

  it('embeds the weights exactly (base64 float32, little-endian)', () => {
    const src = toFunctionSource(description, tensors);
    const b64 = Buffer.from(tensors['0.weight'].data.buffer).toString('base64');
    expect(src).toContain(JSON.stringify(b64));
    expect(src).toContain('// dense 6→10 relu, dense 10→9 sigmoid');
  });
});
