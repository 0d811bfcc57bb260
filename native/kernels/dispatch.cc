// Picks the kernel table once, from CPUID (cf. BLIS frame/base/bli_cpuid.c), with
// CHAINRULE_ISA=generic|avx2|avx512 as an override (cf. BLIS_ARCH_TYPE).
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "isa_table.h"

namespace chainrule::kernels {
namespace {

const IsaTable* tableFor(Isa isa) {
  switch (isa) {
    case Isa::avx512: return isaTableAvx512();
    case Isa::avx2: return isaTableAvx2();
    case Isa::generic: return isaTableGeneric();
  }
  return isaTableGeneric();
}

struct Selection {
  std::atomic<int32_t> isa{-1};
  // Atomic: worker_threads may call setIsa/info concurrently (a plain pointer was a data race).
  std::atomic<const char*> reason{"cpuid"};
};
Selection& selection() {
  static Selection s;
  return s;
}

Isa bestSupported() {
  if (cpuSupports(Isa::avx512)) return Isa::avx512;
  if (cpuSupports(Isa::avx2)) return Isa::avx2;
  return Isa::generic;
}

Isa initialIsa(const char** reason) {
  const char* forced = std::getenv("CHAINRULE_ISA");
  if (forced != nullptr && forced[0] != '\0') {
    Isa wanted = Isa::generic;
    bool known = true;
    if (std::strcmp(forced, "generic") == 0) wanted = Isa::generic;
    else if (std::strcmp(forced, "avx2") == 0) wanted = Isa::avx2;
    else if (std::strcmp(forced, "avx512") == 0) wanted = Isa::avx512;
    else known = false;
    if (!known) {
      *reason = "cpuid (CHAINRULE_ISA not one of generic|avx2|avx512, ignored)";
      return bestSupported();
    }
    if (cpuSupports(wanted)) {
      *reason = "CHAINRULE_ISA";
      return wanted;
    }
    *reason = "cpuid (CHAINRULE_ISA asked for an ISA this CPU lacks)";
    return bestSupported();
  }
  *reason = "cpuid";
  return bestSupported();
}

}  // namespace

bool cpuSupports(Isa isa) {
  if (tableFor(isa) == nullptr) return false;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  switch (isa) {
    case Isa::generic: return true;
    // libgcc checks XGETBV too, so these are false where the OS does not save the state.
    case Isa::avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case Isa::avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
             __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("fma");
  }
  return false;
#else
  return isa == Isa::generic;
#endif
}

Isa activeIsa() {
  Selection& s = selection();
  int32_t current = s.isa.load(std::memory_order_acquire);
  if (current < 0) {
    const char* reason = "cpuid";
    const Isa picked = initialIsa(&reason);
    int32_t expected = -1;
    if (s.isa.compare_exchange_strong(expected, static_cast<int32_t>(picked))) {
      s.reason.store(reason, std::memory_order_release);
    }
    current = s.isa.load(std::memory_order_acquire);
  }
  return static_cast<Isa>(current);
}

const char* isaName(Isa isa) {
  switch (isa) {
    case Isa::generic: return "generic";
    case Isa::avx2: return "avx2";
    case Isa::avx512: return "avx512";
  }
  return "unknown";
}

const char* isaReason() {
  activeIsa();
  return selection().reason.load(std::memory_order_acquire);
}

bool setIsa(Isa isa) {
  if (!cpuSupports(isa)) return false;
  activeIsa();
  selection().isa.store(static_cast<int32_t>(isa), std::memory_order_release);
  selection().reason.store("setIsa", std::memory_order_release);
  return true;
}

const IsaTable& activeTable() { return *tableFor(activeIsa()); }

void activationForward(Activation act, float alpha, const float* x, float* y, int64_t count) {
  activeTable().activationForward(act, alpha, x, y, count);
}

void activationBackward(Activation act, float alpha, const float* x, const float* y,
                        const float* dy, float* dx, int64_t count) {
  activeTable().activationBackward(act, alpha, x, y, dy, dx, count);
}

}  // namespace chainrule::kernels
