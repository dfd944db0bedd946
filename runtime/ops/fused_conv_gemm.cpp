// FusedConv and FusedGemm (com.microsoft): the built-in Conv / Gemm kernel computes the output,
// then the epilogue (residual Z, activation) runs in place on it instead of as separate nodes that
// would each allocate and stream another full tensor.
#include <limits>
#include <memory>

#include "kernels/dispatch.h"
#include "runtime/kernel_registry.h"
#include "runtime/op_utils.h"
#include "runtime/ops/fused_epilogue.h"
#include "runtime/ops/fused_ops.h"

namespace minnow::runtime {
namespace {

Expected<Epilogue::Kind> KindOf(const ir::Node& node, const std::string& name) {
  using K = Epilogue::Kind;
  static const std::pair<const char*, K> kNames[] = {
      {"", K::kNone},           {"Relu", K::kRelu},       {"LeakyRelu", K::kLeakyRelu},
      {"Clip", K::kClip},       {"Sigmoid", K::kSigmoid}, {"Tanh", K::kTanh},
      {"HardSigmoid", K::kHardSigmoid}, {"HardSwish", K::kHardSwish}, {"SiLU", K::kSiLU}};
  for (const auto& [n, k] : kNames) {
    if (name == n) return k;
  }
  return Unsupported(node.Label() + ": unsupported activation '" + name + "'");
}

class FusedKernel final : public OpKernel {
 public:
  FusedKernel(std::unique_ptr<OpKernel> base, Epilogue epilogue, size_t base_inputs, bool has_residual)
      : base_(std::move(base)), epilogue_(epilogue), base_inputs_(base_inputs), has_residual_(has_residual) {}

  Status Compute(KernelContext& ctx) const override {
    const ir::Node& node = ctx.node();
    std::vector<const Tensor*> inputs;
    for (size_t i = 0; i < base_inputs_; ++i) inputs.push_back(ctx.input(i));
    std::vector<Tensor> outputs(1);
    KernelContext base_ctx(node, std::move(inputs), &outputs);
    base_ctx.set_allocator(ctx.allocator());  // same node and output 0: the plan's slot for Y
    MINNOW_RETURN_IF_ERROR(base_->Compute(base_ctx));
    Tensor& y = outputs[0];
    const Tensor* z = has_residual_ ? ctx.input(base_inputs_) : nullptr;
    if (z && (z->dtype() != y.dtype() || z->shape() != y.shape())) {
      return InvalidArgument(node.Label() + ": residual Z " + ShapeToString(z->shape()) + " must match the output " +
                             ShapeToString(y.shape()));
    }
    const bool done = kernels::DispatchFloat(y.dtype(), [&]<typename T>() {
      ApplyEpilogue<T>(epilogue_, y.data<T>(), z ? z->data<T>() : nullptr, y.numel());
    });
    if (!done) return UnsupportedType(node, 0, y.dtype(), "float or double");
    ctx.SetOutput(0, std::move(y));
    return Status::Ok();
  }

 private:
  std::unique_ptr<OpKernel> base_;
  Epilogue epilogue_;
  size_t base_inputs_;
  bool has_residual_;
};

// Wraps the built-in kernel of `base_op` (which reads the base attributes and ignores the rest).
KernelFactory MakeFused(const char* base_op, size_t base_inputs, bool residual) {
  return [=](const KernelInit& init) -> Expected<std::unique_ptr<OpKernel>> {
    const KernelFactory* base = KernelRegistry::BuiltIn().Find("", base_op);
    if (!base) return Internal(init.node.Label() + ": no built-in " + base_op + " kernel");
    MINNOW_ASSIGN_OR_RETURN(Epilogue epilogue, ParseEpilogue(init.node));
    if (!residual && init.node.num_inputs() > base_inputs) {
      return InvalidModel(init.node.Label() + ": takes at most " + std::to_string(base_inputs) + " inputs");
    }
    MINNOW_ASSIGN_OR_RETURN(std::unique_ptr<OpKernel> k, (*base)(init));
    return std::unique_ptr<OpKernel>(new FusedKernel(std::move(k), epilogue, base_inputs, residual));
  };
}

}  // namespace

Expected<Epilogue> ParseEpilogue(const ir::Node& node) {
  Epilogue e;
  MINNOW_ASSIGN_OR_RETURN(e.kind, KindOf(node, node.GetString("activation", "")));
  std::vector<float> params = node.GetFloats("activation_params");
  if (params.empty()) {
    if (node.HasAttribute("activation_alpha")) params.push_back(node.GetFloat("activation_alpha", 0));
    if (node.HasAttribute("activation_beta")) params.push_back(node.GetFloat("activation_beta", 0));
  }
  using K = Epilogue::Kind;
  const auto param = [&](size_t i, float def) { return i < params.size() ? params[i] : def; };
  switch (e.kind) {
    case K::kLeakyRelu: e.alpha = param(0, 0.01f); break;
    case K::kHardSigmoid:
      e.alpha = param(0, 0.2f);
      e.beta = param(1, 0.5f);
      break;
    case K::kClip:
      e.alpha = param(0, -std::numeric_limits<float>::infinity());
      e.beta = param(1, std::numeric_limits<float>::infinity());
      break;
    default: break;
  }
  return e;
}

void RegisterFusedConvGemmKernels(KernelRegistry& registry) {
  registry.Register("com.microsoft", "FusedConv", MakeFused("Conv", 3, /*residual=*/true));
  registry.Register("com.microsoft", "FusedGemm", MakeFused("Gemm", 3, /*residual=*/false));
}

}  // namespace minnow::runtime
