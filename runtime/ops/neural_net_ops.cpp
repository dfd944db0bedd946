// Registration of the neural_net operator family (each op group lives in its own *_ops.cpp file).
#include "runtime/ops/neural_net_ops.h"

#include "runtime/op_utils.h"
#include "runtime/ops/register_ops.h"

namespace minnow::runtime {

void RegisterNeuralNetKernels(KernelRegistry& registry) {
  RegisterConvKernels(registry);
  RegisterMatMulKernels(registry);
  RegisterPoolKernels(registry);
  RegisterNormKernels(registry);
  RegisterSoftmaxKernels(registry);
}

Status CheckFloatInputs(const KernelContext& ctx, std::initializer_list<size_t> inputs) {
  const Tensor* first = nullptr;
  size_t first_index = 0;
  for (size_t i : inputs) {
    const Tensor* t = ctx.input(i);
    if (!t) continue;
    if (!first) {
      first = t;
      first_index = i;
      if (t->dtype() != DataType::kFloat32 && t->dtype() != DataType::kFloat64) {
        return UnsupportedType(ctx.node(), i, t->dtype(), "f32 or f64");
      }
    } else if (t->dtype() != first->dtype()) {
      return InvalidModel(ctx.node().Label() + ": input " + std::to_string(i) + " has type " +
                          DataTypeName(t->dtype()) + " but input " + std::to_string(first_index) + " has type " +
                          DataTypeName(first->dtype()));
    }
  }
  return Status::Ok();
}

}  // namespace minnow::runtime
