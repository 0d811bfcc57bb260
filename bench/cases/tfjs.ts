// @tensorflow/tfjs peers on its cpu (pure JS) and wasm (XNNPACK) backends: the same gemm,
// MLP step and XOR step, with tfjs's own layout (dense kernels stored [in, out]).
import * as path from 'node:path';
import { medianSeconds, type TimingOptions } from '../timing.js';
import { lcg } from './steps.js';

// tfjs is an optional peer, typed loosely here
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Tf = any;

export interface TfjsPeer {
  tf: Tf;
  backend: 'cpu' | 'wasm';
  version: string;
}

export async function loadTfjs(backendName: 'cpu' | 'wasm'): Promise<TfjsPeer | string> {
  try {
    const tf: Tf = await import('@tensorflow/tfjs');
    if (backendName === 'wasm') {
      const wasm: Tf = await import('@tensorflow/tfjs-backend-wasm');
      const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(`${dist}${path.sep}`);
    }
    const ok = await tf.setBackend(backendName);
    if (!ok) return `tfjs ${backendName} backend did not initialise`;
    await tf.ready();
    return { tf, backend: backendName, version: tf.version.tfjs };
  } catch (err) {
    return String(err instanceof Error ? err.message : err).split('\n')[0];
  }
}

export async function useTfjs(peer: TfjsPeer): Promise<void> {
  await peer.tf.setBackend(peer.backend);
}

export function tfjsGemmSeconds(peer: TfjsPeer, m: number, n: number, k: number, opts: TimingOptions): number {
  const tf = peer.tf;
  const a = tf.randomUniform([m, k]);
  const b = tf.randomUniform([k, n]);
  const t = medianSeconds(() => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  }, opts);
  a.dispose();
  b.dispose();
  return t;
}

function denseModel(tf: Tf, sizes: number[], seed: number) {
  const rand = lcg(seed);
  const vars: Tf[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const bound = 1 / Math.sqrt(sizes[l]);
    const w = new Float32Array(sizes[l] * sizes[l + 1]).map(() => (rand() * 2 - 1) * bound);
    vars.push(tf.variable(tf.tensor2d(w, [sizes[l], sizes[l + 1]])), tf.variable(tf.zeros([sizes[l + 1]])));
  }
  return vars;
}

/** One SGD step of MLP 784-256-256-10 (ReLU, softmax cross-entropy), batch 128. */
export function tfjsMlpSeconds(peer: TfjsPeer, opts: TimingOptions): number {
  const tf = peer.tf;
  const [w1, b1, w2, b2, w3, b3] = denseModel(tf, [784, 256, 256, 10], 1);
  const rand = lcg(7);
  const x = tf.tensor2d(
    new Float32Array(128 * 784).map(() => rand() * 2 - 1),
    [128, 784],
  );
  const labels = new Int32Array(128).map(() => Math.floor(rand() * 10));
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const optimizer = tf.train.sgd(0.01);
  const loss = () => {
    const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
    const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
    return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(h2, w3), b3));
  };
  const t = medianSeconds(() => {
    const value = optimizer.minimize(loss, true);
    value.dataSync();
    value.dispose();
  }, opts);
  tf.dispose([w1, b1, w2, b2, w3, b3, x, y]);
  return t;
}

/** One SGD step of XOR 2-8-1 (tanh, sigmoid, MSE), batch 4. */
export function tfjsXorSeconds(peer: TfjsPeer, opts: TimingOptions): number {
  const tf = peer.tf;
  const [w1, b1, w2, b2] = denseModel(tf, [2, 8, 1], 2);
  const x = tf.tensor2d([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
  const y = tf.tensor2d([0, 1, 1, 0], [4, 1]);
  const optimizer = tf.train.sgd(0.5);
  const loss = () => {
    const h = tf.tanh(tf.add(tf.matMul(x, w1), b1));
    return tf.losses.meanSquaredError(y, tf.sigmoid(tf.add(tf.matMul(h, w2), b2)));
  };
  const t = medianSeconds(() => {
    const value = optimizer.minimize(loss, true);
    value.dataSync();
    value.dispose();
  }, opts);
  tf.dispose([w1, b1, w2, b2, x, y]);
  return t;
}
