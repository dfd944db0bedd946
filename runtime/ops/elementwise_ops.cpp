// Registration of the elementwise operator family (the ops live in unary_*, binary_* and
// elementwise_*_ops.cpp beside this file).
#include "runtime/ops/elementwise_register.h"
#include "runtime/ops/register_ops.h"

namespace minnow::runtime {

void RegisterElementwiseKernels(KernelRegistry& registry) {
  elementwise::RegisterUnaryMathKernels(registry);
  elementwise::RegisterActivationKernels(registry);
  elementwise::RegisterArithmeticKernels(registry);
  elementwise::RegisterCompareKernels(registry);
  elementwise::RegisterVariadicKernels(registry);
  elementwise::RegisterSelectKernels(registry);
  elementwise::RegisterCastKernels(registry);
  elementwise::RegisterPassThroughKernels(registry);
}

}  // namespace minnow::runtime
