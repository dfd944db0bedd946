// Unary math operators: Sqrt, Exp, Log, Neg, Abs, Reciprocal, Floor, Ceil, Round, Sign, Erf,
// trigonometric and hyperbolic functions, Not, IsNaN, IsInf.
#include "kernels/elementwise_unary.h"
#include "runtime/ops/elementwise_apply.h"
#include "runtime/ops/elementwise_register.h"

namespace minnow::runtime::elementwise {

void RegisterUnaryMathKernels(KernelRegistry& r) {
  using namespace kernels;
  r.Register("", "Sqrt", UnaryOp(SqrtFn{}));
  r.Register("", "Exp", UnaryOp(ExpFn{}));
  r.Register("", "Log", UnaryOp(LogFn{}));
  r.Register("", "Neg", UnaryOp(NegFn{}));
  r.Register("", "Abs", UnaryOp(AbsFn{}));
  r.Register("", "Reciprocal", UnaryOp(ReciprocalFn{}));
  r.Register("", "Floor", UnaryOp(FloorFn{}));
  r.Register("", "Ceil", UnaryOp(CeilFn{}));
  r.Register("", "Round", UnaryOp(RoundFn{}));
  r.Register("", "Sign", UnaryOp(SignFn{}));
  r.Register("", "Erf", UnaryOp(ErfFn{}));
  r.Register("", "Sin", UnaryOp(SinFn{}));
  r.Register("", "Cos", UnaryOp(CosFn{}));
  r.Register("", "Tan", UnaryOp(TanFn{}));
  r.Register("", "Asin", UnaryOp(AsinFn{}));
  r.Register("", "Acos", UnaryOp(AcosFn{}));
  r.Register("", "Atan", UnaryOp(AtanFn{}));
  r.Register("", "Sinh", UnaryOp(SinhFn{}));
  r.Register("", "Cosh", UnaryOp(CoshFn{}));
  r.Register("", "Asinh", UnaryOp(AsinhFn{}));
  r.Register("", "Acosh", UnaryOp(AcoshFn{}));
  r.Register("", "Atanh", UnaryOp(AtanhFn{}));
  r.Register("", "Not", UnaryOp(NotFn{}));
  r.Register("", "IsNaN", UnaryOp(IsNaNFn{}));
  r.Register("", "IsInf", [](const KernelInit& init) {
    const IsInfFn fn{init.node.GetInt("detect_negative", 1) != 0, init.node.GetInt("detect_positive", 1) != 0};
    return UnaryOp(fn)(init);
  });
}

}  // namespace minnow::runtime::elementwise
