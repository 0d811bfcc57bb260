// The kernel seam. Everything above lib/backend calls these methods through backend();
// nothing above it knows whether the native addon or the TypeScript kernels run them.
// Kernels take Float32Array + sizes and write into arrays the caller owns: no allocation.

/** Activation codes, shared with native/kernels/kernels.h (keep the numbers in sync). */
export const Activation = {
  identity: 0,
  relu: 1,
  sigmoid: 2,
  tanh: 3,
  leakyRelu: 4,
  elu: 5,
  gelu: 6,
  softplus: 7,
} as const;
export type ActivationName = keyof typeof Activation;
export type ActivationCode = (typeof Activation)[ActivationName];

export const activationNames = Object.keys(Activation) as ActivationName[];

/** Activations whose derivative is computed from the output alone (no pre-activation kept). */
export function activationNeedsOnlyOutput(act: ActivationCode): boolean {
  return (
    act === Activation.identity || act === Activation.relu || act === Activation.sigmoid || act === Activation.tanh
  );
}

export type BackendName = 'native' | 'ts';

export interface Backend {
  readonly name: BackendName;

  /** C[m×n] = alpha·op(A)·op(B) + beta·C, row-major; op(A) is m×k, op(B) is k×n. */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    b: Float32Array,
    beta: number,
    c: Float32Array,
  ): void;

  /** y = act(x), elementwise; alpha is the leakyRelu slope or elu scale. x === y is fine. */
  activationForward(act: ActivationCode, alpha: number, x: Float32Array, y: Float32Array): void;

  /** dx = dy ⊙ act′, from the saved input x and/or output y (null where not needed). */
  activationBackward(
    act: ActivationCode,
    alpha: number,
    x: Float32Array | null,
    y: Float32Array | null,
    dy: Float32Array,
    dx: Float32Array,
  ): void;

  /** out[m×n] = act(x[m×k]·w[n×k]ᵀ + b[n]); preActivation receives x·wᵀ + b when given. */
  denseForward(
    m: number,
    n: number,
    k: number,
    x: Float32Array,
    w: Float32Array,
    b: Float32Array | null,
    act: ActivationCode,
    alpha: number,
    out: Float32Array,
    preActivation: Float32Array | null,
  ): void;

  /**
   * dZ = dY ⊙ act′ (into dZ, m×n scratch); dW = dZᵀ·X and db = Σ dZ (overwritten, or
   * added to when accumulate); dX = dZ·W. Any of dX, dW, db may be null.
   */
  denseBackward(
    m: number,
    n: number,
    k: number,
    x: Float32Array,
    w: Float32Array,
    preActivation: Float32Array | null,
    out: Float32Array,
    dy: Float32Array,
    act: ActivationCode,
    alpha: number,
    dZ: Float32Array,
    dX: Float32Array | null,
    dW: Float32Array | null,
    db: Float32Array | null,
    accumulate: boolean,
  ): void;

  // --- fused kernels (kernels issue) ---

  /**
   * probs[rows×cols] = softmax(logits) per row; losses[r] = −log probs[r, targets[r]]
   * (computed as logsumexp − logit, never the log of a rounded probability). targets holds
   * class indices as floats; each must be an integer in [0, cols).
   */
  softmaxCrossEntropyForward(
    rows: number,
    cols: number,
    logits: Float32Array,
    targets: Float32Array,
    probs: Float32Array,
    losses: Float32Array,
  ): void;

  /** dLogits[r, j] = dLoss[r]·(probs[r, j] − [j = targets[r]]); dLogits may be probs itself. */
  softmaxCrossEntropyBackward(
    rows: number,
    cols: number,
    probs: Float32Array,
    targets: Float32Array,
    dLoss: Float32Array,
    dLogits: Float32Array,
  ): void;

  /**
   * In-place SGD step, as torch.optim.SGD: g = grad + weightDecay·param; with momentum,
   * velocity = g on the first step, else momentum·velocity + (1 − dampening)·g; then
   * g = nesterov ? g + momentum·velocity : velocity; param −= lr·g. velocity may be null
   * when momentum is 0.
   */
  sgdUpdate(
    param: Float32Array,
    grad: Float32Array,
    velocity: Float32Array | null,
    lr: number,
    momentum: number,
    dampening: number,
    weightDecay: number,
    nesterov: boolean,
    firstStep: boolean,
  ): void;

  /**
   * In-place Adam (decoupled = false, L2 added to the gradient) or AdamW (decoupled = true,
   * param scaled by 1 − lr·weightDecay) step, as torch.optim documents them; step counts
   * from 1 and sets the bias corrections 1 − β^step.
   */
  adamUpdate(
    param: Float32Array,
    grad: Float32Array,
    m: Float32Array,
    v: Float32Array,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weightDecay: number,
    decoupled: boolean,
    step: number,
  ): void;
}
