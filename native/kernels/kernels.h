// chainrule kernels: plain C++ over float buffers and sizes. Knows nothing of Node.
// Every matrix is row-major and contiguous; callers own all memory.
#pragma once
#include <cstdint>

namespace chainrule::kernels {

enum class Isa : int32_t { generic = 0, avx2 = 1, avx512 = 2 };

// Activation codes are shared with lib/backend/backend.ts — keep the numbers in sync.
enum class Activation : int32_t {
  identity = 0,
  relu = 1,
  sigmoid = 2,
  tanh = 3,
  leakyRelu = 4,
  elu = 5,
  gelu = 6,
  softplus = 7,
};
constexpr int32_t kActivationCount = 8;

// --- ISA dispatch (dispatch.cc) ---------------------------------------------------
// The ISA is picked once, on first use, from CPUID; CHAINRULE_ISA=generic|avx2|avx512
// overrides it (an unsupported request falls back to the best the CPU has).
Isa activeIsa();
const char* isaName(Isa isa);
bool cpuSupports(Isa isa);
// Switches the kernels in use; returns false (and changes nothing) if the CPU lacks it.
bool setIsa(Isa isa);
// Why the active ISA was chosen ("cpuid", "CHAINRULE_ISA", "setIsa", or a fallback note).
const char* isaReason();

// --- GEMM -----------------------------------------------------------------------
// C[m×n] = alpha · op(A)·op(B) + beta · C, op(A) is m×k (A stored k×m when transA),
// op(B) is k×n (B stored n×k when transB). beta == 0 ignores C's prior contents (NaN too).
void sgemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha,
           const float* a, const float* b, float beta, float* c);

// --- Activations ----------------------------------------------------------------
// y = act(x) elementwise; alpha is the leakyRelu slope or the elu scale.
void activationForward(Activation act, float alpha, const float* x, float* y, int64_t count);
// dx = dy ⊙ act'(x), reading the saved input x and/or output y (whichever is cheaper).
void activationBackward(Activation act, float alpha, const float* x, const float* y,
                        const float* dy, float* dx, int64_t count);

// --- Fused dense layer ------------------------------------------------------------
// out[m×n] = act(x[m×k] · w[n×k]ᵀ + b[n]); b may be null. preActivation (m×n) receives
// x·wᵀ + b when non-null (backward needs it for every activation but identity/relu/
// sigmoid/tanh, which differentiate from the output).
void denseForward(int64_t m, int64_t n, int64_t k, const float* x, const float* w,
                  const float* b, Activation act, float alpha, float* out,
                  float* preActivation);
// dZ = dY ⊙ act'(·) (written into dZ, m×n scratch the caller owns);
// dW[n×k] = dZᵀ·X (+= when accumulate), db[n] = Σ_rows dZ (+=), dX[m×k] = dZ·W (=).
// Any of dX, dW, db may be null. preActivation may be null when act needs only out.
void denseBackward(int64_t m, int64_t n, int64_t k, const float* x, const float* w,
                   const float* preActivation, const float* out, const float* dy,
                   Activation act, float alpha, float* dZ, float* dX, float* dW, float* db,
                   bool accumulate);

// True when act' can be computed from the output alone (no preActivation needed).
bool activationNeedsOnlyOutput(Activation act);

}  // namespace chainrule::kernels
