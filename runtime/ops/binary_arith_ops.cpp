// Binary arithmetic operators with numpy broadcasting: Add, Sub, Mul, Div, Mod, Pow (base and
// exponent types may differ), BitShift, and PRelu (slope broadcasts to the input's shape).
#include "kernels/elementwise_binary.h"
#include "runtime/ops/elementwise_apply.h"
#include "runtime/ops/elementwise_register.h"

namespace minnow::runtime::elementwise {
namespace {

// Pow: same-typed operands compute directly (exact integer powers). Mixed types (float base,
// int exponent or the reverse) compute in f64 and convert back to the base type, as numpy's
// reference does (int base with float exponent truncates the result).
Status ComputePow(KernelContext& ctx, const LegacyBroadcast& legacy) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* base, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* exponent_in, ctx.RequiredInput(1));
  MINNOW_ASSIGN_OR_RETURN(const Tensor exponent_view, ApplyLegacyBroadcast(*base, *exponent_in, legacy, node));
  const Tensor* exponent = &exponent_view;
  if (base->dtype() == exponent->dtype()) {
    MINNOW_ASSIGN_OR_RETURN(Tensor y, ApplyBinary(*base, *exponent, kernels::PowFn{}, node));
    ctx.SetOutput(0, std::move(y));
    return Status::Ok();
  }
  const auto numeric = [](DataType t) {
    return t != DataType::kBool && IsSupportedDataType(t);
  };
  if (!numeric(base->dtype())) return UnsupportedType(node, 0, base->dtype(), "a numeric type");
  if (!numeric(exponent->dtype())) return UnsupportedType(node, 1, exponent->dtype(), "a numeric type");
  MINNOW_ASSIGN_OR_RETURN(Tensor b64, CastTensor(*base, DataType::kFloat64, node));
  MINNOW_ASSIGN_OR_RETURN(Tensor e64, CastTensor(*exponent, DataType::kFloat64, node));
  MINNOW_ASSIGN_OR_RETURN(Tensor y64, ApplyBinary(b64, e64, kernels::PowFn{}, node));
  MINNOW_ASSIGN_OR_RETURN(Tensor y, CastTensor(y64, base->dtype(), node));
  ctx.SetOutput(0, std::move(y));
  return Status::Ok();
}

// PRelu: the output has X's shape, so the slope must broadcast to X (unidirectionally).
Status ComputePRelu(KernelContext& ctx) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* slope, ctx.RequiredInput(1));
  MINNOW_ASSIGN_OR_RETURN(Shape out, BroadcastPair(x->shape(), slope->shape(), node));
  if (out != x->shape()) {
    return InvalidArgument(node.Label() + ": slope of shape " + ShapeToString(slope->shape()) +
                           " does not broadcast to input shape " + ShapeToString(x->shape()));
  }
  MINNOW_ASSIGN_OR_RETURN(Tensor y, ApplyBinary(*x, *slope, kernels::PReluFn{}, node));
  ctx.SetOutput(0, std::move(y));
  return Status::Ok();
}

}  // namespace

void RegisterArithmeticKernels(KernelRegistry& r) {
  using namespace kernels;
  r.Register("", "Add", BinaryOp(AddFn{}));
  r.Register("", "Sub", BinaryOp(SubFn{}));
  r.Register("", "Mul", BinaryOp(MulFn{}));
  r.Register("", "Div", BinaryOp(DivFn{}));
  r.Register("", "Pow", [](const KernelInit& init) {
    const LegacyBroadcast legacy = ReadLegacyBroadcast(init);
    return MakeKernel([legacy](KernelContext& ctx) { return ComputePow(ctx, legacy); });
  });
  r.Register("", "PRelu", [](const KernelInit&) { return MakeKernel(ComputePRelu); });
  r.Register("", "Mod", [](const KernelInit& init) {
    return BinaryOp(ModFn{init.node.GetInt("fmod", 0) != 0})(init);
  });
  r.Register("", "BitShift", [](const KernelInit& init) -> Expected<std::unique_ptr<OpKernel>> {
    const std::string direction = init.node.GetString("direction", "");
    if (direction != "LEFT" && direction != "RIGHT") {
      return InvalidModel(init.node.Label() + ": direction must be \"LEFT\" or \"RIGHT\", got \"" + direction + "\"");
    }
    return BinaryOp(BitShiftFn{direction == "LEFT"})(init);
  });
}

}  // namespace minnow::runtime::elementwise
