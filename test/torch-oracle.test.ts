// The oracle itself: when torch is there, a known product comes back exactly; when not, the
// probe says why (and the oracle tests of each op skip with that line).
import { describe, expect, it } from 'vitest';
import { hasTorch, runTorch, torchPython } from './torch.js';

describe('the PyTorch oracle', () => {
  it('probes once and either finds torch or says why not', () => {
    const found = torchPython();
    if ('python' in found) expect(found.version).toMatch(/^\d+\.\d+/);
    else expect(found.skip).toMatch(/no python with torch/);
  });

  it.runIf(hasTorch())('runs a snippet: float64 matmul of JSON inputs', () => {
    const out = runTorch<number[][]>(
      'a = torch.tensor(data["a"]); b = torch.tensor(data["b"]); result = (a @ b).tolist()',
      {
        a: [
          [1, 2],
          [3, 4],
        ],
        b: [[5], [6]],
      },
    );
    expect(out).toEqual([[17], [39]]);
  });
});
