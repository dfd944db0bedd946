// com.microsoft Gelu (exact erf form) and com.microsoft LayerNormalization (the contrib-op spelling
// used for models below opset 17; same inputs and attributes as the ONNX op, same kernel).
#include <cmath>

#include "kernels/dispatch.h"
#include "runtime/kernel_registry.h"
#include "runtime/op_utils.h"
#include "runtime/ops/fused_ops.h"

namespace minnow::runtime {
namespace {

Status GeluCompute(KernelContext& ctx) {
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  if (x->dtype() != DataType::kFloat32 && x->dtype() != DataType::kFloat64) {
    return UnsupportedType(ctx.node(), 0, x->dtype(), "float or double");
  }
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), x->shape()));
  const int64_t n = x->numel();
  kernels::DispatchFloat(x->dtype(), [&]<typename T>() {
    const T* xd = x->data<T>();
    T* yd = y->data<T>();
    const T inv_sqrt2 = static_cast<T>(0.70710678118654752440);
#pragma omp parallel for schedule(static) if (n > 65536)
    for (int64_t i = 0; i < n; ++i) yd[i] = T(0.5) * xd[i] * (T(1) + std::erf(xd[i] * inv_sqrt2));
  });
  return Status::Ok();
}

// Delegates to the built-in kernel of the default-domain op of the same name.
KernelFactory Alias(const char* op) {
  return [=](const KernelInit& init) -> Expected<std::unique_ptr<OpKernel>> {
    const KernelFactory* base = KernelRegistry::BuiltIn().Find("", op);
    if (!base) return Internal(init.node.Label() + ": no built-in " + op + " kernel");
    return (*base)(init);
  };
}

}  // namespace

void RegisterFusedElementwiseKernels(KernelRegistry& registry) {
  registry.Register("com.microsoft", "Gelu", [](const KernelInit&) { return MakeKernel(GeluCompute); });
  registry.Register("com.microsoft", "LayerNormalization", Alias("LayerNormalization"));
}

}  // namespace minnow::runtime
