// What the interop scripts hand to PyTorch, made in chainrule with no Python involved (so
// test/interop can check it): seeded models, batches and the files they travel in. Every file
// is safetensors (float32) named as torch's nn.Sequential state_dict, plus small JSON configs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randn, manualSeed, randomInt, tensor, Tensor } from '../../lib/index.js';
import { save } from '../../lib/io/model.js';
import { type NamedTensors, type ModelDescription, writeSafetensors } from '../../lib/io/index.js';
import { softmaxCrossEntropy, mse } from '../../lib/losses/index.js';
import { Dense, Sequential, gelu, sigmoid, tanh } from '../../lib/nn/index.js';

// ---------------------------------------------------------------- trajectories

export type OptimizerKind = 'sgd' | 'adam' | 'adamw';
export type LossKind = 'softmaxCrossEntropy' | 'mse';

/** One training run: the optimizer with chainrule's option names (torch_trajectories.py maps them). */
export interface TrajectoryCase {
  name: string;
  optimizer: OptimizerKind;
  options: Record<string, number | boolean | [number, number]>;
  loss: LossKind;
}

export interface TrajectoryConfig {
  steps: number;
  batch: number;
  inFeatures: number;
  classes: number;
  description: ModelDescription;
  cases: TrajectoryCase[];
}

const sgdMomentum = { lr: 0.1, momentum: 0.9 };
const sgdNesterovDecay = { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-2 };
const sgdDampened = { lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 5e-3 };
const adamOptions = { lr: 1e-2 };
const adamL2 = { lr: 1e-2, weightDecay: 1e-2, amsgrad: true };
const adamwOptions = { lr: 1e-2, betas: [0.85, 0.995] as [number, number], weightDecay: 0.1 };

/** Each optimizer under both losses, and the option combinations PyTorch treats specially. */
export const trajectoryCases: TrajectoryCase[] = (['softmaxCrossEntropy', 'mse'] as LossKind[]).flatMap((loss) => {
  const tag = loss === 'mse' ? 'mse' : 'ce';
  return [
    { name: `sgd-momentum/${tag}`, optimizer: 'sgd', options: sgdMomentum, loss },
    { name: `sgd-nesterov-wd/${tag}`, optimizer: 'sgd', options: sgdNesterovDecay, loss },
    { name: `sgd-dampening-wd/${tag}`, optimizer: 'sgd', options: sgdDampened, loss },
    { name: `adam/${tag}`, optimizer: 'adam', options: adamOptions, loss },
    { name: `adam-l2-amsgrad/${tag}`, optimizer: 'adam', options: adamL2, loss },
    { name: `adamw/${tag}`, optimizer: 'adamw', options: adamwOptions, loss },
  ];
});

/** The trajectory MLP 20-32-16-4: tanh and relu fused into Dense (the fast path), logits out. */
export function trajectoryModel(): Sequential {
  return new Sequential(
    new Dense(20, 32, { activation: 'tanh' }),
    new Dense(32, 16, { activation: 'relu' }),
    new Dense(16, 4),
  );
}

export interface TrajectoryInputs {
  config: TrajectoryConfig;
  init: NamedTensors;
  /** x [steps, batch, in], labels [steps, batch] (class indices stored as float32), targets [steps, batch, classes]. */
  batches: NamedTensors;
}

/** Seeded initial weights and batches, written to dir as config.json, init.safetensors, batches.safetensors. */
export function writeTrajectoryInputs(dir: string, steps = 20, batch = 16, seed = 2024): TrajectoryInputs {
  manualSeed(seed);
  const model = trajectoryModel();
  const { description, tensors: init } = model.toDescription();
  const inFeatures = 20;
  const classes = 4;
  const x = randn([steps, batch, inFeatures]);
  const labels = Tensor.empty([steps, batch]);
  for (let i = 0; i < labels.size; i++) labels.data[i] = randomInt(classes);
  const targets = randn([steps, batch, classes]);
  const batches: NamedTensors = {
    x: { shape: x.shape, data: x.data },
    labels: { shape: labels.shape, data: labels.data },
    targets: { shape: targets.shape, data: targets.data },
  };
  const config: TrajectoryConfig = { steps, batch, inFeatures, classes, description, cases: trajectoryCases };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeSafetensors(path.join(dir, 'init.safetensors'), init);
  writeSafetensors(path.join(dir, 'batches.safetensors'), batches);
  return { config, init, batches };
}

