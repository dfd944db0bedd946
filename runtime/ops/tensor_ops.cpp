// Registration of the tensor operator family.
#include "runtime/ops/register_ops.h"

namespace minnow::runtime {

void RegisterTensorKernels(KernelRegistry& registry) {}

}  // namespace minnow::runtime
