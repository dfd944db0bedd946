// Registration of the tensor operator family (shape and data movement); each file registers its ops.
#include "runtime/ops/register_ops.h"
#include "runtime/ops/tensor_op_utils.h"

namespace minnow::runtime {

void RegisterTensorKernels(KernelRegistry& registry) {
  RegisterShapeOps(registry);
  RegisterConstantOps(registry);
  RegisterConcatSplitOps(registry);
  RegisterSliceOps(registry);
  RegisterGatherOps(registry);
  RegisterTransposeOps(registry);
  RegisterPadTileOps(registry);
  RegisterResizeOps(registry);
}

}  // namespace minnow::runtime
