// Fused dense layer: y = act(x·Wᵀ + b) and its backward, composed from the dispatched
// GEMM and activation kernels.
#include <cstring>

#include "isa_table.h"

namespace chainrule::kernels {

bool activationNeedsOnlyOutput(Activation act) {
  return act == Activation::identity || act == Activation::relu ||
         act == Activation::sigmoid || act == Activation::tanh;
}

void denseForward(int64_t m, int64_t n, int64_t k, const float* x, const float* w,
                  const float* b, Activation act, float alpha, float* out,
                  float* preActivation) {
  const IsaTable& t = activeTable();
  float* z = preActivation != nullptr ? preActivation : out;
  t.sgemm(false, true, m, n, k, 1.0f, x, w, 0.0f, z);  // z = x·Wᵀ
  if (b != nullptr) {
    for (int64_t i = 0; i < m; i++) {
      float* zi = z + i * n;
      for (int64_t j = 0; j < n; j++) zi[j] += b[j];
    }
  }
  t.activationForward(act, alpha, z, out, m * n);
}

void denseBackward(int64_t m, int64_t n, int64_t k, const float* x, const float* w,
                   const float* preActivation, const float* out, const float* dy,
                   Activation act, float alpha, float* dZ, float* dX, float* dW, float* db,
                   bool accumulate) {
  const IsaTable& t = activeTable();
  t.activationBackward(act, alpha, preActivation, out, dy, dZ, m * n);  // dZ = dY ⊙ act'
  if (dW != nullptr) t.sgemm(true, false, n, k, m, 1.0f, dZ, x, accumulate ? 1.0f : 0.0f, dW);
  if (db != nullptr) {
    if (!accumulate) std::memset(db, 0, static_cast<size_t>(n) * sizeof(float));
    for (int64_t i = 0; i < m; i++) {
      const float* dzi = dZ + i * n;
      for (int64_t j = 0; j < n; j++) db[j] += dzi[j];  // db = Σ_rows dZ
    }
  }
  if (dX != nullptr) t.sgemm(false, false, m, k, n, 1.0f, dZ, w, 0.0f, dX);  // dX = dZ·W
}

}  // namespace chainrule::kernels
