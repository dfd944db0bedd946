// Softmax and LogSoftmax. Opset < 13 flattens the input to 2-D at `axis` (default 1) and normalises
// each row; opset >= 13 normalises along the single dimension `axis` (default -1).
#include <memory>

#include "kernels/dispatch.h"
#include "kernels/softmax.h"
#include "runtime/op_utils.h"
#include "runtime/ops/neural_net_ops.h"

namespace minnow::runtime {
namespace {

Status SoftmaxCompute(KernelContext& ctx, int64_t axis_attr, bool coerce_2d, bool log_softmax) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  MINNOW_RETURN_IF_ERROR(CheckFloatInputs(ctx, {0}));
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), x->shape()));
  if (x->rank() == 0) {
    // A scalar is its own (single-element) axis.
    kernels::DispatchFloat(x->dtype(), [&]<typename T>() { kernels::SoftmaxRef<T>(1, 1, 1, x->data<T>(), y->data<T>(), log_softmax); });
    return Status::Ok();
  }
  MINNOW_ASSIGN_OR_RETURN(int64_t axis, NormalizeAxis(axis_attr, x->rank(), node));
  int64_t outer = 1, mid = 1, inner = 1;
  for (int64_t d = 0; d < x->rank(); ++d) {
    if (d < axis) outer *= x->dim(d);
    else if (d == axis || coerce_2d) mid *= x->dim(d);
    else inner *= x->dim(d);
  }
  kernels::DispatchFloat(x->dtype(), [&]<typename T>() {
    kernels::SoftmaxRef<T>(outer, mid, inner, x->data<T>(), y->data<T>(), log_softmax);
  });
  return Status::Ok();
}

KernelFactory SoftmaxFactory(bool log_softmax) {
  return [log_softmax](const KernelInit& init) {
    const bool coerce_2d = init.opset < 13;
    const int64_t axis = init.node.GetInt("axis", coerce_2d ? 1 : -1);
    return MakeKernel(
        [axis, coerce_2d, log_softmax](KernelContext& c) { return SoftmaxCompute(c, axis, coerce_2d, log_softmax); });
  };
}

}  // namespace

void RegisterSoftmaxKernels(KernelRegistry& registry) {
  registry.Register("", "Softmax", SoftmaxFactory(false));
  registry.Register("", "LogSoftmax", SoftmaxFactory(true));
}

}  // namespace minnow::runtime
