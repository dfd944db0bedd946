// Registration and kernels of the reduction family: Reduce* over a set of axes, ArgMax/ArgMin.
#include "kernels/dispatch.h"
#include "kernels/reduce.h"
#include "runtime/op_utils.h"
#include "runtime/ops/register_ops.h"
#include "runtime/ops/tensor_op_utils.h"

namespace minnow::runtime {

namespace {

using kernels::ReduceOp;

// Axes come from the 'axes' attribute, or from input 1 (ReduceSum since opset 13, the others
// since opset 18). An absent or empty list reduces everything, unless noop_with_empty_axes.
Expected<std::unique_ptr<OpKernel>> MakeReduce(const KernelInit& init, ReduceOp op) {
  const ir::Node& node = init.node;
  std::optional<std::vector<int64_t>> attr_axes;
  if (node.HasAttribute("axes")) attr_axes = node.GetInts("axes");
  const bool keepdims = node.GetInt("keepdims", 1) != 0;
  const bool noop_empty = node.GetInt("noop_with_empty_axes", 0) != 0;
  return MakeKernel([op, attr_axes, keepdims, noop_empty](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    MINNOW_ASSIGN_OR_RETURN(auto input_axes, OptionalInt64Input(ctx, 1, "axes"));
    std::vector<int64_t> axes = input_axes ? *input_axes : attr_axes.value_or(std::vector<int64_t>{});
    if (axes.empty() && noop_empty) {
      ctx.SetOutput(0, *x);
      return Status::Ok();
    }
    const int64_t r = x->rank();
    std::vector<bool> reduce(static_cast<size_t>(r), axes.empty());
    MINNOW_ASSIGN_OR_RETURN(std::vector<int64_t> norm, NormalizeAxes(axes, r, node));
    for (int64_t a : norm) reduce[a] = true;
    Shape out;
    for (int64_t d = 0; d < r; ++d) {
      if (!reduce[d]) out.push_back(x->dim(d));
      else if (keepdims) out.push_back(1);
    }
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), out));
    kernels::ReducePlan plan;
    if (x->numel() == 0) {
      // Nothing to read: every output (if any) reduces an empty set. Avoids planning over
      // possibly huge dims of an empty tensor.
      plan.output_offsets.assign(static_cast<size_t>(y->numel()), 0);
    } else {
      plan = kernels::MakeReducePlan(x->shape(), reduce);
    }
    if (Is16BitFloat(x->dtype())) {
      const Tensor xf = ToFloat32(*x);
      Tensor yf(DataType::kFloat32, y->shape());
      kernels::Reduce<float>(xf.data<float>(), yf.data<float>(), plan, op);
      StoreFloat32As(yf, *y);
      return Status::Ok();
    }
    const bool ok = kernels::DispatchNumeric(x->dtype(), [&]<typename T>() {
      kernels::Reduce<T>(x->data<T>(), y->data<T>(), plan, op);
    });
    if (!ok) return UnsupportedType(node, 0, x->dtype(), "a numeric type");
    return Status::Ok();
  });
}

Expected<std::unique_ptr<OpKernel>> MakeArgReduce(const KernelInit& init, bool is_max) {
  const ir::Node& node = init.node;
  const int64_t axis_attr = node.GetInt("axis", 0);
  const bool keepdims = node.GetInt("keepdims", 1) != 0;
  const bool select_last = node.GetInt("select_last_index", 0) != 0;
  return MakeKernel([axis_attr, keepdims, select_last, is_max](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    if (x->rank() == 0) return InvalidModel(node.Label() + ": input must have rank >= 1");
    MINNOW_ASSIGN_OR_RETURN(const int64_t axis, NormalizeAxis(axis_attr, x->rank(), node));
    const int64_t axis_len = x->dim(axis);
    Shape out = x->shape();
    if (keepdims) out[axis] = 1;
    else out.erase(out.begin() + axis);
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kInt64, out));
    if (y->numel() == 0) return Status::Ok();
    if (axis_len == 0) return InvalidArgument(node.Label() + ": cannot take the arg of an empty axis");
    const int64_t outer = DimProduct(x->shape(), 0, axis);
    const int64_t inner = DimProduct(x->shape(), axis + 1, x->shape().size());
    if (Is16BitFloat(x->dtype())) {
      const Tensor xf = ToFloat32(*x);
      kernels::ArgReduce<float>(xf.data<float>(), y->data<int64_t>(), outer, axis_len, inner, is_max, select_last);
      return Status::Ok();
    }
    const bool ok = kernels::DispatchNumeric(x->dtype(), [&]<typename T>() {
      kernels::ArgReduce<T>(x->data<T>(), y->data<int64_t>(), outer, axis_len, inner, is_max, select_last);
    });
    if (!ok) return UnsupportedType(node, 0, x->dtype(), "a numeric type");
    return Status::Ok();
  });
}

}  // namespace

void RegisterReductionKernels(KernelRegistry& registry) {
  const std::pair<const char*, ReduceOp> reductions[] = {
      {"ReduceSum", ReduceOp::kSum},       {"ReduceMean", ReduceOp::kMean},
      {"ReduceMax", ReduceOp::kMax},       {"ReduceMin", ReduceOp::kMin},
      {"ReduceProd", ReduceOp::kProd},     {"ReduceL1", ReduceOp::kL1},
      {"ReduceL2", ReduceOp::kL2},         {"ReduceSumSquare", ReduceOp::kSumSquare},
      {"ReduceLogSum", ReduceOp::kLogSum}, {"ReduceLogSumExp", ReduceOp::kLogSumExp},
  };
  for (const auto& [name, op] : reductions) {
    registry.Register("", name, [op](const KernelInit& init) { return MakeReduce(init, op); });
  }
  registry.Register("", "ArgMax", [](const KernelInit& init) { return MakeArgReduce(init, true); });
  registry.Register("", "ArgMin", [](const KernelInit& init) { return MakeArgReduce(init, false); });
}

}  // namespace minnow::runtime
