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

// --- elementwise, reductions, softmax (engine) ---
/** Unary elementwise ops (alpha: pow's exponent, scale's factor, clamp's min; beta: clamp's max). */
export const UnaryOp = { neg: 0, exp: 1, log: 2, sqrt: 3, abs: 4, pow: 5, scale: 6, clamp: 7 } as const;
export type UnaryOpName = keyof typeof UnaryOp;
export type UnaryOpCode = (typeof UnaryOp)[UnaryOpName];

/** Binary elementwise ops, broadcast through strides. */
export const BinaryOp = { add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6 } as const;
export type BinaryOpName = keyof typeof BinaryOp;
export type BinaryOpCode = (typeof BinaryOp)[BinaryOpName];

/** Reductions over any set of axes. */
export const ReduceOp = { sum: 0, mean: 1, max: 2, min: 3 } as const;
export type ReduceOpName = keyof typeof ReduceOp;
export type ReduceOpCode = (typeof ReduceOp)[ReduceOpName];

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

  // --- elementwise, reductions, softmax (engine) ---
  // Shapes and strides are Int32Array; a stride of 0 broadcasts an operand along that axis.
  // Outputs called "contiguous of shape" are dense row-major arrays of Π shape elements.

  /** y = op(x), elementwise; x === y is fine. */
  unaryForward(op: UnaryOpCode, alpha: number, beta: number, x: Float32Array, y: Float32Array): void;

  /** dx = dy ⊙ op′, from the saved input x and output y. */
  unaryBackward(
    op: UnaryOpCode,
    alpha: number,
    beta: number,
    x: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
  ): void;

  /** out (contiguous of shape) = a ∘ b, a read at Σ idx·aStrides, b at Σ idx·bStrides. */
  binaryForward(
    op: BinaryOpCode,
    shape: Int32Array,
    a: Float32Array,
    aStrides: Int32Array,
    b: Float32Array,
    bStrides: Int32Array,
    out: Float32Array,
  ): void;

  /**
   * da = dy ⊙ ∂(a∘b)/∂a and db = dy ⊙ ∂(a∘b)/∂b, both contiguous of shape (not yet summed
   * back over broadcast axes); y is the forward output. Either of da, db may be null.
   */
  binaryBackward(
    op: BinaryOpCode,
    shape: Int32Array,
    a: Float32Array,
    aStrides: Int32Array,
    b: Float32Array,
    bStrides: Int32Array,
    y: Float32Array,
    dy: Float32Array,
    da: Float32Array | null,
    db: Float32Array | null,
  ): void;

  /** out (contiguous of shape) = x[xOffset + Σ idx·xStrides]: transpose, slice, broadcast. */
  stridedCopy(shape: Int32Array, x: Float32Array, xOffset: number, xStrides: Int32Array, out: Float32Array): void;

  /** out[outOffset + Σ idx·outStrides] += x (contiguous of shape): sum-to-shape, slice backward. */
  stridedAccumulate(
    shape: Int32Array,
    x: Float32Array,
    out: Float32Array,
    outOffset: number,
    outStrides: Int32Array,
  ): void;

  /** out[Σ idx·outStrides] = reduce over x (contiguous of shape); outStrides are 0 on reduced axes. */
  reduceForward(op: ReduceOpCode, shape: Int32Array, x: Float32Array, outStrides: Int32Array, out: Float32Array): void;

  /** dx (contiguous of shape) from dy; max/min split dy evenly among tied maxima (y is the forward output). */
  reduceBackward(
    op: ReduceOpCode,
    shape: Int32Array,
    x: Float32Array,
    outStrides: Int32Array,
    y: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
  ): void;

  /** Row-wise softmax over the last axis of a rows×cols matrix. */
  softmaxForward(rows: number, cols: number, x: Float32Array, y: Float32Array): void;
  /** dx = y ⊙ (dy − Σ dy·y), per row. */
  softmaxBackward(rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /** y = x − max − log Σ e^(x − max), per row. */
  logSoftmaxForward(rows: number, cols: number, x: Float32Array, y: Float32Array): void;
  /** dx = dy − e^y · Σ dy, per row (y is the log-softmax output). */
  logSoftmaxBackward(rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void;
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

  // --- convolution, pooling, batch norm (NCHW; geometry from conv-geometry.ts) ---

  /** y = x ⊛ w + b: x [n, cIn, h, w], w [cOut, cIn/groups, kh, kw], y [n, cOut, outH, outW]; b may be null. */
  conv2dForward(geom: Int32Array, x: Float32Array, w: Float32Array, b: Float32Array | null, y: Float32Array): void;
  /** dx (overwritten) = the transposed convolution of dy with w. */
  conv2dBackwardData(geom: Int32Array, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  /** dw = Σ_images dy·im2col(x)ᵀ, db = Σ dy (both overwritten; db may be null). */
  conv2dBackwardWeight(
    geom: Int32Array,
    x: Float32Array,
    dy: Float32Array,
    dw: Float32Array,
    db: Float32Array | null,
  ): void;
  /** y = window max; indices = the winner's flat index in its input plane (PyTorch's). */
  maxPool2dForward(geom: Int32Array, x: Float32Array, y: Float32Array, indices: Int32Array): void;
  /** dx (overwritten): dy added at each output's winner. */
  maxPool2dBackward(geom: Int32Array, dy: Float32Array, indices: Int32Array, dx: Float32Array): void;
  /** y = window mean (countIncludePad / divisor as PyTorch's avg_pool2d). */
  avgPool2dForward(geom: Int32Array, x: Float32Array, y: Float32Array): void;
  /** dx (overwritten) = Σ over the windows holding each input of dy / divisor. */
  avgPool2dBackward(geom: Int32Array, dy: Float32Array, dx: Float32Array): void;
  /** PyTorch's adaptive average bins over planes of h×w into outH×outW. */
  adaptiveAvgPool2dForward(
    planes: number,
    h: number,
    w: number,
    outH: number,
    outW: number,
    x: Float32Array,
    y: Float32Array,
  ): void;
  adaptiveAvgPool2dBackward(
    planes: number,
    h: number,
    w: number,
    outH: number,
    outW: number,
    dy: Float32Array,
    dx: Float32Array,
  ): void;
  /** Per-channel mean and biased variance of x [n, c, spatial]. */
  batchNormStats(
    n: number,
    c: number,
    spatial: number,
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
  ): void;
  /** y = (x − mean)·invstd·γ + β per channel (gamma, beta may be null). */
  batchNormApply(
    n: number,
    c: number,
    spatial: number,
    x: Float32Array,
    mean: Float32Array,
    invstd: Float32Array,
    gamma: Float32Array | null,
    beta: Float32Array | null,
    y: Float32Array,
  ): void;
  /** dβ = Σ dy, dγ = Σ dy·x̂, dx (training: through the batch statistics too); any may be null. */
  batchNormBackward(
    n: number,
    c: number,
    spatial: number,
    x: Float32Array,
    mean: Float32Array,
    invstd: Float32Array,
    gamma: Float32Array | null,
    dy: Float32Array,
    training: boolean,
    dx: Float32Array | null,
    dGamma: Float32Array | null,
    dBeta: Float32Array | null,
  ): void;

  // --- sequence models: attention, normalisation, embeddings, recurrent cells ---

  /**
   * C_b = alpha·op(A_b)·op(B_b) + beta·C_b for b < batch, X_b at offset b·strideX: attention's
   * Q·Kᵀ and P·V on [batch·heads, T, d] in place. Stride 0 shares A or B across the batch;
   * strideC = 0 sums every product into one C (beta applied once).
   */
  gemmStridedBatched(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    strideA: number,
    b: Float32Array,
    strideB: number,
    beta: number,
    c: Float32Array,
    strideC: number,
    batch: number,
  ): void;

  /** Row softmax with torch's causal mask (row i of each block sees columns ≤ i; others 0). */
  causalSoftmaxForward(blocks: number, rowsPerBlock: number, cols: number, x: Float32Array, y: Float32Array): void;

  /** Layer norm (rms = false) or RMS norm per row; mean and rstd (one per row) kept for backward. */
  layerNormForward(
    rows: number,
    cols: number,
    rms: boolean,
    x: Float32Array,
    gamma: Float32Array | null,
    beta: Float32Array | null,
    eps: number,
    y: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
  ): void;

  /** dx overwritten; dGamma, dBeta added into. Any of the three may be null. */
  layerNormBackward(
    rows: number,
    cols: number,
    rms: boolean,
    x: Float32Array,
    gamma: Float32Array | null,
    mean: Float32Array,
    rstd: Float32Array,
    dy: Float32Array,
    dx: Float32Array | null,
    dGamma: Float32Array | null,
    dBeta: Float32Array | null,
  ): void;

  /** out[i, :] = weight[ids[i], :]; every id must be in [0, vocab). */
  embeddingForward(vocab: number, dim: number, ids: Int32Array, weight: Float32Array, out: Float32Array): void;

  /** dWeight[ids[i], :] += dy[i, :], skipping paddingIdx (−1 for none). */
  embeddingBackward(
    vocab: number,
    dim: number,
    ids: Int32Array,
    dy: Float32Array,
    paddingIdx: number,
    dWeight: Float32Array,
  ): void;

  /** LSTM cell, PyTorch gate order [i f g o]: preGates → activated gates, c, h. */
  lstmCellForward(
    batch: number,
    hidden: number,
    preGates: Float32Array,
    cPrev: Float32Array,
    gates: Float32Array,
    c: Float32Array,
    h: Float32Array,
  ): void;

  /** dh, dc (null: zero) → dPreGates, dcPrev. */
  lstmCellBackward(
    batch: number,
    hidden: number,
    gates: Float32Array,
    cPrev: Float32Array,
    c: Float32Array,
    dh: Float32Array,
    dc: Float32Array | null,
    dPreGates: Float32Array,
    dcPrev: Float32Array,
  ): void;

  /** GRU cell, PyTorch gate order [r z n]; saved keeps [r z n gh_n]. */
  gruCellForward(
    batch: number,
    hidden: number,
    gx: Float32Array,
    gh: Float32Array,
    hPrev: Float32Array,
    saved: Float32Array,
    h: Float32Array,
  ): void;

  /** dh → dgx, dgh and dhPrev's direct part dh⊙z. */
  gruCellBackward(
    batch: number,
    hidden: number,
    saved: Float32Array,
    hPrev: Float32Array,
    dh: Float32Array,
    dgx: Float32Array,
    dgh: Float32Array,
    dhPrev: Float32Array,
  ): void;
}
