// Training steps written directly on the Backend kernels (the autograd engine is being
// built beside this; a later bench runs the same models through the model API):
//  - one SGD step of an MLP (784-256-256-10 ReLU, softmax cross-entropy, batch 128);
//  - one SGD step of the XOR net 2-8-1 (tanh, sigmoid output, mean squared error, batch 4).
// All buffers are allocated once; a step allocates nothing.
import { Activation, type ActivationCode, type Backend } from '../../lib/backend/backend.js';

function randn(rand: () => number, n: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rand() * 2 - 1) * scale;
  return out;
}

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface Layer {
  in: number;
  out: number;
  act: ActivationCode;
  w: Float32Array;
  b: Float32Array;
  dW: Float32Array;
  db: Float32Array;
  y: Float32Array; // batch×out
  dY: Float32Array;
  dZ: Float32Array;
}

/** A dense network trained with plain SGD; `lossKind` picks the output loss. */
export class DenseNet {
  readonly layers: Layer[];
  private readonly probs: Float32Array;
  private readonly losses: Float32Array;
  private readonly dLoss: Float32Array;

  constructor(
    private readonly backend: Backend,
    sizes: number[],
    acts: ActivationCode[],
    private readonly batch: number,
    private readonly lossKind: 'softmaxCrossEntropy' | 'mse',
    private readonly lr: number,
    seed = 1,
  ) {
    const rand = lcg(seed);
    this.layers = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const bound = 1 / Math.sqrt(fanIn); // torch.nn.Linear's default init range
      this.layers.push({
        in: fanIn,
        out: fanOut,
        act: acts[l],
        w: randn(rand, fanOut * fanIn, bound),
        b: randn(rand, fanOut, bound),
        dW: new Float32Array(fanOut * fanIn),
        db: new Float32Array(fanOut),
        y: new Float32Array(batch * fanOut),
        dY: new Float32Array(batch * fanOut),
        dZ: new Float32Array(batch * fanOut),
      });
    }
    const classes = sizes[sizes.length - 1];
    this.probs = new Float32Array(batch * classes);
    this.losses = new Float32Array(batch);
    this.dLoss = new Float32Array(batch).fill(1 / batch); // mean over the batch
  }

  /** One step: forward, loss, backward, SGD update. Returns the mean loss. */
  step(x: Float32Array, targets: Float32Array): number {
    const be = this.backend;
    const m = this.batch;
    let input = x;
    for (const layer of this.layers) {
      // ReLU/tanh/sigmoid/identity differentiate from the output: no pre-activation kept
      be.denseForward(m, layer.out, layer.in, input, layer.w, layer.b, layer.act, 0, layer.y, null);
      input = layer.y;
    }
    const last = this.layers[this.layers.length - 1];
    let loss = 0;
    if (this.lossKind === 'softmaxCrossEntropy') {
      be.softmaxCrossEntropyForward(m, last.out, last.y, targets, this.probs, this.losses);
      be.softmaxCrossEntropyBackward(m, last.out, this.probs, targets, this.dLoss, last.dY);
      for (let i = 0; i < m; i++) loss += this.losses[i];
      loss /= m;
    } else {
      const count = last.y.length;
      for (let i = 0; i < count; i++) {
        const d = last.y[i] - targets[i];
        loss += d * d;
        last.dY[i] = (2 * d) / count; // ∂/∂y of mean (y − t)²
      }
      loss /= count;
    }
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const below = l > 0 ? this.layers[l - 1].y : x;
      const dX = l > 0 ? this.layers[l - 1].dY : null; // the first layer's dX is never needed
      be.denseBackward(
        m,
        layer.out,
        layer.in,
        below,
        layer.w,
        null,
        layer.y,
        layer.dY,
        layer.act,
        0,
        layer.dZ,
        dX,
        layer.dW,
        layer.db,
        false,
      );
    }
    for (const layer of this.layers) {
      be.sgdUpdate(layer.w, layer.dW, null, this.lr, 0, 0, 0, false, false);
      be.sgdUpdate(layer.b, layer.db, null, this.lr, 0, 0, 0, false, false);
    }
    return loss;
  }
}

export function mlpNet(backend: Backend, batch = 128): { net: DenseNet; x: Float32Array; targets: Float32Array } {
  const net = new DenseNet(
    backend,
    [784, 256, 256, 10],
    [Activation.relu, Activation.relu, Activation.identity],
    batch,
    'softmaxCrossEntropy',
    0.01,
  );
  const rand = lcg(7);
  const x = randn(rand, batch * 784, 1);
  const targets = new Float32Array(batch);
  for (let i = 0; i < batch; i++) targets[i] = Math.floor(rand() * 10);
  return { net, x, targets };
}

export function xorNet(backend: Backend): { net: DenseNet; x: Float32Array; targets: Float32Array } {
  const net = new DenseNet(backend, [2, 8, 1], [Activation.tanh, Activation.sigmoid], 4, 'mse', 0.5);
  return { net, x: new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]), targets: new Float32Array([0, 1, 1, 0]) };
}
