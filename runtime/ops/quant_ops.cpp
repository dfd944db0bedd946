// Registration of the quant operator family.
#include "runtime/ops/register_ops.h"

namespace minnow::runtime {

void RegisterQuantKernels(KernelRegistry& registry) {}

}  // namespace minnow::runtime
