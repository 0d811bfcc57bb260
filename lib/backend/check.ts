// Argument checks for the TypeScript kernels, worded as the native addon words them.

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return `${v.constructor.name}(${(v as unknown as { length: number }).length})`;
  }
  if (Array.isArray(v)) return `an Array(${v.length})`;
  if (typeof v === 'number') return `number ${v}`;
  if (typeof v === 'string') return 'a string';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function checkFloats(op: string, name: string, v: unknown, length: number, lengthText: string): void {
  if (!(v instanceof Float32Array)) {
    throw new TypeError(
      `${op}: expected ${name} to be a Float32Array of length ${lengthText} = ${length}, got ${describeValue(v)}`,
    );
  }
  if (v.length !== length) {
    throw new RangeError(
      `${op}: expected ${name} to be a Float32Array of length ${lengthText} = ${length}, got Float32Array(${v.length})`,
    );
  }
}

export function checkSize(op: string, name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 31) {
    const err = typeof v === 'number' ? RangeError : TypeError;
    throw new err(`${op}: expected ${name} to be an integer in [0, 2^31], got ${describeValue(v)}`);
  }
}

export function checkGemmArgs(m: number, n: number, k: number, a: unknown, b: unknown, c: unknown): void {
  checkSize('gemm', 'm', m);
  checkSize('gemm', 'n', n);
  checkSize('gemm', 'k', k);
  checkFloats('gemm', 'a', a, m * k, 'm*k');
  checkFloats('gemm', 'b', b, k * n, 'k*n');
  checkFloats('gemm', 'c', c, m * n, 'm*n');
}
