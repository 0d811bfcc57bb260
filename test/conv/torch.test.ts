// The convolution family against PyTorch (float64 on the torch side): forward values and
// every input's gradient, on random shapes with odd sizes, stride/padding/dilation/groups
// combinations, batch 1, unbatched input, and max-pool ties. Skips with a printed reason
// when no python with torch is found (test/torch.ts).
import { describe, expect, it } from 'vitest';
import {
  adaptiveAvgPool2d,
  avgPool1d,
  avgPool2d,
  batchNorm,
  conv1d,
  conv2d,
  convTranspose2d,
  groupNorm,
  maxPool1d,
  maxPool2d,
  Tensor,
} from '../../lib/index.js';
import { randomArray, seededRandom } from '../reference.js';
import { hasTorch, runTorch } from '../torch.js';

const rand = seededRandom(17);
const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);
const leaf = (shape: number[], scale = 1) => new Tensor(randomArray(rand, sizeOf(shape), scale), shape).requiresGrad_();

interface Case {
  kind: string;
  args: Record<string, unknown>;
  inputs: Record<string, { shape: number[]; data: number[] }>;
  dy: number[];
  ours: { y: Float32Array; grads: Record<string, Float32Array | null> };
}

/** Runs fn on fresh leaves, backpropagates a random dy, and records everything torch needs. */
function record(kind: string, args: Record<string, unknown>, inputs: Record<string, Tensor>, fn: () => Tensor): Case {
  const y = fn();
  const dy = randomArray(rand, y.size);
  y.backward(new Tensor(dy, y.shape.slice()));
  const grads: Record<string, Float32Array | null> = {};
  for (const [name, t] of Object.entries(inputs)) grads[name] = t.grad ? t.grad.data : null;
  return {
    kind,
    args,
    inputs: Object.fromEntries(
      Object.entries(inputs).map(([k, t]) => [k, { shape: t.shape, data: Array.from(t.data) }]),
    ),
    dy: Array.from(dy),
    ours: { y: y.data, grads },
  };
}

const script = `
import torch.nn.functional as F
out = []
for c in data:
    t = {k: torch.tensor(v['data'], dtype=torch.float64).reshape(v['shape']).requires_grad_() for k, v in c['inputs'].items()}
    a = c['args']; k = c['kind']
    if k == 'conv2d': y = F.conv2d(t['x'], t['w'], t.get('b'), stride=a['stride'], padding=a['padding'], dilation=a['dilation'], groups=a['groups'])
    elif k == 'conv1d': y = F.conv1d(t['x'], t['w'], t.get('b'), stride=a['stride'], padding=a['padding'], dilation=a['dilation'], groups=a['groups'])
    elif k == 'convTranspose2d': y = F.conv_transpose2d(t['x'], t['w'], t.get('b'), stride=a['stride'], padding=a['padding'], output_padding=a['outputPadding'], groups=a['groups'], dilation=a['dilation'])
    elif k == 'maxPool2d': y = F.max_pool2d(t['x'], a['kernel'], a['stride'], a['padding'], a['dilation'], ceil_mode=a['ceilMode'])
    elif k == 'maxPool1d': y = F.max_pool1d(t['x'], a['kernel'], a['stride'], a['padding'], a['dilation'], ceil_mode=a['ceilMode'])
    elif k == 'avgPool2d': y = F.avg_pool2d(t['x'], a['kernel'], a['stride'], a['padding'], ceil_mode=a['ceilMode'], count_include_pad=a['countIncludePad'], divisor_override=a.get('divisor'))
    elif k == 'avgPool1d': y = F.avg_pool1d(t['x'], a['kernel'], a['stride'], a['padding'], ceil_mode=a['ceilMode'], count_include_pad=a['countIncludePad'])
    elif k == 'adaptiveAvgPool2d': y = F.adaptive_avg_pool2d(t['x'], a['out'])
    elif k == 'batchNorm':
        rm = torch.tensor(a['rm']); rv = torch.tensor(a['rv'])
        y = F.batch_norm(t['x'], rm, rv, t.get('w'), t.get('b'), training=a['training'], momentum=a['momentum'], eps=a['eps'])
    elif k == 'groupNorm': y = F.group_norm(t['x'], a['groups'], t.get('w'), t.get('b'), eps=a['eps'])
    y.backward(torch.tensor(c['dy']).reshape(y.shape))
    r = {'shape': list(y.shape), 'y': y.detach().flatten().tolist(), 'grads': {n: (v.grad.flatten().tolist() if v.grad is not None else None) for n, v in t.items()}}
    if k == 'batchNorm': r['rm'] = rm.tolist(); r['rv'] = rv.tolist()
    out.append(r)
result = out
`;

function maxErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return Number.isNaN(m) ? Number.POSITIVE_INFINITY : m;
}

function compare(cases: Case[], extra?: (c: Case, r: Record<string, number[]>) => void): void {
  const results = runTorch<{ y: number[]; grads: Record<string, number[] | null> }[]>(
    script,
    cases.map(({ kind, args, inputs, dy }) => ({ kind, args, inputs, dy })),
  );
  cases.forEach((c, i) => {
    const r = results[i];
    const label = `${c.kind} ${JSON.stringify(c.args)} ${JSON.stringify(Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, v.shape])))}`;
    expect(maxErr(c.ours.y, r.y), `${label}: y`).toBeLessThan(1e-4);
    for (const [name, g] of Object.entries(c.ours.grads)) {
      expect(g === null, `${label}: ${name} grad presence`).toBe(r.grads[name] === null);
      if (g !== null) expect(maxErr(g, r.grads[name]!), `${label}: d${name}`).toBeLessThan(1e-4);
    }
    extra?.(c, r as unknown as Record<string, number[]>);
  });
}

describe.runIf(hasTorch())('convolutions match PyTorch', () => {
  it('conv2d: odd sizes, stride, padding (int, pair, same, valid), dilation, groups, bias, batch 1, unbatched', () => {
    const specs: [number[], number, number[], Record<string, unknown>][] = [
      // [x shape, cOut, kernel, options]
      [[2, 3, 7, 9], 4, [3, 3], {}],
      [[1, 1, 5, 5], 2, [5, 5], {}],
      [[3, 2, 8, 7], 5, [3, 2], { stride: 2, padding: 1 }],
      [[2, 4, 9, 11], 6, [3, 3], { stride: [2, 3], padding: [0, 2], dilation: [2, 1], groups: 2 }],
      [[1, 6, 7, 7], 6, [3, 3], { padding: 1, groups: 6 }], // depthwise
      [[2, 3, 6, 5], 4, [4, 2], { padding: 'same' }], // even kernel: the extra pad at the end
      [[2, 3, 6, 5], 4, [3, 3], { padding: 'same', dilation: 2 }],
      [[2, 3, 6, 5], 4, [2, 3], { padding: 'valid', stride: [1, 2] }],
      [[2, 8, 5, 6], 4, [1, 1], {}], // pointwise: no im2col
      [[1, 8, 5, 6], 4, [1, 1], { stride: 2 }],
      [[3, 13, 13], 7, [3, 3], { stride: 2, padding: 1 }], // unbatched
      [[2, 4, 3, 3], 4, [3, 3], { padding: 2, dilation: 2, groups: 4 }],
    ];
    const cases = specs.map(([xs, cOut, k, o], idx) => {
      const cIn = xs.length === 4 ? xs[1] : xs[0];
      const groups = (o.groups as number) ?? 1;
      const x = leaf(xs);
      const w = leaf([cOut, cIn / groups, ...k], 0.5);
      const inputs: Record<string, Tensor> = { x, w };
      const b = idx % 3 === 2 ? null : leaf([cOut]);
      if (b) inputs.b = b;
      const args = { stride: o.stride ?? 1, padding: o.padding ?? 0, dilation: o.dilation ?? 1, groups };
      return record('conv2d', args, inputs, () => conv2d(x, w, b, o));
    });
    compare(cases);
  });

  it('conv1d: stride, padding, dilation, groups, same', () => {
    const specs: [number[], number, number, Record<string, unknown>][] = [
      [[2, 3, 11], 4, 3, {}],
      [[1, 4, 10], 6, 4, { stride: 3, padding: 2, dilation: 2, groups: 2 }],
      [[2, 2, 9], 2, 4, { padding: 'same' }],
      [[3, 7], 5, 3, { padding: 1 }],
    ];
    const cases = specs.map(([xs, cOut, k, o]) => {
      const cIn = xs.length === 3 ? xs[1] : xs[0];
      const groups = (o.groups as number) ?? 1;
      const x = leaf(xs);
      const w = leaf([cOut, cIn / groups, k], 0.5);
      const b = leaf([cOut]);
      const args = { stride: o.stride ?? 1, padding: o.padding ?? 0, dilation: o.dilation ?? 1, groups };
      return record('conv1d', args, { x, w, b }, () => conv1d(x, w, b, o));
    });
    compare(cases);
  });

  it('convTranspose2d: stride, padding, outputPadding, dilation, groups', () => {
    const specs: [number[], number, number[], Record<string, unknown>][] = [
      [[2, 3, 5, 4], 2, [3, 3], {}],
      [[1, 4, 3, 5], 3, [3, 2], { stride: 2, padding: 1, outputPadding: 1 }],
      [
        [2, 4, 4, 4],
        6,
        [3, 3],
        { stride: [2, 3], padding: [1, 0], outputPadding: [0, 2], dilation: [1, 2], groups: 2 },
      ],
      [[3, 6, 7], 4, [2, 2], { stride: 2 }],
    ];
    const cases = specs.map(([xs, cOut, k, o], idx) => {
      const cIn = xs.length === 4 ? xs[1] : xs[0];
      const groups = (o.groups as number) ?? 1;
      const x = leaf(xs);
      const w = leaf([cIn, cOut / groups, ...k], 0.5);
      const inputs: Record<string, Tensor> = { x, w };
      const b = idx === 1 ? null : leaf([cOut]);
      if (b) inputs.b = b;
      const args = {
        stride: o.stride ?? 1,
        padding: o.padding ?? 0,
        outputPadding: o.outputPadding ?? 0,
        dilation: o.dilation ?? 1,
        groups,
      };
      return record('convTranspose2d', args, inputs, () => convTranspose2d(x, w, b, o));
    });
    compare(cases);
  });
});

