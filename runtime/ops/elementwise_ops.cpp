// Registration of the elementwise operator family.
#include "runtime/ops/register_ops.h"

namespace minnow::runtime {

void RegisterElementwiseKernels(KernelRegistry& registry) {}

}  // namespace minnow::runtime
