// Weight initialisation, in place, from the library's seeded generator (manualSeed), so the
// same seed gives the same weights on either backend. Gains and fans follow PyTorch's
// torch.nn.init (calculate_gain, _calculate_fan_in_and_fan_out).
import { random, randomNormal } from '../random.js';
import type { Tensor } from '../tensor.js';

export type Nonlinearity =
  'linear' | 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'elu' | 'gelu' | 'softplus' | 'softmax';

/** PyTorch's calculate_gain: linear/sigmoid 1, tanh 5/3, relu √2, leaky √(2/(1+a²)). */
export function calculateGain(nonlinearity: Nonlinearity | string, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'identity':
    case 'sigmoid':
    case 'softmax':
    case 'softplus':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
    case 'gelu':
      return Math.SQRT2;
    case 'elu':
      return Math.SQRT2; // PyTorch has no ELU entry; ELU behaves like ReLU for x > 0
    case 'leakyRelu': {
      const a = param ?? 0.01;
      return Math.sqrt(2 / (1 + a * a));
    }
    default:
      throw new RangeError(
        `calculateGain: unknown nonlinearity '${String(nonlinearity)}'; expected one of linear, sigmoid, tanh, relu, leakyRelu, elu, gelu, softplus, softmax`,
      );
  }
}

/** fan_in and fan_out of a weight [out, in] (or [out, in, ...receptive field]). */
export function fans(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) {
    throw new RangeError(
      `init: fan in and fan out need a weight with at least 2 dimensions, got [${t.shape.join(',')}]`,
    );
  }
  let receptive = 1;
  for (let i = 2; i < t.ndim; i++) receptive *= t.shape[i];
  return { fanIn: t.shape[1] * receptive, fanOut: t.shape[0] * receptive };
}

export function zeros_(t: Tensor): Tensor {
  t.data.fill(0);
  return t;
}

export function constant_(t: Tensor, value: number): Tensor {
  t.data.fill(value);
  return t;
}

/** N(mean, std²) — the notes' Gaussian initialisation. */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  if (!(std >= 0)) throw new RangeError(`init.normal: expected std ≥ 0, got ${std}`);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = mean + std * randomNormal();
  return t;
}

export function uniform_(t: Tensor, low = 0, high = 1): Tensor {
  if (!(high >= low)) throw new RangeError(`init.uniform: expected low ≤ high, got low ${low}, high ${high}`);
  const d = t.data;
  const width = high - low;
  for (let i = 0; i < d.length; i++) d[i] = low + width * random();
  return t;
}

/** Glorot & Bengio: U(−a, a), a = gain·√(6/(fan_in+fan_out)). */
export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = fans(t);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -a, a);
}

/** Glorot & Bengio: N(0, std²), std = gain·√(2/(fan_in+fan_out)). */
export function xavierNormal_(t: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = fans(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

export interface KaimingOptions {
  /** The negative slope of the rectifier after this layer (leakyRelu only). */
  a?: number;
  mode?: 'fanIn' | 'fanOut';
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, opts: KaimingOptions): number {
  const { fanIn, fanOut } = fans(t);
  const fan = (opts.mode ?? 'fanIn') === 'fanIn' ? fanIn : fanOut;
  const gain = calculateGain(opts.nonlinearity ?? 'leakyRelu', opts.a ?? 0);
  return gain / Math.sqrt(fan);
}

/** He et al.: U(−b, b), b = gain·√(3/fan). */
export function kaimingUniform_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, opts);
  return uniform_(t, -bound, bound);
}

/** He et al.: N(0, std²), std = gain/√fan. */
export function kaimingNormal_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, opts));
}

/** How a Dense layer initialises its weight (the bias starts at zero unless 'pytorch'). */
export type InitSpec =
  | 'auto'
  | 'pytorch'
  | 'zeros'
  | 'normal'
  | 'uniform'
  | 'xavierUniform'
  | 'xavierNormal'
  | 'heUniform'
  | 'heNormal'
  | { type: 'constant'; value: number }
  | { type: 'normal'; mean?: number; std?: number }
  | { type: 'uniform'; low?: number; high?: number }
  | { type: 'xavierUniform' | 'xavierNormal'; gain?: number }
  | { type: 'heUniform' | 'heNormal'; mode?: 'fanIn' | 'fanOut' };

export const initNames = [
  'auto',
  'pytorch',
  'zeros',
  'normal',
  'uniform',
  'xavierUniform',
  'xavierNormal',
  'heUniform',
  'heNormal',
  'constant',
] as const;

/**
 * 'auto' picks from the activation: He (Kaiming) normal for the rectifiers (relu,
 * leakyRelu, elu, gelu), Xavier (Glorot) uniform with the activation's gain otherwise.
 * 'pytorch' is nn.Linear's default: U(±1/√fan_in) for weight and bias.
 */
export function initDense(
  weight: Tensor,
  bias: Tensor | null,
  spec: InitSpec,
  activation: string,
  alpha?: number,
): void {
  const s = typeof spec === 'string' ? { type: spec } : spec;
  const rectifier =
    activation === 'relu' || activation === 'leakyRelu' || activation === 'elu' || activation === 'gelu';
  const nonlinearity = (activation === 'identity' ? 'linear' : activation) as Nonlinearity;
  if (bias) bias.data.fill(0);
  switch (s.type) {
    case 'auto':
      if (rectifier) kaimingNormal_(weight, { nonlinearity, a: alpha });
      else xavierUniform_(weight, calculateGain(nonlinearity, alpha));
      return;
    case 'pytorch': {
      const bound = 1 / Math.sqrt(fans(weight).fanIn);
      uniform_(weight, -bound, bound);
      if (bias) uniform_(bias, -bound, bound);
      return;
    }
    case 'zeros':
      zeros_(weight);
      return;
    case 'constant':
      constant_(weight, (s as { value: number }).value);
      return;
    case 'normal': {
      const o = s as { mean?: number; std?: number };
      normal_(weight, o.mean ?? 0, o.std ?? 1);
      return;
    }
    case 'uniform': {
      const o = s as { low?: number; high?: number };
      uniform_(weight, o.low ?? -1, o.high ?? 1);
      return;
    }
    case 'xavierUniform':
    case 'xavierNormal': {
      const gain = (s as { gain?: number }).gain ?? calculateGain(nonlinearity, alpha);
      if (s.type === 'xavierUniform') xavierUniform_(weight, gain);
      else xavierNormal_(weight, gain);
      return;
    }
    case 'heUniform':
    case 'heNormal': {
      const opts: KaimingOptions = {
        mode: (s as { mode?: 'fanIn' | 'fanOut' }).mode ?? 'fanIn',
        nonlinearity: rectifier ? nonlinearity : 'relu',
        a: alpha,
      };
      if (s.type === 'heUniform') kaimingUniform_(weight, opts);
      else kaimingNormal_(weight, opts);
      return;
    }
    default:
      throw new RangeError(
        `Dense: unknown init '${String((s as { type: unknown }).type)}'; expected one of ${initNames.join(', ')}`,
      );
  }
}
