// model.toFunction(): the model as standalone JavaScript — `predict(input, batch?)` with the
// weights embedded as base64 little-endian float32, and nothing to install to run it
// (brain.js's toFunction, for dense Sequential models). The generated code is ES5-level
// plain script: loaded with require() it exports predict; as a <script> it defines the
// global `predict`; with { format: 'esm' } it ends in `export default predict`.
// It computes in float64 and returns a Float32Array of batch × outFeatures.
import {
  defaultAlpha,
  type ModelDescription,
  modelWidths,
  type NamedTensors,
  validateDescription,
  validateTensors,
} from './description.js';
import { float32Bytes } from './dtypes.js';

export interface FunctionSourceOptions {
  /** 'script' (default): CommonJS when `module` exists, else a global; 'esm': an ES module. */
  format?: 'script' | 'esm';
}

function base64(data: Float32Array): string {
  const bytes = float32Bytes(data);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The runtime, emitted verbatim: a base64 decoder, the activations, and the forward loop. */
const runtime = `
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function floats(text) {
    // base64 → bytes → little-endian float32 (DataView: correct on any host byte order)
    var bytes = new Uint8Array((text.length * 3) >> 2), k = 0, bits = 0, acc = 0;
    for (var i = 0; i < text.length; i++) {
      var v = B64.indexOf(text.charAt(i));
      if (v < 0) continue; // '=' padding
      acc = (acc << 6) | v; bits += 6;
      if (bits >= 8) { bits -= 8; bytes[k++] = (acc >> bits) & 255; }
    }
    var view = new DataView(bytes.buffer), out = new Float64Array(k >> 2);
    for (var j = 0; j < out.length; j++) out[j] = view.getFloat32(4 * j, true);
    return out;
  }
  function erf(x) { // Abramowitz & Stegun 7.1.26, |error| <= 1.5e-7
    var s = x < 0 ? -1 : 1, a = Math.abs(x), t = 1 / (1 + 0.3275911 * a);
    var p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return s * (1 - p * Math.exp(-a * a));
  }
  function activate(act, alpha, y, rows, cols) {
    var n = rows * cols, i, x;
    switch (act) {
      case 'identity': return;
      case 'relu': for (i = 0; i < n; i++) if (y[i] < 0) y[i] = 0; return;
      case 'sigmoid': for (i = 0; i < n; i++) { x = y[i]; y[i] = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); } return;
      case 'tanh': for (i = 0; i < n; i++) y[i] = Math.tanh(y[i]); return;
      case 'leakyRelu': for (i = 0; i < n; i++) if (y[i] < 0) y[i] *= alpha; return;
      case 'elu': for (i = 0; i < n; i++) { x = y[i]; if (x < 0) y[i] = alpha * (Math.exp(x) - 1); } return;
      case 'gelu': for (i = 0; i < n; i++) { x = y[i]; y[i] = 0.5 * x * (1 + erf(x * Math.SQRT1_2)); } return;
      case 'softplus': for (i = 0; i < n; i++) { x = y[i]; y[i] = Math.max(x, 0) + Math.log(1 + Math.exp(-Math.abs(x))); } return;
      case 'softmax': // per row, shifted by the row max so exp cannot overflow
        for (var r = 0; r < rows; r++) {
          var o = r * cols, max = -Infinity, sum = 0, c;
          for (c = 0; c < cols; c++) if (y[o + c] > max) max = y[o + c];
          for (c = 0; c < cols; c++) { y[o + c] = Math.exp(y[o + c] - max); sum += y[o + c]; }
          for (c = 0; c < cols; c++) y[o + c] /= sum;
        }
        return;
    }
    throw new Error('predict: unknown activation ' + act);
  }
  for (var l = 0; l < layers.length; l++) {
    if (layers[l].w) layers[l].w = floats(layers[l].w);
    if (layers[l].b) layers[l].b = floats(layers[l].b);
  }
  function predict(input, batch) {
    if (input && input.length && typeof input[0] === 'object') { // rows: [[...], [...]]
      var flat = [];
      for (var q = 0; q < input.length; q++) for (var u = 0; u < input[q].length; u++) flat.push(input[q][u]);
      input = flat;
    }
    if (batch === undefined) batch = input.length / IN;
    if (!(batch >= 0) || Math.floor(batch) !== batch || input.length !== batch * IN)
      throw new Error('predict: expected input of batch × ' + IN + ' numbers, got ' + input.length + (arguments.length > 1 ? ' for batch ' + arguments[1] : ''));
    var x = new Float64Array(input.length), width = IN;
    for (var e = 0; e < x.length; e++) x[e] = +input[e];
    for (var l = 0; l < layers.length; l++) {
      var L = layers[l];
      if (L.type === 'dense') {
        var y = new Float64Array(batch * L.out);
        for (var r = 0; r < batch; r++)
          for (var j = 0; j < L.out; j++) {
            var s = L.b ? L.b[j] : 0, xo = r * L.in, wo = j * L.in; // y = x·Wᵀ + b, W is [out, in]
            for (var k = 0; k < L.in; k++) s += x[xo + k] * L.w[wo + k];
            y[r * L.out + j] = s;
          }
        x = y; width = L.out;
      }
      if (L.act) activate(L.act, L.alpha, x, batch, width);
    }
    return Float32Array.from(x);
  }
  predict.inputSize = IN;
  predict.outputSize = OUT;`;

/** Standalone JavaScript source of `predict(input, batch?) → Float32Array` with the weights embedded. */
export function toFunctionSource(
  description: ModelDescription,
  tensors: NamedTensors,
  options: FunctionSourceOptions = {},
): string {
  validateDescription(description, 'toFunction', 'save');
  validateTensors(description, tensors, 'toFunction', 'save');
  const { inFeatures, outFeatures } = modelWidths(description);
  const layers: string[] = [];
  const summary: string[] = [];
  description.layers.forEach((layer, i) => {
    if (layer.type === 'dropout') return; // identity at inference
    const act = layer.activation === 'identity' ? null : layer.activation;
    const alpha = layer.alpha ?? defaultAlpha(layer.activation);
    if (layer.type === 'activation') {
      if (act !== null) layers.push(`    { type: 'activation', act: ${JSON.stringify(act)}, alpha: ${alpha} }`);
      summary.push(layer.activation);
      return;
    }
    const w = JSON.stringify(base64(tensors[`${i}.weight`].data));
    const b = layer.bias ? JSON.stringify(base64(tensors[`${i}.bias`].data)) : 'null';
    layers.push(
      `    { type: 'dense', in: ${layer.inFeatures}, out: ${layer.outFeatures}, act: ${JSON.stringify(act)}, alpha: ${alpha},\n      w: ${w},\n      b: ${b} }`,
    );
    summary.push(`dense ${layer.inFeatures}→${layer.outFeatures}${act ? ` ${act}` : ''}`);
  });
  const header = [
    '// Generated by chainrule toFunctionSource(): standalone inference, no dependencies.',
    `// ${summary.join(', ')}`,
    `// predict(input: number[] | number[][] | Float32Array, batch?) → Float32Array(batch × ${outFeatures})`,
  ];
  const body = [
    'var predict = (function () {',
    `  var IN = ${inFeatures}, OUT = ${outFeatures};`,
    '  var layers = [',
    layers.join(',\n'),
    '  ];',
    runtime,
    '  return predict;',
    '})();',
  ];
  const footer =
    options.format === 'esm'
      ? ['export { predict };', 'export default predict;']
      : [
          "if (typeof module === 'object' && module !== null && module.exports) {",
          '  module.exports = predict;',
          '  module.exports.predict = predict;',
          '}',
        ];
  return `${[...header, ...body, ...footer].join('\n')}\n`;
}