describe.runIf(hasTorch())('pooling matches PyTorch', () => {
  /** Values from a small set, so windows hold ties; the first maximum must win as in PyTorch. */
  function tied(shape: number[]): Tensor {
    const t = leaf(shape);
    for (let i = 0; i < t.size; i++) t.data[i] = Math.floor(rand() * 4) - 1;
    return t;
  }

  it('maxPool2d / maxPool1d: ties, stride, padding, dilation, ceilMode, overlapping windows', () => {
    const specs: [number[], number | number[], Record<string, unknown>][] = [
      [[2, 3, 8, 8], 2, {}],
      [[1, 2, 7, 9], 3, { stride: 2, padding: 1 }],
      [[2, 1, 9, 7], [3, 2], { stride: [2, 1], dilation: [2, 1], ceilMode: true }],
      [[1, 1, 5, 5], 3, { stride: 1 }], // overlapping windows share winners
      [[3, 7, 7], 2, { ceilMode: true }],
      [[1, 2, 6, 6], 4, { stride: 3, padding: 2, ceilMode: true }],
    ];
    const cases = specs.map(([xs, k, o]) => {
      const x = tied(xs);
      const args = {
        kernel: k,
        stride: o.stride ?? k,
        padding: o.padding ?? 0,
        dilation: o.dilation ?? 1,
        ceilMode: o.ceilMode ?? false,
      };
      return record('maxPool2d', args, { x }, () => maxPool2d(x, k as number, o));
    });
    for (const [xs, k, o] of [
      [[2, 3, 11], 3, { stride: 2, padding: 1 }],
      [[2, 9], 2, { ceilMode: true }],
      [[1, 2, 12], 3, { dilation: 2 }],
    ] as [number[], number, Record<string, unknown>][]) {
      const x = tied(xs);
      const args = {
        kernel: k,
        stride: o.stride ?? k,
        padding: o.padding ?? 0,
        dilation: o.dilation ?? 1,
        ceilMode: o.ceilMode ?? false,
      };
      cases.push(record('maxPool1d', args, { x }, () => maxPool1d(x, k, o)));
    }
    compare(cases);
  });

  it('avgPool2d / avgPool1d: countIncludePad, ceilMode, divisorOverride; adaptiveAvgPool2d incl. global', () => {
    const specs: [number[], number | number[], Record<string, unknown>][] = [
      [[2, 3, 8, 8], 2, {}],
      [[1, 2, 7, 9], 3, { stride: 2, padding: 1 }],
      [[1, 2, 7, 9], 3, { stride: 2, padding: 1, countIncludePad: false }],
      [[2, 1, 9, 7], [3, 2], { stride: [2, 1], ceilMode: true, padding: [1, 1] }],
      [[2, 1, 9, 7], [3, 2], { stride: [2, 1], ceilMode: true, padding: [1, 1], countIncludePad: false }],
      [[3, 5, 5], 2, { divisorOverride: 3 }],
    ];
    const cases = specs.map(([xs, k, o]) => {
      const x = leaf(xs);
      const args: Record<string, unknown> = {
        kernel: k,
        stride: o.stride ?? k,
        padding: o.padding ?? 0,
        ceilMode: o.ceilMode ?? false,
        countIncludePad: o.countIncludePad ?? true,
      };
      if (o.divisorOverride) args.divisor = o.divisorOverride;
      return record('avgPool2d', args, { x }, () => avgPool2d(x, k as number, o));
    });
    {
      const x = leaf([2, 3, 10]);
      const o = { stride: 3, padding: 1, countIncludePad: false, ceilMode: true };
      cases.push(record('avgPool1d', { kernel: 3, ...o }, { x }, () => avgPool1d(x, 3, o)));
    }
    for (const [xs, out] of [
      [
        [2, 3, 7, 9],
        [3, 4],
      ],
      [
        [1, 4, 5, 5],
        [1, 1],
      ],
      [
        [2, 2, 6, 6],
        [6, 6],
      ],
      [
        [3, 10, 3],
        [4, 5],
      ], // output larger than input along w: bins overlap
      [
        [1, 2, 7, 5],
        [7, 2],
      ],
    ] as [number[], [number, number]][]) {
      const x = leaf(xs);
      cases.push(record('adaptiveAvgPool2d', { out }, { x }, () => adaptiveAvgPool2d(x, out)));
    }
    compare(cases);
  });
});

