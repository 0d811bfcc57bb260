import { describe, expect, it } from 'vitest';
import { evaluate, fit, fitSync, predict } from '../../lib/train/index.js';
import { twoSpirals, xor } from '../../lib/data/index.js';
import { Dense, Sequential } from '../../lib/nn/index.js';
import { adam, oneCycleLR, reduceLROnPlateau, sgd, stepLR } from '../../lib/optim/index.js';
import { manualSeed } from '../../lib/random.js';
import { tensor } from '../../lib/factories.js';

const mlp = (inputs = 2, hidden = 32, outputs = 2) =>
  new Sequential(
    new Dense(inputs, hidden, { activation: 'relu' }),
    new Dense(hidden, hidden, { activation: 'relu' }),
    new Dense(hidden, outputs),
  );

describe('fit', () => {
  it('learns two spirals; history has one entry per epoch for each metric', async () => {
    manualSeed(0);
    const ds = twoSpirals({ samples: 400 });
    const model = mlp();
    const h = await fit(model, ds, {
      epochs: 40,
      batchSize: 32,
      optimizer: adam({ lr: 0.01 }),
      metrics: ['accuracy'],
      validationSplit: 0.2,
      verbose: 0,
    });
    expect(h.epoch).toEqual(Array.from({ length: 40 }, (_, i) => i));
    for (const k of ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'lr']) expect(h.history[k]).toHaveLength(40);
    expect(h.params).toMatchObject({
      epochs: 40,
      mode: 'minibatch',
      batchSize: 32,
      samples: 320,
      loss: 'softmaxCrossEntropy',
      optimizer: 'adam',
    });
    expect(h.history.loss[39]).toBeLessThan(h.history.loss[0] / 5);
    expect(h.history.valAccuracy[39]).toBeGreaterThan(0.9);
    const logs = evaluate(model, ds, { metrics: ['accuracy'] });
    expect(logs.accuracy).toBeGreaterThan(0.9);
  });

  it('the same seed gives the same weights; fit and fitSync agree', async () => {
    const run = async (sync: boolean) => {
      manualSeed(1);
      const model = mlp(2, 8);
      const opts = { epochs: 3, batchSize: 16, seed: 7, verbose: 0 as const, optimizer: 'sgd', lr: 0.1 };
      const ds = xor();
      const data = {
        x: [ds.x, ds.x, ds.x].flatMap((m) =>
          [...Array(4)].map((_, r) => Array.from(m.data.subarray(2 * r, 2 * r + 2))),
        ),
        y: [0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0],
      };
      if (sync) fitSync(model, data, opts);
      else await fit(model, data, opts);
      return model.stateDict();
    };
    const a = await run(false);
    expect(await run(false)).toEqual(a);
    expect(await run(true)).toEqual(a);
  });

  it('accepts Tensors, nested arrays and typed arrays; mae for regression', () => {
    manualSeed(2);
    const xs = Array.from({ length: 64 }, (_, i) => [i / 64, ((i * 7) % 64) / 64]);
    const ys = xs.map(([a, b]) => 2 * a - b);
    const model = new Sequential(new Dense(2, 1));
    const h = fitSync(
      model,
      { x: tensor(xs), y: Float32Array.from(ys) },
      { epochs: 200, batchSize: 16, optimizer: 'adam', lr: 0.05, metrics: ['mae'], verbose: 0 },
    );
    expect(h.params.loss).toBe('mse');
    expect(h.history.mae[199]).toBeLessThan(0.02);
    expect(evaluate(model, { x: xs, y: ys }, { metrics: ['mae'] }).mae).toBeLessThan(0.02);
  });

  it('normalize: fitted on the training rows only, stored on the model, applied by predict and evaluate', () => {
    manualSeed(3);
    const xs = Array.from({ length: 50 }, (_, i) => [1000 + i, -5 * i]);
    const ys = xs.map((_, i) => i % 2);
    const model = mlp(2, 8);
    fitSync(
      model,
      { x: xs, y: ys },
      { epochs: 1, validationData: { x: [[1e6, 1e6]], y: [0] }, normalize: 'standardize', verbose: 0 },
    );
    const n = model.normalizer!.toJSON();
    expect(n.type).toBe('standardize');
    if (n.type !== 'standardize') return;
    expect(n.mean[0]).toBeCloseTo(1024.5, 6); // validation's 1e6 did not leak into the statistics
    const raw = predict(model, xs.slice(0, 3));
    const manual = model.forward(
      tensor(xs.slice(0, 3).map(([a, b]) => [(a - n.mean[0]) / n.std[0], (b - n.mean[1]) / n.std[1]])),
    );
    for (let i = 0; i < raw.size; i++) expect(raw.data[i]).toBeCloseTo(manual.data[i], 5);
  });

  it('earlyStopping stops after patience bad epochs and restores the best weights', () => {
    manualSeed(4);
    const ds = twoSpirals({ samples: 64 });
    const model = mlp(2, 8);
    const snapshots: ReturnType<typeof model.stateDict>[] = [];
    const optimizer = sgd(model.parameters(), { lr: 0.05 });
    const h = fitSync(model, ds, {
      epochs: 20,
      optimizer,
      verbose: 0,
      earlyStopping: { monitor: 'loss', patience: 2, restoreBestWeights: true },
      callbacks: [
        {
          onEpochEnd: (epoch, _logs, ctx) => {
            snapshots.push(ctx.model.stateDict());
            if (epoch === 3) optimizer.paramGroups[0].lr = 50; // from here on the loss gets worse
          },
        },
      ],
    });
    const losses = h.history.loss;
    const best = losses.indexOf(Math.min(...losses));
    expect(h.epoch.length).toBe(best + 3); // best, then patience 2 worse epochs, then stop on the third
    expect(h.epoch.length).toBeLessThan(20);
    expect(model.stateDict()).toEqual(snapshots[best]);
    expect(model.stateDict()).not.toEqual(snapshots[snapshots.length - 1]);
  });

  it('schedulers step per epoch (stepLR) or with the monitored metric (reduceLROnPlateau)', () => {
    manualSeed(5);
    const ds = twoSpirals({ samples: 32 });
    let h = fitSync(mlp(2, 4), ds, {
      epochs: 4,
      optimizer: 'sgd',
      lr: 0.1,
      scheduler: stepLR({ stepSize: 1, gamma: 0.5 }),
      verbose: 0,
    });
    expect(h.history.lr).toEqual([0.1, 0.05, 0.025, 0.0125]);
    const model = mlp(2, 4);
    const opt = sgd(model.parameters(), { lr: 0.1 });
    // lr 1e-9 keeps the loss flat, so the plateau scheduler cuts the lr after `patience` epochs
    opt.paramGroups[0].lr = 0.1;
    h = fitSync(model, ds, {
      epochs: 4,
      optimizer: opt,
      scheduler: reduceLROnPlateau(opt, { patience: 0, factor: 0.5, threshold: 10 }),
      verbose: 0,
    });
    expect(h.history.lr).toEqual([0.1, 0.05, 0.025, 0.0125]);
  });

  it('a per-batch scheduler (oneCycleLR) steps once per update', () => {
    const ds = twoSpirals({ samples: 40 });
    // 3 epochs × 4 batches of 10 = 12 updates: exactly totalSteps works, one fewer overruns
    const run = (totalSteps: number) =>
      fitSync(mlp(2, 4), ds, {
        epochs: 3,
        batchSize: 10,
        scheduler: oneCycleLR({ maxLr: 0.1, totalSteps }),
        verbose: 0,
      });
    const h = run(12);
    expect(new Set(h.history.lr).size).toBe(3);
    expect(() => run(11)).toThrow(/totalSteps/);
  });

  it('callbacks run in order with a context; stopTraining ends the run', async () => {
    manualSeed(6);
    const events: string[] = [];
    const h = await fit(mlp(2, 4), twoSpirals({ samples: 40 }), {
      epochs: 5,
      batchSize: 20,
      verbose: 0,
      callbacks: [
        {
          onTrainBegin: (ctx) => events.push(`begin ${ctx.x?.shape[0]} ${typeof ctx.loss}`),
          onEpochBegin: (e) => events.push(`epoch ${e}`),
          onBatchEnd: (b, logs) => events.push(`batch ${b} ${Number.isFinite(logs.loss)}`),
          onEpochEnd: (e, logs, ctx) => {
            events.push(`end ${e} ${ctx.history.epoch.length}`);
            if (e === 1) ctx.stopTraining = true;
            expect(logs.loss).toBeGreaterThan(0);
          },
          onTrainEnd: () => events.push('done'),
        },
      ],
    });
    expect(events).toEqual([
      'begin 40 function',
      'epoch 0',
      'batch 0 true',
      'batch 1 true',
      'end 0 1',
      'epoch 1',
      'batch 0 true',
      'batch 1 true',
      'end 1 2',
      'done',
    ]);
    expect(h.epoch).toEqual([0, 1]);
  });

  it('trains from an async stream of batches, several epochs through a function', async () => {
    manualSeed(7);
    const ds = twoSpirals({ samples: 64 });
    let reads = 0;
    async function* batches() {
      reads++;
      for (let i = 0; i < 64; i += 16) {
        yield {
          x: { data: ds.x.data.slice(i * 2, (i + 16) * 2), shape: [16, 2] as [number, number] },
          y: ds.y.data.slice(i, i + 16),
        };
      }
    }
    const h = await fit(mlp(2, 8), batches, {
      epochs: 3,
      loss: 'softmaxCrossEntropy',
      metrics: ['accuracy'],
      verbose: 0,
    });
    expect(reads).toBe(3);
    expect(h.history.loss).toHaveLength(3);
    expect(h.params.samples).toBeNull();
    // a one-shot generator is used up after one epoch: a clear error, not an empty epoch
    await expect(fit(mlp(2, 8), batches(), { epochs: 2, loss: 'softmaxCrossEntropy', verbose: 0 })).rejects.toThrow(
      /fit: epoch 2 had no batches/,
    );
    expect(() => fitSync(mlp(2, 8), batches(), { loss: 'softmaxCrossEntropy', verbose: 0 })).toThrow(
      /fitSync: an async iterable/,
    );
  });

  it('verbose 2 writes one plain line per epoch; verbose 0 nothing', () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => lines.push(s), isTTY: false };
    fitSync(mlp(2, 4), twoSpirals({ samples: 20 }), {
      epochs: 3,
      verbose: 2,
      progressStream: stream,
      metrics: ['accuracy'],
    });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^epoch 1\/3 {2}loss \d\.\d{4} {2}accuracy \d\.\d{4} {2}lr 0\.001 {2}\d+ samples\/s {2}\d+\.\d\ds\n$/,
    );
    lines.length = 0;
    fitSync(mlp(2, 4), twoSpirals({ samples: 20 }), { epochs: 2, verbose: 0, progressStream: stream });
    expect(lines).toHaveLength(0);
  });

  it('clipGradNorm bounds the update', () => {
    manualSeed(8);
    const model = new Sequential(new Dense(1, 1, { init: 'zeros' }));
    fitSync(
      model,
      { x: [[1000]], y: [1000] },
      { epochs: 1, optimizer: 'sgd', lr: 1, clipGradNorm: 0.5, loss: 'mse', verbose: 0 },
    );
    const [w, b] = model.parameters();
    expect(Math.hypot(w.data[0], b.data[0])).toBeCloseTo(0.5, 4);
  });
});
