// Bad input to the convolution family: each error names the op, what was expected and what
// came (shapes included); plus dropout2d's channel masks and flatten's axes.
import { describe, expect, it } from 'vitest';
import {
  adaptiveAvgPool2d,
  avgPool2d,
  batchNorm,
  conv1d,
  conv2d,
  convTranspose2d,
  dropout2d,
  flatten,
  groupNorm,
  manualSeed,
  maxPool2d,
  ones,
  randn,
  zeros,
} from '../../lib/index.js';

describe('conv errors name the op and the shapes', () => {
  it.each([
    [
      () => conv2d(zeros([2, 3, 5]), zeros([4, 3, 3])),
      /^conv2d: expected weight \[out, in\/groups, kh, kw\] \(4-d\), got \[4,3,3\]$/,
    ],
    [
      () => conv2d(zeros([3, 5]), zeros([4, 3, 3, 3])),
      /^conv2d: expected x \[batch, channels, height, width\] \(4-d\) or unbatched .*got \[3,5\]$/,
    ],
    [
      () => conv2d(zeros([2, 4, 5, 5]), zeros([8, 3, 3, 3])),
      /^conv2d: expected x with weight.shape\[1\]·groups = 3·1 = 3 channels, got x \[2,4,5,5\] and weight \[8,3,3,3\]$/,
    ],
    [
      () => conv2d(zeros([1, 1, 2, 2]), zeros([1, 1, 5, 5]), null, { padding: 1 }),
      /^conv2d: kernel 5×5 \(dilated 5×5\) is larger than the padded input 4×4, got x \[1,1,2,2\], weight \[1,1,5,5\], padding 1×1$/,
    ],
    [
      () => conv2d(zeros([1, 1, 5, 5]), zeros([1, 1, 3, 3]), null, { dilation: 3 }),
      /^conv2d: kernel 3×3 \(dilated 7×7\) is larger than the padded input 5×5/,
    ],
    [
      () => conv2d(zeros([1, 6, 5, 5]), zeros([5, 2, 3, 3]), null, { groups: 3 }),
      /^conv2d: expected groups 3 to divide the input channels and the output channels, got x \[1,6,5,5\] \(6 channels\) and weight \[5,2,3,3\] \(5 out\)$/,
    ],
    [
      () => conv2d(zeros([1, 2, 5, 5]), zeros([2, 2, 3, 3]), null, { groups: 1.5 }),
      /^conv2d: expected groups to be a positive integer, got number 1.5$/,
    ],
    [
      () => conv2d(zeros([1, 2, 5, 5]), zeros([2, 2, 3, 3]), zeros([3])),
      /^conv2d: expected bias of shape \[2\], got \[3\]$/,
    ],
    [
      () => conv2d(zeros([1, 2, 5, 5]), zeros([2, 2, 3, 3]), null, { stride: 0 }),
      /^conv2d: expected stride to be an integer or \[int, int\] ≥ 1, got number 0$/,
    ],
    [
      () => conv2d(zeros([1, 2, 5, 5]), zeros([2, 2, 3, 3]), null, { stride: [1, 2, 3] as never }),
      /^conv2d: expected stride .* got an Array\(3\) \[1,2,3\]$/,
    ],
    [
      () => conv2d(zeros([1, 2, 5, 5]), zeros([2, 2, 3, 3]), null, { padding: 1.5 }),
      /^conv2d: expected padding to be an integer or \[int, int\] ≥ 0, got number 1.5$/,
    ],
    [
      () => conv2d(zeros([1, 2, 5, 5]), zeros([2, 2, 3, 3]), null, { padding: 'same', stride: 2 }),
      /^conv2d: padding 'same' needs stride 1, got stride 2×2$/,
    ],
    [
      () => conv1d(zeros([2, 3, 5]), zeros([4, 2, 3])),
      /^conv1d: expected x with weight.shape\[1\]·groups = 2·1 = 2 channels, got x \[2,3,5\] and weight \[4,2,3\]$/,
    ],
    [
      () => conv1d(zeros([1, 1, 2]), zeros([1, 1, 4])),
      /^conv1d: kernel 4 \(dilated 4\) is larger than the padded input 2/,
    ],
    [() => conv2d(zeros([1, 1, 3, 3]), 'w' as never), /^conv2d: expected weight to be a Tensor, got the string 'w'$/],
  ])('%#', (fn, message) => {
    expect(fn).toThrow(message);
  });

  it.each([
    [
      () => convTranspose2d(zeros([1, 3, 4, 4]), zeros([2, 3, 3, 3])),
      /^convTranspose2d: expected x with weight.shape\[0\] = 2 channels, got x \[1,3,4,4\] and weight \[2,3,3,3\]$/,
    ],
    [
      () => convTranspose2d(zeros([1, 2, 4, 4]), zeros([2, 3, 3, 3]), null, { stride: 2, outputPadding: 2 }),
      /^convTranspose2d: expected outputPadding smaller than stride, got outputPadding 2×2 and stride 2×2$/,
    ],
    [
      () => convTranspose2d(zeros([1, 2, 1, 1]), zeros([2, 3, 1, 1]), null, { padding: 1 }),
      /^convTranspose2d: output size -1×-1 is not positive/,
    ],
    [
      () => convTranspose2d(zeros([1, 3, 4, 4]), zeros([3, 1, 3, 3]), null, { groups: 2 }),
      /^convTranspose2d: expected groups 2 to divide the input channels, got x \[1,3,4,4\]/,
    ],
  ])('convTranspose2d %#', (fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe('pooling and normalisation errors', () => {
  it.each([
    [
      () => maxPool2d(zeros([1, 1, 2, 2]), 3),
      /^maxPool2d: kernel 3×3 \(dilation 1×1\) is larger than the padded input, got x \[1,1,2,2\] and padding 0×0 \(output 0×0\)$/,
    ],
    [
      () => maxPool2d(zeros([1, 1, 4, 4]), 2, { padding: 2 }),
      /^maxPool2d: expected padding at most half the kernel, got padding 2×2 for kernel 2×2$/,
    ],
    [
      () => maxPool2d(zeros([4, 4]), 2),
      /^maxPool2d: expected x \[batch, channels, height, width\] \(4-d\) or unbatched \[channels, height, width\] \(3-d\), got \[4,4\]$/,
    ],
    [
      () => avgPool2d(zeros([1, 1, 4, 4]), 2.5 as never),
      /^avgPool2d: expected kernelSize to be an integer or \[int, int\] ≥ 1, got number 2.5$/,
    ],
    [
      () => avgPool2d(zeros([1, 1, 4, 4]), 2, { divisorOverride: 0 }),
      /^avgPool2d: expected divisorOverride to be a positive integer, got number 0$/,
    ],
    [
      () => adaptiveAvgPool2d(zeros([1, 1, 4, 4]), 1.5 as never),
      /^adaptiveAvgPool2d: expected outputSize to be a positive integer or a pair of them \(null keeps that axis\), got number 1.5$/,
    ],
    [
      () => adaptiveAvgPool2d(zeros([1, 1, 4, 4]), [2, 0] as never),
      /^adaptiveAvgPool2d: expected outputSize .* got an Array\(2\) \[2,0\]$/,
    ],
    [
      () => batchNorm(zeros([1, 3]), null, null),
      /^batchNorm: expected more than 1 value per channel when training, got x \[1,3\]$/,
    ],
    [
      () => batchNorm(zeros([2, 3, 4]), zeros([4]), ones([4])),
      /^batchNorm: expected runningMean of shape \[3\] \(the channels of x \[2,3,4\]\), got \[4\]$/,
    ],
    [
      () => batchNorm(zeros([2, 3]), null, null, null, null, { training: false }),
      /^batchNorm: eval mode needs runningMean and runningVar$/,
    ],
    [
      () => batchNorm(zeros([3]), null, null),
      /^batchNorm: expected x \[batch, channels, …\] \(at least 2-d\), got \[3\]$/,
    ],
    [
      () => groupNorm(zeros([2, 6, 3]), 4),
      /^groupNorm: expected groups to be a positive integer dividing the 6 channels of x \[2,6,3\], got number 4$/,
    ],
    [() => groupNorm(zeros([2, 6, 3]), 3, zeros([5])), /^groupNorm: expected weight of shape \[6\], got \[5\]$/],
    [
      () => dropout2d(zeros([2, 3]), 0.5),
      /^dropout2d: expected x \[batch, channels, …\] \(at least 3-d\), got \[2,3\]$/,
    ],
    [() => dropout2d(zeros([2, 3, 4]), 1.5), /^dropout2d: expected p in \[0, 1\], got number 1.5$/],
    [() => flatten(zeros([2, 3, 4]), 2, 1), /^flatten: expected startDim ≤ endDim, got 2 and 1 for x \[2,3,4\]$/],
  ])('%#', (fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe('semantics', () => {
  it('dropout2d zeroes whole channels and scales the rest by 1/(1−p); identity when not training', () => {
    manualSeed(1);
    const x = ones([4, 8, 3, 3]);
    const y = dropout2d(x, 0.25, true);
    let zeroed = 0;
    for (let plane = 0; plane < 32; plane++) {
      const values = new Set(y.data.subarray(plane * 9, plane * 9 + 9));
      expect(values.size).toBe(1);
      const [v] = values;
      expect([0, Math.fround(1 / 0.75)]).toContainEqual(v);
      if (v === 0) zeroed++;
    }
    expect(zeroed).toBeGreaterThan(0);
    expect(zeroed).toBeLessThan(32);
    expect(dropout2d(x, 0.25, false)).toBe(x);
  });

  it('flatten merges the axes startDim … endDim, as torch.flatten', () => {
    const x = randn([2, 3, 4, 5]);
    expect(flatten(x).shape).toEqual([120]);
    expect(flatten(x, 1).shape).toEqual([2, 60]);
    expect(flatten(x, 1, 2).shape).toEqual([2, 12, 5]);
    expect(x.flatten(-2).shape).toEqual([2, 3, 20]);
  });

  it('conv2d of batch 1 equals the unbatched call, and a 1×1 kernel is a per-pixel matmul', () => {
    const x = randn([3, 4, 5]);
    const w = randn([2, 3, 1, 1]);
    const batched = conv2d(x.reshape([1, 3, 4, 5]), w);
    const unbatched = conv2d(x, w);
    expect(unbatched.shape).toEqual([2, 4, 5]);
    expect(Array.from(unbatched.data)).toEqual(Array.from(batched.data));
    for (let p = 0; p < 20; p++) {
      const want = w.data[3] * x.data[p] + w.data[4] * x.data[20 + p] + w.data[5] * x.data[40 + p];
      expect(unbatched.data[20 + p]).toBeCloseTo(want, 5);
    }
  });
});
