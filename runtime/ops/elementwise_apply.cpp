// Whole-tensor Cast and the f16/bf16 widening used by elementwise operators.
#include "runtime/ops/elementwise_apply.h"

#include "kernels/elementwise_cast.h"

namespace minnow::runtime::elementwise {

Expected<Tensor> CastTensor(const Tensor& x, DataType to, const ir::Node& node) {
  if (!IsSupportedDataType(to)) {
    return Unsupported(node.Label() + ": cannot convert to type " + DataTypeName(to));
  }
  MINNOW_ASSIGN_OR_RETURN(Tensor y, Tensor::Create(to, x.shape()));
  bool from_ok = false;
  kernels::DispatchElementType(x.dtype(), [&]<typename From>() {
    from_ok = true;
    kernels::DispatchElementType(to, [&]<typename To>() {
      kernels::CastBuffer(x.template data<From>(), y.template data<To>(), x.numel());
    });
  });
  if (!from_ok) return Unsupported(node.Label() + ": cannot convert from type " + DataTypeName(x.dtype()));
  return y;
}

Expected<Tensor> WidenHalf(const Tensor& x, const ir::Node& node) {
  if (!IsHalfType(x.dtype())) return x;
  return CastTensor(x, DataType::kFloat32, node);
}

Expected<Tensor> NarrowResult(Tensor y, DataType original, const ir::Node& node) {
  if (IsHalfType(original) && y.dtype() == DataType::kFloat32) return CastTensor(y, original, node);
  return y;
}

}  // namespace minnow::runtime::elementwise
