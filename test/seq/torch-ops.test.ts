// The sequence ops against PyTorch (float64) on random shapes: forward values and the
// gradient of a fixed random projection Σ r·y for every input. One python run for all cases.
import { describe, expect, it } from 'vitest';
import {
  embedding,
  layerNorm,
  losses,
  manualSeed,
  matmul,
  randn,
  rmsNorm,
  scaledDotProductAttention,
  type Tensor,
  tensor,
} from '../../lib/index.js';
import { hasTorch, runTorch } from '../torch.js';

interface Case {
  op: string;
  inputs: { shape: number[]; data: number[] }[];
  extra: Record<string, unknown>;
  r: number[];
}
interface Answer {
  y: number[];
  grads: (number[] | null)[];
}

const PYTHON = `
import torch.nn.functional as F
def t(x): return torch.tensor(x["data"], dtype=torch.float64).reshape(x["shape"]).requires_grad_()
out = []
for c in data:
    xs = [t(x) for x in c["inputs"]]
    e = c["extra"]
    op = c["op"]
    if op == "matmul": y = torch.matmul(xs[0], xs[1])
    elif op == "embedding":
        ids = torch.tensor(e["ids"], dtype=torch.long).reshape(e["idsShape"])
        y = F.embedding(ids, xs[0], padding_idx=e["paddingIdx"])
    elif op == "layerNorm": y = F.layer_norm(xs[0], e["normalized"], xs[1], xs[2], eps=1e-5)
    elif op == "rmsNorm": y = F.rms_norm(xs[0], e["normalized"], xs[1])
    elif op == "sdpa":
        mask = xs[3] if len(xs) > 3 else None
        y = F.scaled_dot_product_attention(xs[0], xs[1], xs[2], attn_mask=mask, is_causal=e["causal"])
    elif op == "ce":
        logits = xs[0]
        tgt = torch.tensor(e["target"], dtype=torch.long)
        y = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt, ignore_index=-100, label_smoothing=e["smoothing"])
    r = torch.tensor(c["r"], dtype=torch.float64).reshape(y.shape)
    (y * r).sum().backward()
    out.append({"y": y.detach().reshape(-1).tolist(), "grads": [None if x.grad is None else x.grad.reshape(-1).tolist() for x in xs]})
result = out
`;

function randomProjection(n: number): number[] {
  return Array.from(randn([n]).data);
}

function run(c: Case, fn: (...xs: Tensor[]) => Tensor): { y: Tensor; xs: Tensor[] } {
  const xs = c.inputs.map((x) => tensor(x.data).reshape(x.shape).requiresGrad_());
  const y = fn(...xs);
  c.r = randomProjection(y.size);
  return { y, xs };
}

describe.runIf(hasTorch())('sequence ops vs PyTorch', () => {
  it('matmul, embedding, layerNorm, rmsNorm, attention and [B,T,V] cross-entropy agree to 1e-4', () => {
    manualSeed(11);
    const cases: { c: Case; fn: (...xs: Tensor[]) => Tensor; label: string }[] = [];
    const add = (
      label: string,
      op: string,
      shapes: number[][],
      extra: Record<string, unknown>,
      fn: (...xs: Tensor[]) => Tensor,
    ) => {
      const inputs = shapes.map((s) => ({ shape: s, data: Array.from(randn(s).data) }));
      cases.push({ c: { op, inputs, extra, r: [] }, fn, label });
    };
    for (const [a, b] of [
      [[5], [5]],
      [[5], [5, 3]],
      [[2, 4, 5], [5]],
      [
        [1, 3, 4],
        [2, 4, 5],
      ],
      [
        [2, 1, 3, 4],
        [3, 4, 7],
      ],
      [
        [3, 4],
        [2, 4, 5],
      ],
      [
        [2, 3, 1, 4],
        [1, 4, 3],
      ],
    ]) {
      add(`matmul ${JSON.stringify([a, b])}`, 'matmul', [a, b], {}, (x, y) => matmul(x, y));
    }
    const ids = [3, 0, 6, 3, 1, 0, 2, 6];
    for (const paddingIdx of [null, 0]) {
      add(`embedding pad ${paddingIdx}`, 'embedding', [[7, 5]], { ids, idsShape: [2, 4], paddingIdx }, (w) =>
        embedding(w, tensor(ids).reshape([2, 4]), { paddingIdx }),
      );
    }
    for (const [shape, normalized] of [
      [[3, 7], [7]],
      [
        [2, 3, 4],
        [3, 4],
      ],
    ]) {
      add(
        `layerNorm ${JSON.stringify(shape)}`,
        'layerNorm',
        [shape, normalized, normalized],
        { normalized },
        (x, w, b) => layerNorm(x, normalized, w, b),
      );
      add(`rmsNorm ${JSON.stringify(shape)}`, 'rmsNorm', [shape, normalized], { normalized }, (x, w) =>
        rmsNorm(x, normalized, w),
      );
    }
    add(
      'sdpa',
      'sdpa',
      [
        [2, 2, 5, 3],
        [2, 2, 7, 3],
        [2, 2, 7, 4],
      ],
      { causal: false },
      (q, k, v) => scaledDotProductAttention(q, k, v),
    );
    add(
      'sdpa causal L<S',
      'sdpa',
      [
        [2, 3, 3],
        [2, 5, 3],
        [2, 5, 2],
      ],
      { causal: true },
      (q, k, v) => scaledDotProductAttention(q, k, v, { causal: true }),
    );
    add(
      'sdpa causal square',
      'sdpa',
      [
        [1, 2, 6, 4],
        [1, 2, 6, 4],
        [1, 2, 6, 4],
      ],
      { causal: true },
      (q, k, v) => scaledDotProductAttention(q, k, v, { causal: true }),
    );
    add(
      'sdpa mask',
      'sdpa',
      [
        [2, 4, 3],
        [2, 5, 3],
        [2, 5, 3],
        [4, 5],
      ],
      { causal: false },
      (q, k, v, m) => scaledDotProductAttention(q, k, v, { mask: m }),
    );
    const target = [1, -100, 4, 0, 2, -100];
    for (const smoothing of [0, 0.1]) {
      add(`ce smoothing ${smoothing}`, 'ce', [[2, 3, 5]], { target, smoothing }, (x) =>
        losses.softmaxCrossEntropy(x, tensor(target).reshape([2, 3]), { labelSmoothing: smoothing }),
      );
    }
    const ours = cases.map(({ c, fn }) => run(c, fn));
    const answers = runTorch<Answer[]>(
      PYTHON,
      cases.map(({ c }) => c),
    );
    cases.forEach(({ c, label }, i) => {
      const { y, xs } = ours[i];
      y.backward(tensor(c.r).reshape(y.shape));
      const want = answers[i];
      expect(maxDiff(Array.from(y.data), want.y), `${label}: forward`).toBeLessThan(1e-4);
      xs.forEach((x, j) => {
        const g = want.grads[j];
        if (g === null) return;
        expect(maxDiff(Array.from(x.grad!.data), g), `${label}: gradient of input ${j}`).toBeLessThan(1e-4);
      });
    });
  });
});

function maxDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}
