// Registration of the fused operators created by the merging passes.
#include "runtime/ops/fused_ops.h"
#include "runtime/ops/register_ops.h"

namespace minnow::runtime {

void RegisterFusedKernels(KernelRegistry& registry) {
  RegisterFusedConvGemmKernels(registry);
  RegisterFusedElementwiseKernels(registry);
}

}  // namespace minnow::runtime
