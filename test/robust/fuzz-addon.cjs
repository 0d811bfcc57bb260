// Fuzzes every entry point of the native addon with valid, random and malformed arguments:
// wrong types, short / long / detached / SharedArrayBuffer-backed arrays, huge, negative, NaN
// and fractional sizes, overlapping inputs and outputs, missing and extra arguments. Each call
// must either return or throw a JS Error whose message starts with the op's name; the process
// must never crash. Prints a JSON summary. Usage: node fuzz-addon.cjs [iterations] [seed]
// (CHAINRULE_ADDON_PATH loads a specific build, e.g. the sanitizer one).
'use strict';
const path = require('node:path');

const addonPath = process.env.CHAINRULE_ADDON_PATH;
const addon = addonPath
  ? require(addonPath)
  : require(require('node-gyp-build').resolve(path.join(__dirname, '..', '..')));

const iterations = Number(process.argv[2] || 20000);
let seed = Number(process.argv[3] || 1) >>> 0;
function rand() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(rand() * list.length)];
const size = () => Math.floor(rand() * 7);
const floats = (n) => Float32Array.from({ length: n }, () => rand() * 4 - 2);
const labels = (rows, cols) => Float32Array.from({ length: rows }, () => Math.floor(rand() * Math.max(cols, 1)));

// A valid call of each entry point: [name, args] with arrays sized from random dimensions.
const specs = {
  gemm: () => {
    const [m, n, k] = [size(), size(), size()];
    return [rand() < 0.5, rand() < 0.5, m, n, k, 1.5, floats(m * k), floats(k * n), 0.5, floats(m * n)];
  },
  activationForward: () => {
    const n = size() * 5;
    return [Math.floor(rand() * 8), 0.1, floats(n), floats(n)];
  },
  activationBackward: () => {
    const n = size() * 5;
    return [Math.floor(rand() * 8), 0.1, floats(n), floats(n), floats(n), floats(n)];
  },
  denseForward: () => {
    const [m, n, k] = [size(), size(), size()];
    return [
      m,
      n,
      k,
      floats(m * k),
      floats(n * k),
      floats(n),
      Math.floor(rand() * 8),
      0.1,
      floats(m * n),
      floats(m * n),
    ];
  },
  denseBackward: () => {
    const [m, n, k] = [size(), size(), size()];
    const mn = () => floats(m * n);
    return [
      m,
      n,
      k,
      floats(m * k),
      floats(n * k),
      mn(),
      mn(),
      mn(),
      Math.floor(rand() * 8),
      0.1,
      mn(),
      floats(m * k),
      floats(n * k),
      floats(n),
      rand() < 0.5,
    ];
  },
  softmaxForward: () => rowsCols((r, c) => [r, c, floats(r * c), floats(r * c)]),
  softmaxBackward: () => rowsCols((r, c) => [r, c, floats(r * c), floats(r * c), floats(r * c)]),
  logSoftmaxForward: () => rowsCols((r, c) => [r, c, floats(r * c), floats(r * c)]),
  logSoftmaxBackward: () => rowsCols((r, c) => [r, c, floats(r * c), floats(r * c), floats(r * c)]),
  softmaxCrossEntropyForward: () => rowsCols((r, c) => [r, c, floats(r * c), labels(r, c), floats(r * c), floats(r)]),
  softmaxCrossEntropyBackward: () => rowsCols((r, c) => [r, c, floats(r * c), labels(r, c), floats(r), floats(r * c)]),
  sgdUpdate: () => {
    const n = size() * 3;
    return [floats(n), floats(n), floats(n), 0.1, 0.9, 0, 0.01, rand() < 0.5, rand() < 0.5];
  },
  adamUpdate: () => {
    const n = size() * 3;
    return [
      floats(n),
      floats(n),
      floats(n),
      new Float32Array(n),
      1e-3,
      0.9,
      0.999,
      1e-8,
      0.01,
      rand() < 0.5,
      1 + Math.floor(rand() * 5),
    ];
  },
  setNumThreads: () => [1 + Math.floor(rand() * 2)],
  measureFmaPeak: () => [1 + Math.floor(rand() * 2), 1],
  measureBandwidth: () => [1 + Math.floor(rand() * 2), 0.01 + rand() * 0.1],
  getNumThreads: () => [],
  info: () => [],
  setIsa: () => [pick(['generic', 'avx2'])],
};
function rowsCols(make) {
  const r = size();
  return make(r, 1 + size());
}

function detached(n) {
  const f = new Float32Array(n);
  structuredClone(f.buffer, { transfer: [f.buffer] });
  return f;
}
function shared(n) {
  return new Float32Array(new SharedArrayBuffer(4 * n));
}

// Replacements for one argument, relative to the valid value it replaces.
function mutate(value, args) {
  const len = value instanceof Float32Array ? value.length : 3;
  const junk = [
    undefined,
    null,
    true,
    'x',
    {},
    [],
    [1, 2, 3],
    1n,
    Symbol('s'),
    () => 0,
    NaN,
    Infinity,
    -Infinity,
    -1,
    -0,
    0.5,
    2 ** 31 + 1,
    2 ** 53,
    1e308,
    -(2 ** 40),
    new Float64Array(len),
    new Int32Array(len),
    new Uint8Array(len * 4),
    new Float32Array(Math.max(0, len - 1)),
    new Float32Array(len + 1),
    new Float32Array(0),
    detached(len),
    shared(len),
    new DataView(new ArrayBuffer(4 * len)),
    new ArrayBuffer(4 * len),
  ];
  // an output or input aliasing another array argument, exactly or shifted by one element
  const others = args.filter((a) => a instanceof Float32Array && a !== value && a.length > 0);
  if (others.length > 0) {
    const o = pick(others);
    junk.push(o, o.subarray(1), new Float32Array(o.buffer, o.byteOffset, Math.min(len, o.length)));
  }
  return pick(junk);
}

const summary = { iterations, calls: 0, returned: 0, threw: 0, badErrors: [] };
const names = Object.keys(specs).filter((n) => typeof addon[n] === 'function');
const missing = Object.keys(addon).filter((n) => typeof addon[n] === 'function' && !specs[n]);
if (missing.length > 0) throw new Error(`fuzz: no spec for addon entry points ${missing.join(', ')}`);

for (let i = 0; i < iterations; i++) {
  const name = names[i % names.length];
  const args = specs[name]();
  const roll = rand();
  if (roll < 0.15) {
    // valid call
  } else if (roll < 0.25) {
    if (rand() < 0.5) args.pop();
    else args.push(floats(2));
  } else {
    const times = 1 + Math.floor(rand() * 2);
    for (let t = 0; t < times && args.length > 0; t++) {
      const j = Math.floor(rand() * args.length);
      args[j] = mutate(args[j], args);
    }
  }
  summary.calls++;
  try {
    addon[name](...args);
    summary.returned++;
  } catch (err) {
    summary.threw++;
    const ok = err instanceof Error && typeof err.message === 'string' && err.message.startsWith(`${name}: `);
    if (!ok && summary.badErrors.length < 10) summary.badErrors.push(`${name}: ${String(err && err.message)}`);
  }
}

// Memory is intact: a known product still comes out right.
addon.setIsa('generic');
const c = new Float32Array(4);
addon.gemm(false, false, 2, 2, 2, 1, new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), 0, c);
summary.afterwards = Array.from(c);
process.stdout.write(`${JSON.stringify(summary)}\n`);
