// Fused dense layer: y = act(x·Wᵀ + b) with bias and activation applied in the GEMM's
// write-back (each tile still in L1), and its backward in one elementwise pass (dZ and db
// together) plus two GEMMs.
#include <algorithm>
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
  GemmEpilogue epilogue;
  epilogue.bias = b;
  epilogue.act = act;
  epilogue.alpha = alpha;
  epilogue.pre = preActivation;
  epilogue.ldPre = n;
  GemmCall call;  // out = x[m×k] · w[n×k]ᵀ, then the epilogue per tile
  call.transB = true;
  call.m = m;
  call.n = n;
  call.k = k;
  call.a = x;
  call.lda = k;
  call.b = w;
  call.ldb = k;
  call.c = out;
  call.ldc = n;
  call.epilogue = (b != nullptr || act != Activation::identity || preActivation != nullptr)
                      ? &epilogue
                      : nullptr;
  gemmParallel(activeTable(), call);
}

void denseBackward(int64_t m, int64_t n, int64_t k, const float* x, const float* w,
                   const float* preActivation, const float* out, const float* dy,
                   Activation act, float alpha, float* dZ, float* dX, float* dW, float* db,
                   bool accumulate) {
  const IsaTable& t = activeTable();
  // One pass over dY: dZ = dY ⊙ act′ a few rows at a time, and db = Σ_rows dZ while those
  // rows are still in L1.
  if (db != nullptr && !accumulate) std::memset(db, 0, static_cast<size_t>(n) * sizeof(float));
  constexpr int64_t kRowsPerChunk = 8;
  for (int64_t i0 = 0; i0 < m; i0 += kRowsPerChunk) {
    const int64_t rows = std::min(kRowsPerChunk, m - i0);
    const int64_t offset = i0 * n;
    t.activationBackward(act, alpha, preActivation != nullptr ? preActivation + offset : nullptr,
                         out + offset, dy + offset, dZ + offset, rows * n);
    if (db != nullptr) {
      for (int64_t i = 0; i < rows; i++) {
        const float* dzi = dZ + offset + i * n;
        for (int64_t j = 0; j < n; j++) db[j] += dzi[j];
      }
    }
  }
  if (dW != nullptr) {  // dW[n×k] = dZᵀ·X (+= when accumulating)
    GemmCall call;
    call.transA = true;
    call.m = n;
    call.n = k;
    call.k = m;
    call.a = dZ;
    call.lda = n;
    call.b = x;
    call.ldb = k;
    call.beta = accumulate ? 1.0f : 0.0f;
    call.c = dW;
    call.ldc = k;
    gemmParallel(t, call);
  }
  if (dX != nullptr) {  // dX[m×k] = dZ·W
    GemmCall call;
    call.m = m;
    call.n = k;
    call.k = n;
    call.a = dZ;
    call.lda = n;
    call.b = w;
    call.ldb = k;
    call.c = dX;
    call.ldc = k;
    gemmParallel(t, call);
  }
}

}  // namespace chainrule::kernels
