import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadModelFiles,
  type ModelDescription,
  ModelFormatError,
  type NamedTensors,
  saveModelFiles,
  validateDescription,
  writeSafetensors,
} from '../../lib/io/index.js';
import { dense, randomModel } from './reference.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-model-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = () => path.join(tmp, `m${++dirCount}`);

const mlp = () =>
  randomModel([
    dense(4, 8, 'relu', { init: 'heNormal' }),
    { type: 'dropout', p: 0.1 },
    dense(8, 6, 'leakyRelu', { alpha: 0.2 }),
    { type: 'activation', activation: 'tanh' },
    { type: 'dense', inFeatures: 6, outFeatures: 3, bias: false, activation: 'softmax' },
  ]);

describe('saveModelFiles / loadModelFiles', () => {
  it('round-trips description and tensors exactly; the directory holds model.json + model.safetensors', () => {
    const { description, tensors } = mlp();
    const described = { ...description, normalizer: { mean: [0, 1, 2, 3], std: [1, 1, 1, 1] }, meta: { epochs: 3 } };
    const dir = freshDir();
    saveModelFiles(dir, described, tensors);
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'model.safetensors']);
    const loaded = loadModelFiles(dir);
    expect(loaded.description).toEqual(described);
    expect(Object.keys(loaded.tensors)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '4.weight']);
    for (const [name, t] of Object.entries(tensors)) {
      expect(loaded.tensors[name].shape).toEqual(t.shape);
      expect(Array.from(loaded.tensors[name].data)).toEqual(Array.from(t.data));
    }
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.formatVersion).toBe(1);
    expect(json.weights.file).toBe('model.safetensors');
    expect(json.weights.bytes).toBe(fs.statSync(path.join(dir, 'model.safetensors')).size);
    expect(json.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('overwrites a previous save in place', () => {
    const dir = freshDir();
    saveModelFiles(dir, mlp().description, mlp().tensors);
    const small = randomModel([dense(2, 1, 'sigmoid')], 7);
    saveModelFiles(dir, small.description, small.tensors);
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'model.safetensors']);
    expect(loadModelFiles(dir).description).toEqual(small.description);
  });

  it('loads a hand-written model.json next to a torch-style safetensors file (no weights record)', () => {
    const dir = freshDir();
    fs.mkdirSync(dir);
    const description = {
      format: 'chainrule',
      formatVersion: 1,
      kind: 'sequential',
      layers: [dense(3, 2, 'identity'), { type: 'activation', activation: 'relu' }],
    };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(description));
    writeSafetensors(path.join(dir, 'model.safetensors'), {
      '0.bias': { shape: [2], data: new Float32Array([1, 2]) },
      '0.weight': { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
    });
    const loaded = loadModelFiles(dir);
    expect(Array.from(loaded.tensors['0.weight'].data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses to save an invalid model and writes nothing', () => {
    const { description, tensors } = mlp();
    const dir = freshDir();
    const { '0.bias': _dropped, ...missing } = tensors;
    expect(() => saveModelFiles(dir, description, missing)).toThrow(
      `save(${dir}): missing tensor '0.bias' [8] for layer 0 (dense)`,
    );
    const extra = { ...tensors, '1.weight': { shape: [1], data: new Float32Array(1) } };
    expect(() => saveModelFiles(dir, description, extra)).toThrow(
      /unexpected tensor '1\.weight' \(not in the description\)/,
    );
    const bad = { ...description, layers: [dense(4, 8, 'swish')] } as ModelDescription;
    expect(() => saveModelFiles(dir, bad, tensors)).toThrow(/layer 0 \(dense\): unknown activation "swish"/);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('loadModelFiles faults: clear errors, never a partial model', () => {
  function savedCopy(): { dir: string; description: ModelDescription; tensors: NamedTensors } {
    const { description, tensors } = mlp();
    const dir = freshDir();
    saveModelFiles(dir, description, tensors);
    return { dir, description, tensors };
  }
  const editJson = (dir: string, edit: (json: Record<string, unknown>) => void) => {
    const file = path.join(dir, 'model.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    edit(json);
    fs.writeFileSync(file, JSON.stringify(json));
  };

  it('a directory without model.json', () => {
    const dir = freshDir();
    expect(() => loadModelFiles(dir)).toThrow(
      `load(${path.join(dir, 'model.json')}): no such file: ${dir} is not a saved chainrule model`,
    );
  });

  it('model.json that is not JSON', () => {
    const { dir } = savedCopy();
    fs.writeFileSync(path.join(dir, 'model.json'), '{"format": "chainrule",');
    expect(() => loadModelFiles(dir)).toThrow(/model\.json\): not valid JSON/);
  });

  it('weights from another save (interrupted between the two renames)', () => {
    const { dir, tensors } = savedCopy();
    const changed = { ...tensors, '0.bias': { shape: [8], data: new Float32Array(8).fill(1) } };
    writeSafetensors(path.join(dir, 'model.safetensors'), changed, { format: 'pt', producer: 'chainrule' });
    expect(() => loadModelFiles(dir)).toThrow(
      /model\.safetensors\): sha256 [0-9a-f]{64} does not match model\.json's [0-9a-f]{64}/,
    );
  });

  it('a truncated weights file', () => {
    const { dir } = savedCopy();
    const file = path.join(dir, 'model.safetensors');
    fs.truncateSync(file, fs.statSync(file).size - 5);
    expect(() => loadModelFiles(dir)).toThrow(
      /model\.safetensors\): file is \d+ bytes but model\.json records \d+ \(truncated/,
    );
  });

  it('a missing weights file', () => {
    const { dir } = savedCopy();
    fs.unlinkSync(path.join(dir, 'model.safetensors'));
    expect(() => loadModelFiles(dir)).toThrow(/model\.safetensors\): no such file/);
  });

  it('a weights record that points outside the directory', () => {
    const { dir } = savedCopy();
    editJson(dir, (j) => {
      (j.weights as Record<string, unknown>).file = '../elsewhere.safetensors';
    });
    expect(() => loadModelFiles(dir)).toThrow(/expected weights\.file to be a file name in the same directory/);
  });

  function withoutRecord(tensors: NamedTensors, layers: unknown[]): string {
    const dir = freshDir();
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'model.json'),
      JSON.stringify({ format: 'chainrule', formatVersion: 1, kind: 'sequential', layers }),
    );
    writeSafetensors(path.join(dir, 'model.safetensors'), tensors);
    return dir;
  }
  const w = (shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });

  it('a missing tensor', () => {
    const dir = withoutRecord({ '0.weight': w([2, 3]) }, [dense(3, 2)]);
    expect(() => loadModelFiles(dir)).toThrow(
      `load(${path.join(dir, 'model.safetensors')}): missing tensor '0.bias' [2] for layer 0 (dense)`,
    );
  });

  it('an extra tensor', () => {
    const dir = withoutRecord({ '0.weight': w([2, 3]), '0.bias': w([2]), '0.running_mean': w([2]) }, [dense(3, 2)]);
    expect(() => loadModelFiles(dir)).toThrow(/unexpected tensor '0\.running_mean' \(not in the description\)/);
  });

  it('a tensor of the wrong shape (e.g. transposed)', () => {
    const dir = withoutRecord({ '0.weight': w([3, 2]), '0.bias': w([2]) }, [dense(3, 2)]);
    expect(() => loadModelFiles(dir)).toThrow(/tensor '0\.weight' has shape \[3,2\], the description needs \[2,3\]/);
  });
});

