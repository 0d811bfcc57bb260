// Every worked example in examples/ runs as a user would run it and prints the notes' numbers.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(__dirname, '..');

async function example(file: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join('examples', file)], {
    cwd: root,
    timeout: 30_000,
  });
  return stdout;
}

const expected: Record<string, (out: string) => void> = {
  '01-lecture-graph.ts': (out) => {
    expect(out).toContain('f = -12');
    expect(out).toContain('x.grad = -4, y.grad = -4, z.grad = 3');
    expect(out).toContain('mul switches');
    expect(out).toContain('digraph chainrule');
  },
  '02-sigmoid-neuron.ts': (out) => {
    expect(out).toContain('f = 0.731');
    expect(out).toContain("σ'(s) = f(1 − f) = 0.197");
    expect(out).toContain('dw = [-0.197, -0.393, 0.197]');
    expect(out).toContain('dx = [0.393, -0.59]');
  },
  '03-two-two-two-network.ts': (out) => {
    expect(out).toContain('f = 0.596742');
    expect(out).toContain('∂f/∂w5 = 0.164334');
    expect(out).toMatch(/∂f\/∂w1 = 8\.7713\de-4/);
    expect(out).toContain('max |δ view − autograd| = < 1e-6');
    // one SGD step, α = 0.5, ½Σ(q − t)² summed: the worked example's w1⁺ … w8⁺ to 1e-6
    const updated = [...out.matchAll(/w\d⁺…w\d⁺ = \[([^\]]+)\]/g)].flatMap((m) => m[1].split(', ').map(Number));
    const mazur = [0.149780716, 0.19956143, 0.24975114, 0.29950229, 0.35891648, 0.408666186, 0.51130127, 0.561370121];
    updated.forEach((v, k) => expect(Math.abs(v - mazur[k])).toBeLessThan(1e-6));
    expect(updated).toHaveLength(8);
    expect(out).toContain('max |ours − worked example| = < 1e-6');
    expect(out).toMatch(/default reduction 'mean': w5⁺ = 0\.379458, not 0\.358916 — the mean divides by the 2 output/);
  },
  '04-sigmoid-chain.ts': (out) => {
    expect(out).toContain('Cost = 0.1263');
    expect(out).toContain('δ4 = 0.105   ∂Cost/∂w4: by hand h3·δ4 = 0.0602, autograd 0.0602');
    expect(out).toContain('by hand h0·δ1 = -0.001763, autograd -0.001763');
  },
  '05-relu-networks.ts': (out) => {
    expect(out).toContain('h = max(0, W1·x) = [0.75, 0, 0.15, 0.8]');
    expect(out).toMatch(/2-layer: dW1 = \[0\.5, 1, 0\.25, 0, 0, 0, /); // unit 2 is off: its row gets 0
    expect(out).toMatch(/3-layer: dW3 = /);
  },
  '06-gradient-descent-modes.ts': (out) => {
    expect(out).toMatch(/full {7}batch 64, lr 0\.1: 20 updates/);
    expect(out).toMatch(/stochastic batch {2}1, lr 0\.01: 1280 updates/);
    expect(out).toMatch(/minibatch {2}batch {2}8, lr 0\.05: 160 updates/);
    const final = [...out.matchAll(/loss ([\d.e-]+) after 20 epochs/g)].map((m) => Number(m[1]));
    expect(final).toHaveLength(3);
    for (const loss of final) expect(loss).toBeLessThan(0.1); // every mode fits y = 2x1 − 3x2 + 1
  },
  '07-vanishing-gradients.ts': (out) => {
    const ratio = (name: string) =>
      Number(new RegExp(`${name} +\\(\\w+\\): first/last layer gradient ([\\d.e-]+)`).exec(out)![1]);
    expect(ratio('sigmoid')).toBeLessThan(1e-4);
    expect(ratio('relu')).toBeGreaterThan(0.1);
  },
  '08-zero-vs-gaussian-init.ts': (out) => {
    expect(out).toMatch(/zero init: [^\n]*\n[^\n]*\n {2}hidden units identical: yes/);
    expect(out).toMatch(/gaussian init: [^\n]*\n[^\n]*\n {2}hidden units identical: no/);
  },
};

describe('examples/', () => {
  it('every example has a test', () => {
    const files = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  it.concurrent.each(Object.keys(expected))('%s', async (file) => {
    expected[file](await example(file));
  });
});
