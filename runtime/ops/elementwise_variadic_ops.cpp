// Variadic operators with numpy broadcasting across all inputs: Min, Max, Sum, Mean.
#include "kernels/elementwise_binary.h"
#include "kernels/elementwise_unary.h"
#include "runtime/ops/elementwise_apply.h"
#include "runtime/ops/elementwise_register.h"

namespace minnow::runtime::elementwise {
namespace {

// Folds inputs left to right with fn; Mean then divides by the input count.
template <typename Fn>
Status ComputeVariadic(KernelContext& ctx, const Fn& fn, bool mean) {
  const ir::Node& node = ctx.node();
  if (ctx.num_inputs() == 0) return InvalidModel(node.Label() + ": needs at least one input");
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    if (!ctx.input(i)) return InvalidModel(node.Label() + ": input " + std::to_string(i) + " is missing");
  }
  // Reject unsupported types even with a single input, where no fn call would check them.
  const DataType dtype = ctx.input(0)->dtype();
  bool accepted = false;
  kernels::DispatchElementType(IsHalfType(dtype) ? DataType::kFloat32 : dtype, [&]<typename T>() {
    accepted = Fn::template kAccepts<T> && (!mean || kernels::kIsFloat<T>);
  });
  if (!accepted) return UnsupportedType(node, 0, dtype, mean ? "a float type" : Fn::kTypes);

  Tensor acc = *ctx.input(0);
  for (size_t i = 1; i < ctx.num_inputs(); ++i) {
    MINNOW_ASSIGN_OR_RETURN(acc, ApplyBinary(acc, *ctx.input(i), fn, node));
  }
  if (mean && ctx.num_inputs() > 1) {
    const kernels::DivideByFn divide{static_cast<double>(ctx.num_inputs())};
    MINNOW_ASSIGN_OR_RETURN(acc, ApplyUnary(acc, divide, node));
  }
  ctx.SetOutput(0, std::move(acc));
  return Status::Ok();
}

template <typename Fn>
KernelFactory VariadicOp(Fn fn, bool mean) {
  return [fn, mean](const KernelInit&) {
    return MakeKernel([fn, mean](KernelContext& ctx) { return ComputeVariadic(ctx, fn, mean); });
  };
}

}  // namespace

void RegisterVariadicKernels(KernelRegistry& r) {
  using namespace kernels;
  r.Register("", "Min", VariadicOp(MinFn{}, false));
  r.Register("", "Max", VariadicOp(MaxFn{}, false));
  r.Register("", "Sum", VariadicOp(AddFn{}, false));
  r.Register("", "Mean", VariadicOp(AddFn{}, true));
}

}  // namespace minnow::runtime::elementwise
