// A saved model is a directory:
//   <dir>/model.json         the ModelDescription + { weights: { file, bytes, sha256 } }
//   <dir>/model.safetensors  the parameters, PyTorch nn.Sequential names (`0.weight` [out, in], …)
// Each file is replaced atomically; the weights go first and model.json last, so model.json's
// rename is the commit point. The sha256 it records ties the pair together: a save
// interrupted between the two renames loads as a clear error, never as new weights under an
// old description. A hand-written model.json without `weights` (e.g. next to a torch
// state_dict saved with safetensors.torch.save_file) loads model.safetensors unchecked.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import {
  describe,
  expectedTensorShapes,
  type ModelDescription,
  ModelFormatError,
  type NamedTensors,
  validateDescription,
  validateTensors,
} from './description.js';
import { decodeSafetensors, encodeSafetensorsChunks } from './safetensors.js';

export { writeFileAtomic } from './atomic.js';

export const DESCRIPTION_FILE = 'model.json';
export const WEIGHTS_FILE = 'model.safetensors';

export interface ModelFiles {
  description: ModelDescription;
  tensors: NamedTensors;
}

interface WeightsRecord {
  file: string;
  bytes: number;
  sha256: string;
}

/** Saves `description` and `tensors` into directory `dir` (created if needed). Validates both first. */
export function saveModelFiles(dir: string, description: ModelDescription, tensors: NamedTensors): void {
  validateDescription(description, dir, 'save');
  validateTensors(description, tensors, dir, 'save');
  // Layer order, whatever order the caller's object had.
  const ordered: NamedTensors = {};
  for (const name of expectedTensorShapes(description).keys()) ordered[name] = tensors[name];
  const chunks = encodeSafetensorsChunks(ordered, { format: 'pt', producer: 'chainrule' });
  const hash = createHash('sha256');
  let bytes = 0;
  for (const chunk of chunks) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  const weights: WeightsRecord = { file: WEIGHTS_FILE, bytes, sha256: hash.digest('hex') };
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(path.join(dir, WEIGHTS_FILE), chunks);
  const json = `${JSON.stringify({ ...description, weights }, null, 2)}\n`;
  writeFileAtomic(path.join(dir, DESCRIPTION_FILE), Buffer.from(json, 'utf8'));
}

/** Loads and validates a model directory: the description, then weights that match it exactly. */
export function loadModelFiles(dir: string): ModelFiles {
  const jsonPath = path.join(dir, DESCRIPTION_FILE);
  const fail = (file: string, fault: string): never => {
    throw new ModelFormatError(file, fault);
  };
  let text = '';
  try {
    text = fs.readFileSync(jsonPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      fail(jsonPath, `no such file: ${dir} is not a saved chainrule model (expected ${DESCRIPTION_FILE} inside)`);
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    fail(jsonPath, `not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    fail(jsonPath, `expected a JSON object, got ${describe(parsed)}`);
  const { weights: record, ...rest } = parsed as Record<string, unknown>;
  const weights = record === undefined ? null : checkWeightsRecord(record, jsonPath);
  const description = validateDescription(rest, jsonPath);

  const weightsPath = path.join(dir, weights?.file ?? WEIGHTS_FILE);
  let buf: Buffer = Buffer.alloc(0);
  try {
    buf = fs.readFileSync(weightsPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') fail(weightsPath, `no such file (${jsonPath} refers to it)`);
    throw err;
  }
  if (weights !== null) {
    if (buf.length !== weights.bytes)
      fail(
        weightsPath,
        `file is ${buf.length} bytes but ${DESCRIPTION_FILE} records ${weights.bytes} (truncated, or from another save)`,
      );
    const sha256 = createHash('sha256').update(buf).digest('hex');
    if (sha256 !== weights.sha256)
      fail(
        weightsPath,
        `sha256 ${sha256} does not match ${DESCRIPTION_FILE}'s ${weights.sha256} (corrupt, or from another save)`,
      );
  }
  const { tensors } = decodeSafetensors(buf, weightsPath);
  validateTensors(description, tensors, weightsPath);
  return { description, tensors };
}

function checkWeightsRecord(record: unknown, jsonPath: string): WeightsRecord {
  const fail = (fault: string): never => {
    throw new ModelFormatError(jsonPath, fault);
  };
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    fail(`expected weights to be { file, bytes, sha256 }, got ${describe(record)}`);
  const { file, bytes, sha256 } = record as Record<string, unknown>;
  // A bare file name: model.json must not reach outside its own directory.
  if (typeof file !== 'string' || file === '' || file !== path.basename(file) || file === '.' || file === '..')
    fail(`expected weights.file to be a file name in the same directory, got ${describe(file)}`);
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0)
    fail(`expected weights.bytes to be a non-negative integer, got ${describe(bytes)}`);
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256))
    fail(`expected weights.sha256 to be 64 hex digits, got ${describe(sha256)}`);
  return { file: file as string, bytes: bytes as number, sha256: sha256 as string };
}
