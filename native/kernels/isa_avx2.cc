// The avx2 kernel table: its micro-kernel and isa_impl.inc compiled with this file's own flags
// (see binding.gyp and CMakeLists.txt). Nothing else in the build gets these flags.
// Off x86-64 the build adds no flags and this table is absent (null).
#if defined(__x86_64__)
#include "gemm/ukernel_avx2.inc"
#include "isa_impl.inc"
#include "probe_loops.inc"

namespace chainrule::kernels {

const IsaTable* isaTableAvx2() {
  static const IsaTable table{gemmImpl, kMR, kNR, activationForwardImpl,
                                 activationBackwardImpl, sgdUpdateImpl,
                                 adamUpdateImpl, fmaLoopImpl, streamTriadImpl};
  return &table;
}

}  // namespace chainrule::kernels
#else
#include "isa_table.h"

namespace chainrule::kernels {
const IsaTable* isaTableAvx2() { return nullptr; }
}  // namespace chainrule::kernels
#endif
