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

// --- Threads (threads.cc) -----------------------------------------------------------
// One process-wide pool, sized to the CPUs this process may run on; CHAINRULE_NUM_THREADS
// overrides it at first use and setNumThreads(n) at any time (n >= 1; 0 restores the
// default). Kernels below a size threshold stay on the calling thread.
int numThreads();
void setNumThreads(int n);

// --- The machine (probe.cc) -------------------------------------------------------------
struct CpuDescription {
  char vendor[16] = "";     // CPUID vendor ("AuthenticAMD", "GenuineIntel"), empty off x86
  char brand[64] = "";      // CPUID brand string ("AMD EPYC 9R45 ..."), empty if absent
  char arch[32] = "";       // micro-architecture: "zen4", "zen5", "sapphire-rapids", "arm64", ...
  int32_t family = 0, model = 0;
  int64_t l1dBytes = 0, l2Bytes = 0, l3Bytes = 0;  // per instance; 0 when unknown
  char cacheSource[8] = "";  // "cpuid", "sysfs" or empty (unknown)
};
const CpuDescription& describeCpu();
// GFLOP/s of an FMA-only loop in the active ISA's vectors on `threads` threads at once
// (best of five windows that together last about `milliseconds`, after a warm-up); 0 if unavailable.
double measureFmaPeak(int threads, double milliseconds);
// STREAM-triad GB/s (a = b + s·c, 12 bytes per element) over three arrays totalling
// `megabytes`, split across `threads` threads, best of five passes; 0 if out of memory.
double measureBandwidth(int threads, double megabytes);

// --- Softmax family (softmax.cc), last axis of a rows×cols row-major matrix ---------------
void softmaxForward(int64_t rows, int64_t cols, const float* x, float* y);
// dx = y ⊙ (dy − Σ_j dy·y)
void softmaxBackward(int64_t rows, int64_t cols, const float* y, const float* dy, float* dx);
void logSoftmaxForward(int64_t rows, int64_t cols, const float* x, float* y);
// y is the log-softmax output: dx = dy − e^y · Σ_j dy
void logSoftmaxBackward(int64_t rows, int64_t cols, const float* y, const float* dy, float* dx);
// probs = softmax(logits); losses[r] = −log probs[r, targets[r]], computed as
// logsumexp − logit (no log of a rounded-to-zero probability). targets hold class indices
// as floats, already checked to be integers in [0, cols).
void softmaxCrossEntropyForward(int64_t rows, int64_t cols, const float* logits,
                                const float* targets, float* probs, float* losses);
// dLogits[r, j] = dLoss[r] · (probs[r, j] − [j == targets[r]])
void softmaxCrossEntropyBackward(int64_t rows, int64_t cols, const float* probs,
                                 const float* targets, const float* dLoss, float* dLogits);

// --- Optimizer updates, in place (optim.cc), as torch.optim documents them ------------
// g = grad + weightDecay·param; with momentum: buf = g on the first step, else
// buf = momentum·buf + (1 − dampening)·g; g = nesterov ? g + momentum·buf : buf;
// param −= lr·g. velocity may be null when momentum == 0.
void sgdUpdate(int64_t count, float* param, const float* grad, float* velocity, float lr,
               float momentum, float dampening, float weightDecay, bool nesterov,
               bool firstStep);
// Adam (decoupled = false: g += weightDecay·param) and AdamW (decoupled = true:
// param ·= 1 − lr·weightDecay); m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
// param −= lr/(1−β1^step) · m / (√v/√(1−β2^step) + eps). step counts from 1.
void adamUpdate(int64_t count, float* param, const float* grad, float* m, float* v, float lr,
                float beta1, float beta2, float eps, float weightDecay, bool decoupled,
                int64_t step);

}  // namespace chainrule::kernels