describe.runIf(hasTorch())('normalisation matches PyTorch', () => {
  it('batchNorm train and eval (1-d, 2-d, 3-d input; affine or not), running statistics', () => {
    const cases: Case[] = [];
    const runs: { rm: Tensor; rv: Tensor }[] = [];
    for (const [xs, training, affine] of [
      [[4, 3], true, true],
      [[2, 5, 7], true, false],
      [[3, 2, 5, 4], true, true],
      [[1, 3, 3, 3], true, true], // batch 1: the plane still gives many values per channel
      [[3, 2, 5, 4], false, true],
      [[2, 4, 3], false, false],
    ] as [number[], boolean, boolean][]) {
      const c = xs[1];
      const x = leaf(xs, 2);
      const rm = new Tensor(randomArray(rand, c), [c]);
      const rv = new Tensor(
        randomArray(rand, c).map((v) => 1 + Math.abs(v)),
        [c],
      );
      const inputs: Record<string, Tensor> = { x };
      const w = affine ? leaf([c]) : null;
      const b = affine ? leaf([c]) : null;
      if (w && b) Object.assign(inputs, { w, b });
      const args = { rm: Array.from(rm.data), rv: Array.from(rv.data), training, momentum: 0.3, eps: 1e-3 };
      cases.push(
        record('batchNorm', args, inputs, () => batchNorm(x, rm, rv, w, b, { training, momentum: 0.3, eps: 1e-3 })),
      );
      runs.push({ rm, rv });
    }
    compare(cases, (c, r) => {
      const i = cases.indexOf(c);
      expect(maxErr(runs[i].rm.data, r.rm)).toBeLessThan(1e-5);
      expect(maxErr(runs[i].rv.data, r.rv)).toBeLessThan(1e-5);
    });
  });

  it('groupNorm: groups 1, some, one per channel; affine or not', () => {
    const cases: Case[] = [];
    for (const [xs, groups, affine] of [
      [[2, 6, 4, 3], 3, true],
      [[1, 4, 5], 1, false],
      [[3, 4, 2, 2], 4, true],
    ] as [number[], number, boolean][]) {
      const c = xs[1];
      const x = leaf(xs, 2);
      const w = affine ? leaf([c]) : null;
      const b = affine ? leaf([c]) : null;
      const inputs: Record<string, Tensor> = { x };
      if (w && b) Object.assign(inputs, { w, b });
      cases.push(record('groupNorm', { groups, eps: 1e-5 }, inputs, () => groupNorm(x, groups, w, b, 1e-5)));
    }
    compare(cases);
  });
});
