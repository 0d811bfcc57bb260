// The generic kernel table: isa_impl.inc compiled with this file's own flags
// (see binding.gyp and CMakeLists.txt). Nothing else in the build gets these flags.
#include "isa_impl.inc"

namespace chainrule::kernels {

const IsaTable* isaTableGeneric() {
  static const IsaTable table{sgemmImpl, activationForwardImpl, activationBackwardImpl};
  return &table;
}

}  // namespace chainrule::kernels
