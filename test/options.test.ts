// Unknown option keys are errors that suggest the nearest valid key, everywhere options are
// taken: a typo must never train silently with the defaults.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { data, fitSync, nn, optim, tensor, zeros } from '../lib/index.js';
import { nearest } from '../lib/options.js';

describe('options are checked', () => {
  const model = () => nn.sequential(nn.dense(2, 1));
  const x = [
    [0, 1],
    [1, 0],
  ];
  const y = [[1], [0]];

  it.each([
    ['learningRate', 'lr'],
    ['validation_split', 'validationSplit'],
    ['epoch', 'epochs'],
    ['batch_size', 'batchSize'],
  ])('fit: %s suggests %s', (key, guess) => {
    expect(() => fitSync(model(), { x, y }, { [key]: 0.1, verbose: 0 } as never)).toThrow(
      new RegExp(`fitSync: unknown option '${key}'; did you mean '${guess}'\\?`),
    );
  });

  it('a key with no near neighbour lists the valid ones', () => {
    expect(() => fitSync(model(), { x, y }, { classWeight: 'balanced', verbose: 0 } as never)).toThrow(
      /fitSync: unknown option 'classWeight' \(expected one of epochs, batchSize/,
    );
  });

  it('tensor factories, layers, batches, optimizers and CSV reading', () => {
    expect(() => tensor([1, 2], { requiresgrad: true } as never)).toThrow(
      /tensor: unknown option 'requiresgrad'; did you mean 'requiresGrad'\?/,
    );
    expect(() => zeros([2], { dtype: 'float64' } as never)).toThrow(/zeros: unknown option 'dtype'/);
    expect(() => nn.dense(2, 3, { activaton: 'relu' } as never)).toThrow(
      /Dense: unknown option 'activaton'; did you mean 'activation'\?/,
    );
    const m = data.fromArrays(x);
    expect(() => [...data.batches(m, m, { batchSize: 1, suffle: true } as never)]).toThrow(
      /batches: unknown option 'suffle'; did you mean 'shuffle'\?/,
    );
    expect(() => optim.sgd(model().parameters(), { learning_rate: 0.1 } as never)).toThrow(
      /sgd: unknown option 'learning_rate'; did you mean 'lr'\?/,
    );
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'chainrule-options-')), 'a.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    expect(() => data.readCsv(file, { labelColumn: 'b' } as never)).toThrow(/unknown option 'labelColumn'/);
    expect(() => data.readCsv(file, { lable: 'b' } as never)).toThrow(/did you mean 'label'\?/);
  });

  it('an options argument that is not an object is an error', () => {
    expect(() => tensor([1], 5 as never)).toThrow(/tensor: expected an options object, got/);
  });

  it('nearest: case, separators, synonyms and edit distance', () => {
    expect(nearest('LR', ['lr', 'epochs'])).toBe('lr');
    expect(nearest('drop_last', ['dropLast'])).toBe('dropLast');
    expect(nearest('zzzzzz', ['lr', 'epochs'])).toBeNull();
  });
});
