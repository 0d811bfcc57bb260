// The generic kernel table: its micro-kernel and isa_impl.inc compiled with this file's own flags
// (see binding.gyp and CMakeLists.txt). Nothing else in the build gets these flags.
#include "gemm/ukernel_generic.inc"
#include "isa_impl.inc"
#include "probe_loops.inc"

namespace chainrule::kernels {

const IsaTable* isaTableGeneric() {
  static const IsaTable table{gemmImpl, kMR, kNR, activationForwardImpl,
                                 activationBackwardImpl, sgdUpdateImpl,
                                 adamUpdateImpl, fmaLoopImpl, streamTriadImpl};
  return &table;
}

}  // namespace chainrule::kernels
