// Optimizer updates in place, one pass over the parameters, following the update rules
// torch.optim.SGD and torch.optim.Adam / AdamW document (the pseudo-code in their docs).
// The loops live in isa_impl.inc so each ISA's table vectorises them at its own width:
// compiled here (generic flags only) Adam ran on 4-lane SSE, ~12× slower than SGD.
#include <cstdint>

#include "isa_table.h"
#include "kernels.h"

namespace chainrule::kernels {

void sgdUpdate(int64_t count, float* param, const float* grad, float* velocity, float lr,
               float momentum, float dampening, float weightDecay, bool nesterov,
               bool firstStep) {
  activeTable().sgdUpdate(count, param, grad, velocity, lr, momentum, dampening, weightDecay,
                          nesterov, firstStep);
}

void adamUpdate(int64_t count, float* param, const float* grad, float* m, float* v, float lr,
                float beta1, float beta2, float eps, float weightDecay, bool decoupled,
                int64_t step) {
  activeTable().adamUpdate(count, param, grad, m, v, lr, beta1, beta2, eps, weightDecay,
                           decoupled, step);
}

}  // namespace chainrule::kernels
