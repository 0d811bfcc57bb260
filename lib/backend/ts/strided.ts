// Strided iteration for the TypeScript kernels: instead of an N-d index loop per element,
// a kernel gets one start offset per operand for each "row" (the last, merged axis) and
// runs a plain inner loop along it. Axes that are contiguous for every operand are merged
// first, so same-shape and scalar-broadcast cases run as a single long row.

export interface RowPlan {
  /** Length of each row (the merged innermost axis). */
  inner: number;
  /** Number of rows. */
  rows: number;
  /** Stride along the row, per operand. */
  innerStrides: number[];
  /** Start offset of each row, per operand. */
  offsets: Int32Array[];
}

/** Row plan for iterating `shape` with one stride vector per operand. */
export function planRows(shape: Int32Array, stridesList: Int32Array[]): RowPlan {
  const operands = stridesList.length;
  // Drop size-1 axes (their stride never moves), then merge axis d into d+1 when, for every
  // operand, stepping d equals stepping d+1 across its whole length.
  const dims: number[] = [];
  const strides: number[][] = [];
  for (let o = 0; o < operands; o++) strides.push([]);
  let total = 1;
  for (let d = 0; d < shape.length; d++) {
    total *= shape[d];
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    let mergeable = last >= 0;
    for (let o = 0; mergeable && o < operands; o++) {
      if (strides[o][last] !== stridesList[o][d] * shape[d]) mergeable = false;
    }
    if (mergeable) {
      dims[last] *= shape[d];
      for (let o = 0; o < operands; o++) strides[o][last] = stridesList[o][d];
    } else {
      dims.push(shape[d]);
      for (let o = 0; o < operands; o++) strides[o].push(stridesList[o][d]);
    }
  }
  if (total === 0) return { inner: 0, rows: 0, innerStrides: new Array(operands).fill(0), offsets: [] };
  const nd = dims.length;
  const inner = nd === 0 ? 1 : dims[nd - 1];
  const rows = total / inner;
  const innerStrides: number[] = [];
  const offsets: Int32Array[] = [];
  for (let o = 0; o < operands; o++) {
    innerStrides.push(nd === 0 ? 0 : strides[o][nd - 1]);
    offsets.push(new Int32Array(rows));
  }
  // Odometer over the outer axes, once per row (not per element).
  const index = new Int32Array(Math.max(nd - 1, 0));
  const current = new Array(operands).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < operands; o++) offsets[o][r] = current[o];
    for (let d = nd - 2; d >= 0; d--) {
      index[d]++;
      for (let o = 0; o < operands; o++) current[o] += strides[o][d];
      if (index[d] < dims[d]) break;
      for (let o = 0; o < operands; o++) current[o] -= strides[o][d] * dims[d];
      index[d] = 0;
    }
  }
  return { inner, rows, innerStrides, offsets };
}

/** Row-major strides of a dense array of this shape. */
export function contiguousStrides(shape: Int32Array): Int32Array {
  const strides = new Int32Array(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}
