// explain in the notes' symbols: δ4 … δ1 on the chain (003), δ⁽³⁾ and δ⁽²⁾ as the 2-2-2 net's
// dZ, ∂f/∂h = dZ·W on its own line, --lr's update step with its numbers, --lang ko; xor's
// default of no validation split.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../lib/index.js';

const run = promisify(execFile);
const cli = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const chainrule = async (...args: string[]) => (await run(process.execPath, [cli, ...args])).stdout;

describe('explain in the notes symbols', () => {
  it('chain: δ4 … δ1 at the pre-activations h3·w4 … a·w1, and w4 ← w4 − λ·h3·δ4', async () => {
    const out = await chainrule('explain', 'chain', '--lr', '0.5');
    expect(out).toContain('upstream ∂Cost/∂(h3·w4) = δ4 = 0.105');
    expect(out).toContain('upstream ∂Cost/∂(h2·w3) = δ3 = 0.03854');
    expect(out).toContain('upstream ∂Cost/∂(h1·w2) = δ2 = 0.007642');
    expect(out).toContain('upstream ∂Cost/∂(a·w1) = δ1 = -0.002203');
    expect(out).toContain('w4 ← w4 − λ·h3·δ4 = 1.5 − 0.5·0.0602 = 1.47');
    expect(out).toContain('w1 ← w1 − λ·a·δ1 = 0.5 − 0.5·(-0.001763) = 0.5009');
    expect(out).not.toMatch(/mul\d/);
  });

  it('mlp: dZ = δ⁽³⁾ = upstream ⊙ σ′ and ∂f/∂h = dZ·W2 on separate lines; the update with numbers', async () => {
    const out = await chainrule('explain', 'mlp', '--lr', '0.5');
    expect(out).toContain('dZ = δ⁽³⁾ = upstream ⊙ σ′ = [1.483, -0.4341] ⊙ [0.1868, 0.1755] = [0.277, -0.0762]');
    expect(out).toContain('    ∂f/∂h = dZ·W2 = [0.0727, 0.08274]');
    expect(out).toContain('dZ = δ⁽²⁾ = upstream ⊙ σ′ = [0.0727, 0.08274] ⊙ [0.2413, 0.2406] = [0.01754, 0.01991]');
    expect(out).not.toMatch(/× dZ·W2/); // the upstream is not counted twice
    expect(out).toContain('W2 ← W2 − λ·δ⁽³⁾ᵀ·h = [0.3178, 0.3673, 0.5226, 0.5727]'); // 0.4 − 0.5·0.1643 …
    expect(out).toContain('W1 ← W1 − λ·δ⁽²⁾ᵀ·x = [0.1496, 0.1991, 0.2495, 0.299]');
  });

  it('the JSON carries δ, dZ and the update', () => {
    const l = inspect.tinyMlp();
    const e = inspect.explainBackward(l.root, { deltas: l.deltas, lr: 0.5 });
    const q = e.steps.find((s) => s.output === 'q')!;
    expect(q.delta).toBe('δ⁽³⁾');
    expect((q.dZ as number[])[0]).toBeCloseTo(0.276997, 5);
    const w2 = e.leaves.find((x) => x.name === 'W2')!;
    expect((w2.update!.after as number[])[0]).toBeCloseTo(0.4 - 0.5 * 0.164334, 5);
  });

  it('--lang ko: Korean headings and gate words, the same numbers', async () => {
    const [en, ko] = await Promise.all([
      chainrule('explain', 'lecture'),
      chainrule('explain', 'lecture', '--lang', 'ko'),
    ]);
    expect(ko).toContain('역전파');
    expect(ko).toContain('gradient switcher');
    expect(ko).toContain('gradient distributor');
    expect(ko).toContain('상류 기울기 ∂f/∂f = 1');
    const numbers = (s: string) => s.match(/-?\d+(\.\d+)?/g);
    expect(numbers(ko)).toEqual(numbers(en));
    expect(await chainrule('explain', 'max', '--lang', 'ko')).toContain('gradient router');
  });

  it('max: add distributes, mul switches, max routes (CS231n: x = 3, y = −4, z = 2, w = −1)', () => {
    const e = inspect.explainBackward(inspect.maxGate().root);
    const g = Object.fromEntries(e.leaves.map((l) => [l.name, l.gradient]));
    expect(g).toEqual({ x: -8, y: 6, z: 2, w: 0 });
  });

  it('neuron-expanded: ×−1, exp, +1, 1/x give the fused gate numbers', () => {
    const fused = inspect.explainBackward(inspect.sigmoidNeuron().root);
    const expanded = inspect.explainBackward(inspect.sigmoidNeuronExpanded().root);
    expect(expanded.steps.map((s) => s.op).slice(0, 4)).toEqual(['div', 'add', 'exp', 'mul']);
    const grads = (e: typeof fused) => e.leaves.map((l) => l.gradient as number);
    grads(expanded).forEach((v, i) => expect(v).toBeCloseTo(grads(fused)[i], 6));
  });
});

describe('train --dataset xor', () => {
  it('trains on all four points and says why there is no validation split', async () => {
    const out = await chainrule(
      'train',
      '--dataset',
      'xor',
      '--verbose',
      '0',
      '--out',
      join(__dirname, '..', '..', 'node_modules', '.xor-model'),
    );
    expect(out).toMatch(/validation: none — xor has 4 points/);
    expect(out).toContain('4 samples');
    expect(out).not.toMatch(/^validation: loss/m);
    expect(out).toMatch(/accuracy 1\.0000/);
  });
});
