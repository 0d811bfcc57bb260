// Bad data is a clear error before the first step, naming the entry point and the fault.
import { describe, expect, it } from 'vitest';
import { evaluate, fit, fitSync, predict } from '../../lib/train/index.js';
import { Dense, Sequential } from '../../lib/nn/index.js';
import { tensor } from '../../lib/factories.js';

const model = () => new Sequential(new Dense(2, 8, { activation: 'relu' }), new Dense(8, 3));
const x = [
  [0, 1],
  [1, 0],
  [1, 1],
  [0, 0],
];
const labels = [0, 1, 2, 1];

/** fitSync throws, and the model's weights are untouched (nothing trained). */
function rejects(data: unknown, opts: Record<string, unknown>, message: RegExp) {
  const m = model();
  const before = m.stateDict();
  expect(() => fitSync(m, data as never, { verbose: 0, ...opts })).toThrow(message);
  expect(m.stateDict()).toEqual(before);
}

describe('fit: bad data is an error before training starts', () => {
  it('ragged rows', () =>
    rejects({ x: [[0, 1], [1]], y: [0, 1] }, {}, /^fitSync: data.x: row 1 has 1 values, expected 2/));
  it('NaN features', () =>
    rejects(
      {
        x: [
          [0, 1],
          [NaN, 0],
        ],
        y: [0, 1],
      },
      {},
      /fitSync: data.x: row 1, column 0 is NaN, expected a finite number/,
    ));
  it('NaN labels', () => rejects({ x, y: [0, NaN, 1, 1] }, {}, /fitSync: data.y: row 1, column 0 is NaN/));
  it('Infinity in a Tensor', () =>
    rejects(
      {
        x: tensor([
          [0, 1],
          [Infinity, 0],
        ]),
        y: [0, 1],
      },
      {},
      /fitSync: data\.x row 1, column 0 is Infinity/,
    ));
  it('labels out of range for softmaxCrossEntropy', () => {
    rejects(
      { x, y: [0, 1, 3, 1] },
      { loss: 'softmaxCrossEntropy' },
      /fitSync: y row 2 is class 3, expected an integer class index in \[0, 3\)/,
    );
    rejects({ x, y: [0, 1, -1, 1] }, {}, /class -1/);
    rejects({ x, y: [0, 1, 0.5, 1] }, {}, /class 0\.5/);
  });
  it('validation labels out of range', () =>
    rejects(
      { x, y: labels },
      { validationData: { x, y: [0, 0, 7, 0] } },
      /fitSync: validationData\.y row 2 is class 7/,
    ));
  it('an empty dataset', () => {
    rejects({ x: [], y: [] }, {}, /fitSync: data.x: empty dataset \(0 rows\)/);
    rejects({ x: tensor([]).reshape([0, 2]), y: [] }, {}, /empty dataset/);
  });
  it('batchSize 0, negative or fractional', () => {
    rejects({ x, y: labels }, { batchSize: 0 }, /fitSync: expected batchSize to be a positive integer, got 0/);
    rejects({ x, y: labels }, { batchSize: -2 }, /batchSize/);
    rejects({ x, y: labels }, { batchSize: 1.5 }, /batchSize/);
  });
  it('x and y row counts differ', () =>
    rejects({ x, y: [0, 1, 2] }, {}, /fitSync: x has 4 rows but y has 3; expected one target row per sample/));
  it('x of the wrong width for the model', () =>
    rejects({ x: [[1, 2, 3]], y: [0] }, {}, /fitSync: the model does not accept x of width 3/));
  it('targets of the wrong width for mse', () =>
    rejects(
      {
        x,
        y: [
          [1, 2],
          [1, 2],
          [1, 2],
          [1, 2],
        ],
      },
      { loss: 'mse' },
      /fitSync: y has 2 columns but the model has 3 outputs/,
    ));
  it('unknown loss, optimizer, metric, mode', () => {
    rejects({ x, y: labels }, { loss: 'hinge' }, /unknown loss 'hinge'/);
    rejects({ x, y: labels }, { optimizer: 'lbfgs' }, /fitSync: unknown optimizer 'lbfgs'/);
    rejects({ x, y: labels }, { metrics: ['f1'] }, /fitSync: unknown metric 'f1'/);
    rejects({ x, y: labels }, { mode: 'batch' }, /fitSync: expected mode 'full', 'stochastic' or 'minibatch'/);
    rejects(
      { x, y: labels },
      { earlyStopping: { monitor: 'valLoss' } },
      /earlyStopping monitors 'valLoss', which this run does not log/,
    );
  });
  it('fit (async) rejects the same way, naming fit', async () => {
    await expect(fit(model(), { x, y: [0, 1, 5, 1] }, { verbose: 0 })).rejects.toThrow(/^fit: y row 2 is class 5/);
    await expect(fit(model(), { x, y: labels }, { batchSize: 0, verbose: 0 })).rejects.toThrow(
      /^fit: expected batchSize/,
    );
  });
  it('a bad batch in a stream names the batch', async () => {
    async function* stream() {
      yield { x: [[0, 1]], y: [0] };
      yield { x: [[0, NaN]], y: [1] };
    }
    await expect(fit(model(), stream(), { loss: 'softmaxCrossEntropy', verbose: 0 })).rejects.toThrow(
      /fit: stream batch 1 of epoch 1: x: row 0, column 1 is NaN/,
    );
  });
  it('evaluate and predict check their input too', () => {
    expect(() => evaluate(model(), { x, y: [0, 1, 9, 1] })).toThrow(/^evaluate: y row 2 is class 9/);
    expect(() => predict(model(), [[0, NaN]])).toThrow(/^predict: x: row 0, column 1 is NaN/);
    expect(() => predict(model(), x, { batchSize: 0 })).toThrow(/^predict: expected batchSize/);
  });
});
