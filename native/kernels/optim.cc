// Optimizer updates in place, one pass over the parameters, following the update rules
// torch.optim.SGD and torch.optim.Adam / AdamW document (the pseudo-code in their docs).
#include <cmath>
#include <cstdint>

#include "kernels.h"

namespace chainrule::kernels {

void sgdUpdate(int64_t count, float* param, const float* grad, float* velocity, float lr,
               float momentum, float dampening, float weightDecay, bool nesterov,
               bool firstStep) {
  if (momentum == 0.0f) {
    for (int64_t i = 0; i < count; i++) {
      const float g = grad[i] + weightDecay * param[i];  // g ← g + λθ
      param[i] -= lr * g;
    }
    return;
  }
  const float keep = 1.0f - dampening;
  for (int64_t i = 0; i < count; i++) {
    const float g = grad[i] + weightDecay * param[i];
    // b ← g on the first step, else μ·b + (1 − τ)·g
    const float b = firstStep ? g : momentum * velocity[i] + keep * g;
    velocity[i] = b;
    param[i] -= lr * (nesterov ? g + momentum * b : b);
  }
}

void adamUpdate(int64_t count, float* param, const float* grad, float* m, float* v, float lr,
                float beta1, float beta2, float eps, float weightDecay, bool decoupled,
                int64_t step) {
  const double s = static_cast<double>(step);
  const float biasCorrection1 = static_cast<float>(1.0 - std::pow(static_cast<double>(beta1), s));
  const float sqrtBiasCorrection2 =
      static_cast<float>(std::sqrt(1.0 - std::pow(static_cast<double>(beta2), s)));
  const float stepSize = lr / biasCorrection1;
  const float decay = decoupled ? 1.0f - lr * weightDecay : 1.0f;  // AdamW: θ ← θ(1 − γλ)
  const float l2 = decoupled ? 0.0f : weightDecay;                  // Adam: g ← g + λθ
  for (int64_t i = 0; i < count; i++) {
    const float theta = param[i] * decay;
    const float g = grad[i] + l2 * param[i];
    const float mi = beta1 * m[i] + (1.0f - beta1) * g;
    const float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    // θ ← θ − γ·m̂ / (√v̂ + ε), with m̂ = m/(1−β1^t), √v̂ = √v/√(1−β2^t)
    param[i] = theta - stepSize * mi / (std::sqrt(vi) / sqrtBiasCorrection2 + eps);
  }
}

}  // namespace chainrule::kernels
