// Softmax, log-softmax and softmax cross-entropy over the last axis of a rows×cols matrix.
// Every row subtracts its maximum first, so e^x never overflows (softmax is shift-invariant).
#include <cmath>
#include <cstdint>

#include "kernels.h"

namespace chainrule::kernels {
namespace {

float rowMax(const float* x, int64_t cols) {
  float best = -INFINITY;
  for (int64_t j = 0; j < cols; j++) best = x[j] > best ? x[j] : best;
  return best;
}

// y = e^(x − max) for one row; returns Σ y (in double: thousands of classes stay exact).
double expShifted(const float* x, float* y, int64_t cols, float max) {
  double sum = 0.0;
  for (int64_t j = 0; j < cols; j++) {
    y[j] = std::exp(x[j] - max);
    sum += y[j];
  }
  return sum;
}

// The class index a target names, or −1 when it names none. The addon checks targets
// first, but a Float32Array over a SharedArrayBuffer can change between that check and this
// read (another thread), so the kernel reads each target once and never indexes with an
// unchecked one: a bad target gives NaN (loss / gradient row), never an out-of-bounds access.
// (Casting NaN or an out-of-range float to an integer is itself undefined behaviour.)
int64_t classIndex(float target, int64_t cols) {
  if (!(target >= 0.0f && target < static_cast<float>(cols))) return -1;
  const int64_t t = static_cast<int64_t>(target);
  return t < cols ? t : -1;
}

}  // namespace

void softmaxForward(int64_t rows, int64_t cols, const float* x, float* y) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * cols;
    float* yr = y + r * cols;
    const float scale = static_cast<float>(1.0 / expShifted(xr, yr, cols, rowMax(xr, cols)));
    for (int64_t j = 0; j < cols; j++) yr[j] *= scale;
  }
}

void softmaxBackward(int64_t rows, int64_t cols, const float* y, const float* dy, float* dx) {
  for (int64_t r = 0; r < rows; r++) {
    const float* yr = y + r * cols;
    const float* dyr = dy + r * cols;
    float* dxr = dx + r * cols;
    double dot = 0.0;  // Σ_j dy·y
    for (int64_t j = 0; j < cols; j++) dot += static_cast<double>(dyr[j]) * yr[j];
    const float d = static_cast<float>(dot);
    for (int64_t j = 0; j < cols; j++) dxr[j] = yr[j] * (dyr[j] - d);
  }
}

void logSoftmaxForward(int64_t rows, int64_t cols, const float* x, float* y) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * cols;
    float* yr = y + r * cols;
    const float max = rowMax(xr, cols);
    double sum = 0.0;
    for (int64_t j = 0; j < cols; j++) sum += std::exp(xr[j] - max);
    const float logSum = max + static_cast<float>(std::log(sum));  // logsumexp
    for (int64_t j = 0; j < cols; j++) yr[j] = xr[j] - logSum;
  }
}

void logSoftmaxBackward(int64_t rows, int64_t cols, const float* y, const float* dy, float* dx) {
  for (int64_t r = 0; r < rows; r++) {
    const float* yr = y + r * cols;
    const float* dyr = dy + r * cols;
    float* dxr = dx + r * cols;
    double sum = 0.0;  // Σ_j dy
    for (int64_t j = 0; j < cols; j++) sum += dyr[j];
    const float s = static_cast<float>(sum);
    for (int64_t j = 0; j < cols; j++) dxr[j] = dyr[j] - std::exp(yr[j]) * s;
  }
}

void softmaxCrossEntropyForward(int64_t rows, int64_t cols, const float* logits,
                                const float* targets, float* probs, float* losses) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = logits + r * cols;
    float* pr = probs + r * cols;
    const float max = rowMax(xr, cols);
    const double sum = expShifted(xr, pr, cols, max);
    const float scale = static_cast<float>(1.0 / sum);
    for (int64_t j = 0; j < cols; j++) pr[j] *= scale;
    const int64_t t = classIndex(targets[r], cols);
    // −log p_t = log Σ e^(x − max) − (x_t − max)
    losses[r] = t < 0 ? NAN : static_cast<float>(std::log(sum) - (static_cast<double>(xr[t]) - max));
  }
}

void softmaxCrossEntropyBackward(int64_t rows, int64_t cols, const float* probs,
                                 const float* targets, const float* dLoss, float* dLogits) {
  for (int64_t r = 0; r < rows; r++) {
    const float* pr = probs + r * cols;
    float* dr = dLogits + r * cols;
    const float g = dLoss[r];
    const int64_t t = classIndex(targets[r], cols);
    for (int64_t j = 0; j < cols; j++) dr[j] = t < 0 ? NAN : g * pr[j];
    if (t >= 0) dr[t] -= g;  // ∂(−log p_t)/∂x = p − onehot(t)
  }
}

}  // namespace chainrule::kernels
