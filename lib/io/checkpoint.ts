// Training checkpoints: everything fit() needs to continue bit for bit — the weights, the
// optimizer's moments and step counts, the scheduler's counter, the RNG state (shuffles,
// dropout) and the epoch, plus the history so far. A checkpoint is a directory:
//   <dir>/model/            the weights through lib/io save() (model.json + model.safetensors);
//                           a Module without a saved form gets model/weights.safetensors instead
//   <dir>/checkpoint.json   epoch, rng, optimizer, scheduler, history, extra — written last
// Every file is replaced atomically and checkpoint.json records the weights' sha256, so a
// crash mid-save leaves the previous checkpoint loadable or a clear error, never a mix.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Sequential } from '../nn/layers.js';
import type { Module, StateDict } from '../nn/module.js';
import type { OptimizerLike, OptimizerStateDict } from '../optim/optimizer.js';
import type { Scheduler, SchedulerStateDict } from '../optim/scheduler.js';
import { type RngState, setRngState } from '../random.js';
import { writeFileAtomic } from './atomic.js';
import type { NamedTensors } from './description.js';
import { DESCRIPTION_FILE, loadModelFiles, WEIGHTS_FILE } from './model-file.js';
import { save } from './model.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';

export const CHECKPOINT_FILE = 'checkpoint.json';
const MODEL_DIR = 'model';
const RAW_WEIGHTS = 'weights.safetensors';
const FORMAT = 'chainrule-checkpoint';
const VERSION = 1;

export interface CheckpointContents {
  model: Module;
  optimizer?: OptimizerLike | null;
  scheduler?: Scheduler | null;
  /** Epochs completed so far: resuming starts at this epoch index. */
  epoch: number;
  rng: RngState;
  history?: unknown;
  /** Anything else the trainer keeps (early-stopping state, …): plain JSON. */
  extra?: Record<string, unknown>;
}

export interface LoadedCheckpoint {
  epoch: number;
  rng: RngState;
  tensors: NamedTensors;
  optimizer: OptimizerStateDict | null;
  scheduler: SchedulerStateDict | null;
  history: unknown;
  extra: Record<string, unknown>;
}

interface CheckpointJSON {
  format: typeof FORMAT;
  version: number;
  epoch: number;
  rng: RngState;
  weights: { file: string; sha256: string };
  optimizer: OptimizerStateDict | null;
  scheduler: SchedulerStateDict | null;
  history: unknown;
  extra: Record<string, unknown>;
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function fail(file: string, fault: string): never {
  throw new Error(`loadCheckpoint: ${file}: ${fault}`);
}

/** Writes a checkpoint into `dir` (created if needed), replacing the one there. */
export function saveCheckpoint(dir: string, contents: CheckpointContents): void {
  const { model, optimizer, scheduler, epoch, rng } = contents;
  if (!Number.isInteger(epoch) || epoch < 0) {
    throw new RangeError(`saveCheckpoint: expected epoch to be a non-negative integer, got ${String(epoch)}`);
  }
  const modelDir = path.join(dir, MODEL_DIR);
  fs.mkdirSync(modelDir, { recursive: true });
  let weightsFile: string;
  if (model instanceof Sequential && canDescribe(model)) {
    save(model, modelDir);
    weightsFile = path.join(MODEL_DIR, WEIGHTS_FILE);
  } else {
    writeSafetensors(path.join(modelDir, RAW_WEIGHTS), model.stateDict(), { format: 'pt', producer: 'chainrule' });
    weightsFile = path.join(MODEL_DIR, RAW_WEIGHTS);
  }
  const json: CheckpointJSON = {
    format: FORMAT,
    version: VERSION,
    epoch,
    rng,
    weights: { file: weightsFile, sha256: sha256(path.join(dir, weightsFile)) },
    optimizer: optimizer ? optimizer.stateDict() : null,
    scheduler: scheduler ? scheduler.stateDict() : null,
    history: contents.history ?? null,
    extra: contents.extra ?? {},
  };
  writeFileAtomic(path.join(dir, CHECKPOINT_FILE), Buffer.from(`${JSON.stringify(json)}\n`, 'utf8'));
}

function canDescribe(model: Sequential): boolean {
  return model.layers.every((l) => l.describe() !== null);
}

/** Reads and checks a checkpoint directory (nothing is applied: see restoreCheckpoint). */
export function loadCheckpoint(dir: string): LoadedCheckpoint {
  const file = path.join(dir, CHECKPOINT_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') fail(file, `no such file: ${dir} holds no checkpoint`);
    throw err;
  }
  let json: CheckpointJSON;
  try {
    json = JSON.parse(text);
  } catch (err) {
    fail(file, `not valid JSON: ${(err as Error).message}`);
  }
  if (json?.format !== FORMAT || json.version !== VERSION) {
    fail(
      file,
      `expected format '${FORMAT}' version ${VERSION}, got ${JSON.stringify(json?.format)} version ${JSON.stringify(json?.version)}`,
    );
  }
  if (!Number.isInteger(json.epoch) || json.epoch < 0)
    fail(file, `expected epoch ≥ 0, got ${JSON.stringify(json.epoch)}`);
  const weightsFile = json.weights?.file;
  if (weightsFile !== path.join(MODEL_DIR, WEIGHTS_FILE) && weightsFile !== path.join(MODEL_DIR, RAW_WEIGHTS)) {
    fail(file, `unexpected weights file ${JSON.stringify(weightsFile)}`);
  }
  const weightsPath = path.join(dir, weightsFile);
  if (!fs.existsSync(weightsPath)) fail(weightsPath, 'no such file (checkpoint.json refers to it)');
  const digest = sha256(weightsPath);
  if (digest !== json.weights.sha256) {
    fail(
      weightsPath,
      `sha256 ${digest} does not match checkpoint.json's ${json.weights.sha256} (from another save, or corrupt)`,
    );
  }
  const tensors =
    path.basename(weightsFile) === WEIGHTS_FILE && fs.existsSync(path.join(dir, MODEL_DIR, DESCRIPTION_FILE))
      ? loadModelFiles(path.join(dir, MODEL_DIR)).tensors
      : readSafetensors(weightsPath).tensors;
  return {
    epoch: json.epoch,
    rng: json.rng,
    tensors,
    optimizer: json.optimizer ?? null,
    scheduler: json.scheduler ?? null,
    history: json.history ?? null,
    extra: json.extra ?? {},
  };
}

/**
 * Loads a checkpoint into live objects: the model's weights, the optimizer's and scheduler's
 * state, and the library RNG. Returns the checkpoint (epoch, history, extra) for the caller.
 */
export function restoreCheckpoint(
  dir: string,
  into: { model: Module; optimizer?: OptimizerLike | null; scheduler?: Scheduler | null },
): LoadedCheckpoint {
  const ckpt = loadCheckpoint(dir);
  const where = `restoreCheckpoint(${dir})`;
  into.model.loadStateDict(ckpt.tensors as StateDict);
  if (into.optimizer) {
    if (!ckpt.optimizer) throw new Error(`${where}: the checkpoint holds no optimizer state`);
    into.optimizer.loadStateDict(ckpt.optimizer);
  }
  if (into.scheduler) {
    if (!ckpt.scheduler) throw new Error(`${where}: the checkpoint holds no scheduler state`);
    into.scheduler.loadStateDict(ckpt.scheduler);
  }
  setRngState(ckpt.rng);
  return ckpt;
}
