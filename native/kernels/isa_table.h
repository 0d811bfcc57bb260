// The per-ISA function table. Each ISA's translation unit (compiled with its own -m
// flags) fills one; dispatch.cc picks one at load. Internal to native/kernels/.
#pragma once
#include "kernels.h"

namespace chainrule::kernels {

struct IsaTable {
  void (*sgemm)(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha,
                const float* a, const float* b, float beta, float* c);
  void (*activationForward)(Activation act, float alpha, const float* x, float* y,
                            int64_t count);
  void (*activationBackward)(Activation act, float alpha, const float* x, const float* y,
                             const float* dy, float* dx, int64_t count);
};

const IsaTable* isaTableGeneric();
const IsaTable* isaTableAvx2();    // null on non-x86 builds
const IsaTable* isaTableAvx512();  // null on non-x86 builds

const IsaTable& activeTable();

}  // namespace chainrule::kernels
