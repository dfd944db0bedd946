// Registration of the fused operators created by the merging passes.
#include "runtime/ops/register_ops.h"

namespace minnow::runtime {

void RegisterFusedKernels(KernelRegistry& registry) {}

}  // namespace minnow::runtime
