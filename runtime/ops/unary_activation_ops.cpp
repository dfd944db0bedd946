// Activation operators: Relu, LeakyRelu, Elu, Celu, Selu, Sigmoid, HardSigmoid, HardSwish, Tanh,
// Softplus, Softsign, ThresholdedRelu, Shrink, and Clip (attribute bounds before opset 11,
// optional scalar inputs from 11).
#include <limits>

#include "kernels/elementwise_unary.h"
#include "runtime/ops/elementwise_apply.h"
#include "runtime/ops/elementwise_register.h"

namespace minnow::runtime::elementwise {
namespace {

// A factory whose functor is built from the node's attributes.
template <typename MakeFn>
KernelFactory AttrUnaryOp(MakeFn make) {
  return [make](const KernelInit& init) { return UnaryOp(make(init.node))(init); };
}

// Reads an optional Clip bound input (one element, same type as x) into *out.
template <typename T>
Status ReadBound(const Tensor* t, DataType x_type, const ir::Node& node, const char* what, T* out) {
  if (!t) return Status::Ok();
  if (t->dtype() != x_type) {
    return InvalidModel(node.Label() + ": " + what + " has type " + DataTypeName(t->dtype()) + ", input has " +
                        DataTypeName(x_type));
  }
  if (t->numel() != 1) {
    return InvalidModel(node.Label() + ": " + what + " must be a scalar, got shape " + ShapeToString(t->shape()));
  }
  *out = t->data<T>()[0];
  return Status::Ok();
}

Status ComputeClip(KernelContext& ctx, int64_t opset, float attr_min, float attr_max) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x_in, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(Tensor x, WidenHalf(*x_in, node));
  Tensor lo_t, hi_t;
  if (opset >= 11 && ctx.input(1)) {
    if (ctx.input(1)->dtype() != x_in->dtype()) {
      return InvalidModel(node.Label() + ": min has type " + DataTypeName(ctx.input(1)->dtype()));
    }
    MINNOW_ASSIGN_OR_RETURN(lo_t, WidenHalf(*ctx.input(1), node));
  }
  if (opset >= 11 && ctx.input(2)) {
    if (ctx.input(2)->dtype() != x_in->dtype()) {
      return InvalidModel(node.Label() + ": max has type " + DataTypeName(ctx.input(2)->dtype()));
    }
    MINNOW_ASSIGN_OR_RETURN(hi_t, WidenHalf(*ctx.input(2), node));
  }
  Tensor y;
  Status status;
  bool accepted = false;
  kernels::DispatchNumeric(x.dtype(), [&]<typename T>() {
    accepted = true;
    T lo = std::numeric_limits<T>::lowest(), hi = std::numeric_limits<T>::max();
    if constexpr (kernels::kIsFloat<T>) {
      lo = -std::numeric_limits<T>::infinity();
      hi = std::numeric_limits<T>::infinity();
      if (opset < 11) {
        lo = static_cast<T>(attr_min);
        hi = static_cast<T>(attr_max);
      }
    }
    status = ReadBound<T>(lo_t.empty() ? nullptr : &lo_t, x.dtype(), node, "min", &lo);
    if (status.ok()) status = ReadBound<T>(hi_t.empty() ? nullptr : &hi_t, x.dtype(), node, "max", &hi);
    if (!status.ok()) return;
    auto created = Tensor::Create(x.dtype(), x.shape());
    if (!created.ok()) {
      status = created.status();
      return;
    }
    y = std::move(created).value();
    kernels::UnaryMap(x.data<T>(), y.data<T>(), x.numel(), kernels::ClampFn<T>{lo, hi});
  });
  if (!accepted) return UnsupportedType(node, 0, x_in->dtype(), "a numeric type");
  MINNOW_RETURN_IF_ERROR(status);
  MINNOW_ASSIGN_OR_RETURN(y, NarrowResult(std::move(y), x_in->dtype(), node));
  ctx.SetOutput(0, std::move(y));
  return Status::Ok();
}

}  // namespace

void RegisterActivationKernels(KernelRegistry& r) {
  using namespace kernels;
  r.Register("", "Relu", UnaryOp(ReluFn{}));
  r.Register("", "Sigmoid", UnaryOp(SigmoidFn{}));
  r.Register("", "Tanh", UnaryOp(TanhFn{}));
  r.Register("", "Softplus", UnaryOp(SoftplusFn{}));
  r.Register("", "Softsign", UnaryOp(SoftsignFn{}));
  r.Register("", "HardSwish", UnaryOp(HardSwishFn{}));
  r.Register("", "LeakyRelu", AttrUnaryOp([](const ir::Node& n) { return LeakyReluFn{n.GetFloat("alpha", 0.01f)}; }));
  r.Register("", "Elu", AttrUnaryOp([](const ir::Node& n) { return EluFn{n.GetFloat("alpha", 1.0f)}; }));
  r.Register("", "ThresholdedRelu",
             AttrUnaryOp([](const ir::Node& n) { return ThresholdedReluFn{n.GetFloat("alpha", 1.0f)}; }));
  r.Register("", "Selu", AttrUnaryOp([](const ir::Node& n) {
               return SeluFn{n.GetFloat("alpha", 1.67326319217681884765625f),
                             n.GetFloat("gamma", 1.05070102214813232421875f)};
             }));
  r.Register("", "HardSigmoid", AttrUnaryOp([](const ir::Node& n) {
               return HardSigmoidFn{n.GetFloat("alpha", 0.2f), n.GetFloat("beta", 0.5f)};
             }));
  r.Register("", "Shrink", AttrUnaryOp([](const ir::Node& n) {
               return ShrinkFn{n.GetFloat("bias", 0.0f), n.GetFloat("lambd", 0.5f)};
             }));
  r.Register("", "Celu", [](const KernelInit& init) -> Expected<std::unique_ptr<OpKernel>> {
    const float alpha = init.node.GetFloat("alpha", 1.0f);
    if (alpha == 0.0f) return InvalidModel(init.node.Label() + ": alpha must be nonzero");
    return UnaryOp(CeluFn{alpha})(init);
  });
  r.Register("", "Clip", [](const KernelInit& init) -> Expected<std::unique_ptr<OpKernel>> {
    const int64_t opset = init.opset;
    const float lo = init.node.GetFloat("min", -std::numeric_limits<float>::max());
    const float hi = init.node.GetFloat("max", std::numeric_limits<float>::max());
    return MakeKernel([=](KernelContext& ctx) { return ComputeClip(ctx, opset, lo, hi); });
  });
}

}  // namespace minnow::runtime::elementwise
