// Comparison and logic operators (bool outputs, numpy broadcasting): Equal, Less, LessOrEqual,
// Greater, GreaterOrEqual, And, Or, Xor.
#include "kernels/elementwise_binary.h"
#include "runtime/ops/elementwise_apply.h"
#include "runtime/ops/elementwise_register.h"

namespace minnow::runtime::elementwise {

void RegisterCompareKernels(KernelRegistry& r) {
  using namespace kernels;
  r.Register("", "Equal", BinaryOp(EqualFn{}));
  r.Register("", "Less", BinaryOp(LessFn{}));
  r.Register("", "LessOrEqual", BinaryOp(LessOrEqualFn{}));
  r.Register("", "Greater", BinaryOp(GreaterFn{}));
  r.Register("", "GreaterOrEqual", BinaryOp(GreaterOrEqualFn{}));
  r.Register("", "And", BinaryOp(AndFn{}));
  r.Register("", "Or", BinaryOp(OrFn{}));
  r.Register("", "Xor", BinaryOp(XorFn{}));
}

}  // namespace minnow::runtime::elementwise