/** Step t's slice of a [steps, …] tensor as a new tensor of the remaining shape. */
export function stepSlice(t: { shape: number[]; data: Float32Array }, step: number): Tensor {
  const inner = t.shape.slice(1);
  const n = inner.reduce((a, b) => a * b, 1);
  return new Tensor(t.data.slice(step * n, (step + 1) * n), inner);
}

export function lossOf(kind: LossKind, out: Tensor, labels: Tensor, targets: Tensor): Tensor {
  return kind === 'mse' ? mse(out, targets) : softmaxCrossEntropy(out, labels);
}

// ---------------------------------------------------------------- exchange

/**
 * The exchange MLP 6-16-12-8-3 with activations as layers of their own, so its state_dict
 * names are exactly nn.Sequential(Linear, Tanh, Linear, GELU, Linear, Sigmoid, Linear)'s.
 */
export function exchangeModel(): Sequential {
  return new Sequential(
    new Dense(6, 16),
    tanh(),
    new Dense(16, 12),
    gelu(),
    new Dense(12, 8),
    sigmoid(),
    new Dense(8, 3),
  );
}

/** The same widths with activations fused into Dense: torch's names shift (torch_exchange.py renames). */
export function fusedExchangeModel(): Sequential {
  return new Sequential(
    new Dense(6, 16, { activation: 'tanh' }),
    new Dense(16, 12, { activation: 'relu' }),
    new Dense(12, 8, { activation: 'softplus' }),
    new Dense(8, 3),
  );
}

/**
 * A batch through `model` with softmaxCrossEntropy, and the gradients of that loss w.r.t. the
 * input and every parameter: x, labels, output, loss [1], grad.x, grad.<parameter name>.
 */
export function forwardBackward(model: Sequential, x: Tensor, labels: Tensor): NamedTensors {
  model.zeroGrad();
  const input = tensor(x.data, { shape: x.shape, requiresGrad: true });
  const output = model.forward(input);
  const loss = softmaxCrossEntropy(output, labels);
  loss.backward();
  const out: NamedTensors = {
    x: { shape: x.shape, data: x.data },
    labels: { shape: labels.shape, data: labels.data },
    output: { shape: output.shape, data: output.data },
    loss: { shape: [1], data: Float32Array.of(loss.item()) },
    'grad.x': { shape: x.shape, data: input.grad!.data },
  };
  for (const [name, p] of model.namedParameters()) out[`grad.${name}`] = { shape: p.shape, data: p.grad!.data };
  return out;
}

/** A seeded batch of `rows` inputs for the exchange model and class labels in [0, 3). */
export function exchangeBatch(rows = 7, seed = 11): { x: Tensor; labels: Tensor } {
  manualSeed(seed);
  const x = randn([rows, 6]);
  const labels = Tensor.empty([rows]);
  for (let i = 0; i < rows; i++) labels.data[i] = randomInt(3);
  return { x, labels };
}

/** chainrule → torch: `model` saved with lib/io save() into dir, and dir/batch.safetensors from forwardBackward. */
export function writeChainruleExport(dir: string, model: Sequential): NamedTensors {
  save(model, dir);
  const { x, labels } = exchangeBatch();
  const batch = forwardBackward(model, x, labels);
  writeSafetensors(path.join(dir, 'batch.safetensors'), batch);
  return batch;
}
