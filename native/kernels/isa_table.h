// The per-ISA function table. Each ISA's translation unit (compiled with its own -m
// flags) fills one; dispatch.cc picks one at load. Internal to native/kernels/.
#pragma once
#include "kernels.h"

namespace chainrule::kernels {

// What the GEMM write-back does after C = alpha·op(A)·op(B) + beta·C, while each tile is
// still in registers/L1: z = C + bias[col]; pre = z (when non-null); C = act(z).
struct GemmEpilogue {
  const float* bias = nullptr;  // n entries, indexed by column
  Activation act = Activation::identity;
  float alpha = 0.0f;           // leakyRelu slope / elu scale
  float* pre = nullptr;         // m×n, row stride ldPre
  int64_t ldPre = 0;
};

// One GEMM over strided row-major operands (a sub-rectangle of a bigger problem is a
// GemmCall with moved pointers and the parent's strides).
struct GemmCall {
  bool transA = false, transB = false;
  int64_t m = 0, n = 0, k = 0;
  float alpha = 1.0f;
  const float* a = nullptr;
  int64_t lda = 0;  // row stride of A as stored (k, or m when transA)
  const float* b = nullptr;
  int64_t ldb = 0;  // row stride of B as stored (n, or k when transB)
  float beta = 0.0f;
  float* c = nullptr;
  int64_t ldc = 0;
  const GemmEpilogue* epilogue = nullptr;  // null: plain GEMM
};

struct IsaTable {
  // Single-threaded GEMM (packed, or direct for small shapes); gemm/gemm.cc splits big
  // problems into rectangles of whole MR×NR tiles and runs one call per thread.
  void (*gemm)(const GemmCall& call);
  int64_t mr, nr;  // the micro-kernel's register tile
  void (*activationForward)(Activation act, float alpha, const float* x, float* y,
                            int64_t count);
  void (*activationBackward)(Activation act, float alpha, const float* x, const float* y,
                             const float* dy, float* dx, int64_t count);
  // Optimizer updates (optim.cc forwards here); signatures as in kernels.h.
  void (*sgdUpdate)(int64_t count, float* param, const float* grad, float* velocity, float lr,
                    float momentum, float dampening, float weightDecay, bool nesterov,
                    bool firstStep);
  void (*adamUpdate)(int64_t count, float* param, const float* grad, float* m, float* v,
                     float lr, float beta1, float beta2, float eps, float weightDecay,
                     bool decoupled, int64_t step);
  // The machine probes (probe.cc): an FMA-only loop returning the flops it did, and the
  // STREAM triad a = b + s·c.
  double (*fmaLoop)(int64_t iterations);
  void (*streamTriad)(int64_t count, float* a, const float* b, const float* c, float s);
};

const IsaTable* isaTableGeneric();
const IsaTable* isaTableAvx2();    // null on non-x86 builds
const IsaTable* isaTableAvx512();  // null on non-x86 builds

const IsaTable& activeTable();

// Runs a GEMM with the active table, on the pool when it is big enough (gemm/gemm.cc).
void gemmParallel(const IsaTable& table, const GemmCall& call);

// Runs fn(ctx, task) for every task in [0, tasks) on the pool, the calling thread
// included; returns when all are done. Serial when the pool is busy with another caller
// or has one thread. (threads.cc)
void parallelFor(int64_t tasks, void (*fn)(void* ctx, int64_t task), void* ctx);

}  // namespace chainrule::kernels
