// One training run for the exact-resume test, shared by the test process and the child
// process it spawns: `node --import tsx test/train/resume-run.ts <checkpointDir>` resumes
// from the checkpoint and prints the final weights and history as JSON.
import { twoSpirals } from '../../lib/data/datasets.js';
import { Dense, Dropout, Sequential } from '../../lib/nn/index.js';
import { adam, stepLR } from '../../lib/optim/index.js';
import { manualSeed } from '../../lib/random.js';
import { fitSync } from '../../lib/train/index.js';
import type { FitOptions } from '../../lib/train/index.js';

export function resumeRun(extra: FitOptions) {
  manualSeed(0);
  const model = new Sequential(
    new Dense(2, 16, { activation: 'relu' }),
    new Dropout(0.2), // draws from the library RNG every batch: the checkpoint must carry its state
    new Dense(16, 16, { activation: 'tanh' }),
    new Dense(16, 2),
  );
  const history = fitSync(model, twoSpirals({ samples: 120, noise: 0.05, seed: 3 }), {
    batchSize: 16,
    optimizer: adam({ lr: 0.01 }),
    scheduler: stepLR({ stepSize: 1, gamma: 0.7 }),
    metrics: ['accuracy'],
    validationSplit: 0.25,
    normalize: 'standardize',
    earlyStopping: { monitor: 'valLoss', patience: 10 },
    seed: 11,
    verbose: 0,
    ...extra,
  });
  const weights = Object.fromEntries(
    Object.entries(model.stateDict()).map(([k, v]) => [k, Buffer.from(v.data.buffer).toString('base64')]),
  );
  return { weights, history };
}

if (process.argv[1]?.endsWith('resume-run.ts') && process.argv[2]) {
  process.stdout.write(JSON.stringify(resumeRun({ epochs: 4, resumeFrom: process.argv[2] })));
}
