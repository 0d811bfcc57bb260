// Row-wise softmax and log-softmax over the last axis of a rows×cols matrix, and their
// backward passes. Subtracting the row max first keeps e^x finite for any input.

export function softmaxForward(rows: number, cols: number, x: Float32Array, y: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[o + j] - max);
      y[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) y[o + j] *= inv;
  }
}

/** dx = y ⊙ (dy − Σⱼ dyⱼ·yⱼ): the softmax Jacobian diag(y) − y·yᵀ applied to dy. */
export function softmaxBackward(rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += dy[o + j] * y[o + j];
    for (let j = 0; j < cols; j++) dx[o + j] = y[o + j] * (dy[o + j] - dot);
  }
}

export function logSoftmaxForward(rows: number, cols: number, x: Float32Array, y: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(x[o + j] - max);
    const shift = max + Math.log(sum); // log Σ eˣ
    for (let j = 0; j < cols; j++) y[o + j] = x[o + j] - shift;
  }
}

/** dx = dy − softmax·Σⱼ dyⱼ, where softmax = e^y from the saved log-softmax output. */
export function logSoftmaxBackward(
  rows: number,
  cols: number,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += dy[o + j];
    for (let j = 0; j < cols; j++) dx[o + j] = dy[o + j] - Math.exp(y[o + j]) * sum;
  }
}