describe('validateDescription', () => {
  const base = {
    format: 'chainrule',
    formatVersion: 1,
    kind: 'sequential',
    layers: [dense(3, 4, 'relu'), dense(4, 2)],
  };
  const cases: [string, unknown, RegExp][] = [
    ['not an object', [], /expected the model description to be a JSON object, got an array of 0/],
    ['wrong format', { ...base, format: 'keras' }, /expected format "chainrule", got "keras"/],
    [
      'newer version',
      { ...base, formatVersion: 2 },
      /formatVersion 2 was written by a newer chainrule; this version reads 1/,
    ],
    ['wrong kind', { ...base, kind: 'graph' }, /expected kind "sequential", got "graph"/],
    ['unknown top-level key', { ...base, layer: [] }, /unknown key "layer" in the model description/],
    ['no layers', { ...base, layers: [] }, /expected at least one layer/],
    [
      'only activations',
      { ...base, layers: [{ type: 'activation', activation: 'relu' }] },
      /expected at least one dense layer/,
    ],
    [
      'unknown layer type',
      { ...base, layers: [{ type: 'conv2d' }] },
      /layer 0: unknown layer type "conv2d" \(known: dense, activation, dropout\)/,
    ],
    [
      'unknown activation',
      { ...base, layers: [dense(3, 4, 'swish')] },
      /layer 0 \(dense\): unknown activation "swish" \(known: identity, relu/,
    ],
    [
      'zero features',
      { ...base, layers: [dense(3, 0)] },
      /layer 0 \(dense\): expected outFeatures to be a positive integer, got 0/,
    ],
    [
      'fractional features',
      { ...base, layers: [dense(2.5, 3)] },
      /expected inFeatures to be a positive integer, got 2\.5/,
    ],
    [
      'width mismatch',
      { ...base, layers: [dense(3, 4), { type: 'dropout', p: 0.5 }, dense(5, 2)] },
      /layer 2 \(dense\): inFeatures 5 does not match the previous dense layer's outFeatures 4/,
    ],
    ['bias not boolean', { ...base, layers: [{ ...dense(3, 4), bias: 1 }] }, /expected bias true or false, got 1/],
    [
      'alpha not finite',
      { ...base, layers: [dense(3, 4, 'elu', { alpha: null })] },
      /expected alpha to be a finite number, got null/,
    ],
    [
      'dropout p = 1',
      { ...base, layers: [dense(3, 4), { type: 'dropout', p: 1 }] },
      /layer 1 \(dropout\): expected p in \[0, 1\), got 1/,
    ],
    [
      'typo in a layer key',
      { ...base, layers: [{ ...dense(3, 4), activaton: 'relu' }] },
      /layer 0 \(dense\): unknown key "activaton"/,
    ],
  ];
  it.each(cases)('%s', (_name, value, message) => {
    expect(() => validateDescription(value, 'x/model.json')).toThrow(ModelFormatError);
    expect(() => validateDescription(value, 'x/model.json')).toThrow(/^load\(x\/model\.json\): /);
    expect(() => validateDescription(value, 'x/model.json')).toThrow(message);
  });

  it('accepts a valid description and returns it', () => {
    expect(validateDescription(base)).toBe(base);
  });
});
