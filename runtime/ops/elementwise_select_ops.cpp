// Where (three-way broadcast select) and Expand (broadcast to a requested shape).
#include "kernels/elementwise_broadcast.h"
#include "runtime/ops/elementwise_apply.h"
#include "runtime/ops/elementwise_register.h"

namespace minnow::runtime::elementwise {
namespace {

Status ComputeWhere(KernelContext& ctx) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* cond, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(1));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* y, ctx.RequiredInput(2));
  if (cond->dtype() != DataType::kBool) return UnsupportedType(node, 0, cond->dtype(), "bool");
  if (x->dtype() != y->dtype()) {
    return InvalidModel(node.Label() + ": X and Y have different types " + DataTypeName(x->dtype()) + " and " +
                        DataTypeName(y->dtype()));
  }
  MINNOW_ASSIGN_OR_RETURN(Shape out_shape, BroadcastShapes({cond->shape(), x->shape(), y->shape()}, node));
  MINNOW_ASSIGN_OR_RETURN(Tensor out, Tensor::Create(x->dtype(), out_shape));
  const kernels::BroadcastPlan plan = kernels::MakeBroadcastPlan(out_shape, {cond->shape(), x->shape(), y->shape()});
  const bool ok = kernels::DispatchAny(x->dtype(), [&]<typename T>() {
    kernels::BroadcastTernary(cond->data<uint8_t>(), x->data<T>(), y->data<T>(), out.data<T>(), plan,
                              [](uint8_t c, T a, T b) { return c ? a : b; });
  });
  if (!ok) return UnsupportedType(node, 1, x->dtype(), "a numeric or bool type");
  ctx.SetOutput(0, std::move(out));
  return Status::Ok();
}

Status ComputeExpand(KernelContext& ctx) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* shape_t, ctx.RequiredInput(1));
  if (shape_t->rank() != 1) {
    return InvalidModel(node.Label() + ": shape must be 1-D, got shape " + ShapeToString(shape_t->shape()));
  }
  MINNOW_ASSIGN_OR_RETURN(std::vector<int64_t> dims, ReadInt64s(*shape_t, node, "shape"));
  for (int64_t d : dims) {
    if (d < 0) return InvalidModel(node.Label() + ": shape has negative dimension " + std::to_string(d));
  }
  // Expand broadcasts both ways: shape [2,1] applied to x [1,3] gives [2,3].
  MINNOW_ASSIGN_OR_RETURN(Shape out_shape, BroadcastShapes({x->shape(), Shape(dims)}, node));
  MINNOW_ASSIGN_OR_RETURN(Tensor out, Tensor::Create(x->dtype(), out_shape));
  const kernels::BroadcastPlan plan = kernels::MakeBroadcastPlan(out_shape, {x->shape()});
  const bool ok = kernels::DispatchAny(x->dtype(), [&]<typename T>() {
    kernels::BroadcastCopy(x->data<T>(), out.data<T>(), plan);
  });
  if (!ok) return UnsupportedType(node, 0, x->dtype(), "a numeric or bool type");
  ctx.SetOutput(0, std::move(out));
  return Status::Ok();
}

}  // namespace

void RegisterSelectKernels(KernelRegistry& r) {
  r.Register("", "Where", [](const KernelInit&) { return MakeKernel(ComputeWhere); });
  r.Register("", "Expand", [](const KernelInit&) { return MakeKernel(ComputeExpand); });
}

}  // namespace minnow::runtime::elementwise
