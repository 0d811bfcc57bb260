// One tensor type at the surface: everything lib/data returns is a Tensor, so data as read
// goes straight into forward, the losses, tensor() and back through the normalizers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { data, losses, manualSeed, nn, noGrad, predict, Tensor, tensor } from '../../lib/index.js';

describe('lib/data speaks Tensor', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'chainrule-tensors-')), 'd.csv');
  writeFileSync(file, 'a,b,y\n1,2,0.5\n3,4,1.5\n5,6,2.5\n');

  it('readCsv, built-in data sets, fromArrays, oneHot, splits and batches return Tensors', () => {
    const ds = data.readCsv(file);
    expect(ds.x).toBeInstanceOf(Tensor);
    expect(ds.y).toBeInstanceOf(Tensor);
    expect(ds.x.shape).toEqual([3, 2]);
    const spirals = data.loadBuiltin('spirals', { samples: 20, seed: 1 });
    expect(spirals.x).toBeInstanceOf(Tensor);
    expect(data.fromArrays([[1, 2]])).toBeInstanceOf(Tensor);
    expect(data.oneHot([0, 2, 1], 3)).toBeInstanceOf(Tensor);
    const split = data.trainValidationSplit(spirals.x, spirals.y, { validationFraction: 0.25, seed: 0 });
    expect(split.train.x).toBeInstanceOf(Tensor);
    expect(split.validation.y).toBeInstanceOf(Tensor);
    for (const b of data.batches(ds.x, ds.y, { batchSize: 2 })) {
      expect(b.x).toBeInstanceOf(Tensor);
      expect(b.y).toBeInstanceOf(Tensor);
    }
  });

  it('data as read goes into forward, the losses and tensor(); the scaler inverts predict()', () => {
    manualSeed(0);
    const ds = data.readCsv(file);
    const model = nn.sequential(nn.dense(2, 1));
    const loss = losses.mse(model.forward(ds.x), ds.y);
    expect(Number.isFinite(loss.item())).toBe(true);
    const copy = tensor(ds.x);
    expect(copy.toArray()).toEqual(ds.x.toArray());
    copy.data[0] = 99;
    expect(ds.x.data[0]).toBe(1);
    const scaler = data.standardize().fit(ds.y);
    const z = scaler.transform(ds.y);
    expect(z).toBeInstanceOf(Tensor);
    const back = scaler.inverseTransform(noGrad(() => tensor(z)));
    back.data.forEach((v, i) => expect(v).toBeCloseTo(ds.y.data[i], 5));
    const pred = predict(model, ds.x);
    expect(scaler.inverseTransform(pred)).toBeInstanceOf(Tensor);
  });
});
