// Dropout. It is the identity at inference (the default, and always before
// opset 12); from opset 12 a true `training_mode` input drops elements at random with
// probability `ratio` and scales the rest by 1 / (1 - ratio).
#include <random>

#include "kernels/elementwise_dropout.h"
#include "runtime/ops/elementwise_apply.h"
#include "runtime/ops/elementwise_register.h"

namespace minnow::runtime::elementwise {
namespace {

struct DropoutConfig {
  int64_t opset;
  bool has_seed;
  int64_t seed;
};

// Reads the opset-12 optional scalar inputs: ratio (default 0.5) and training_mode (default false).
Status ReadDropoutInputs(const KernelContext& ctx, double* ratio, bool* training) {
  const ir::Node& node = ctx.node();
  *ratio = 0.5;
  *training = false;
  if (const Tensor* r = ctx.input(1)) {
    if (!IsFloatingPoint(r->dtype()) || r->numel() != 1) {
      return InvalidModel(node.Label() + ": ratio must be a float scalar");
    }
    *ratio = r->GetAsDouble(0);
  }
  if (const Tensor* t = ctx.input(2)) {
    if (t->dtype() != DataType::kBool || t->numel() != 1) {
      return InvalidModel(node.Label() + ": training_mode must be a bool scalar");
    }
    *training = t->data<uint8_t>()[0] != 0;
  }
  return Status::Ok();
}

Status ComputeDropout(KernelContext& ctx, const DropoutConfig& cfg) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  double ratio = 0.0;
  bool training = false;
  if (cfg.opset >= 12) MINNOW_RETURN_IF_ERROR(ReadDropoutInputs(ctx, &ratio, &training));
  // Before opset 10 the mask has the input's type; from 10 it is bool.
  const DataType mask_type = cfg.opset >= 10 ? DataType::kBool : x->dtype();

  if (!training || ratio == 0.0) {
    ctx.SetOutput(0, *x);
    if (ctx.HasOutput(1)) {
      MINNOW_ASSIGN_OR_RETURN(Tensor ones, Tensor::Create(DataType::kBool, x->shape()));
      std::fill(ones.data<uint8_t>(), ones.data<uint8_t>() + ones.numel(), uint8_t{1});
      MINNOW_ASSIGN_OR_RETURN(Tensor mask, CastTensor(ones, mask_type, node));
      ctx.SetOutput(1, std::move(mask));
    }
    return Status::Ok();
  }
  if (!(ratio >= 0.0 && ratio < 1.0)) {
    return InvalidArgument(node.Label() + ": ratio must be in [0, 1), got " + std::to_string(ratio));
  }
  MINNOW_ASSIGN_OR_RETURN(Tensor xw, WidenHalf(*x, node));
  MINNOW_ASSIGN_OR_RETURN(Tensor keep, Tensor::Create(DataType::kBool, x->shape()));
  // Each call draws a fresh mask; a `seed` attribute makes the sequence reproducible.
  std::mt19937_64 rng(cfg.has_seed ? static_cast<uint64_t>(cfg.seed) : std::random_device{}());
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  uint8_t* k = keep.data<uint8_t>();
  for (int64_t i = 0; i < keep.numel(); ++i) k[i] = uniform(rng) >= ratio ? 1 : 0;
  MINNOW_ASSIGN_OR_RETURN(Tensor y, Tensor::Create(xw.dtype(), xw.shape()));
  const bool ok = kernels::DispatchFloat(xw.dtype(), [&]<typename T>() {
    kernels::DropoutApply(xw.data<T>(), k, y.data<T>(), y.numel(), 1.0 / (1.0 - ratio));
  });
  if (!ok) return UnsupportedType(node, 0, x->dtype(), "a float type");
  MINNOW_ASSIGN_OR_RETURN(y, NarrowResult(std::move(y), x->dtype(), node));
  ctx.SetOutput(0, std::move(y));
  if (ctx.HasOutput(1)) ctx.SetOutput(1, std::move(keep));
  return Status::Ok();
}

}  // namespace

void RegisterPassThroughKernels(KernelRegistry& r) {
  r.Register("", "Dropout", [](const KernelInit& init) {
    const DropoutConfig cfg{init.opset, init.node.HasAttribute("seed"), init.node.GetInt("seed", 0)};
    return MakeKernel([cfg](KernelContext& ctx) { return ComputeDropout(ctx, cfg); });
  });
}

}  // namespace minnow::runtime::elementwise
