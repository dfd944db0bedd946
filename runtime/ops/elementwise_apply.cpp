// Whole-tensor Cast, the f16/bf16 widening and the pre-opset-7 broadcast rule used by elementwise operators.
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

LegacyBroadcast ReadLegacyBroadcast(const KernelInit& init) {
  LegacyBroadcast legacy;
  legacy.align_at_axis =
      init.opset < 7 && init.node.GetInt("broadcast", 0) != 0 && init.node.HasAttribute("axis");
  legacy.axis = init.node.GetInt("axis", 0);
  return legacy;
}

Expected<Tensor> ApplyLegacyBroadcast(const Tensor& a, const Tensor& b, const LegacyBroadcast& legacy,
                                      const ir::Node& node) {
  if (!legacy.align_at_axis) return b;
  const int64_t rank = a.rank();
  const int64_t axis = legacy.axis < 0 ? legacy.axis + rank : legacy.axis;
  if (axis < 0 || axis + b.rank() > rank) {
    return InvalidModel(node.Label() + ": axis " + std::to_string(legacy.axis) + " cannot align shape " +
                        ShapeToString(b.shape()) + " with " + ShapeToString(a.shape()));
  }
  // B's dims at [axis, axis + rank(B)), ones after, so right-aligned broadcasting lines them up.
  Shape shape = b.shape();
  shape.resize(static_cast<size_t>(rank - axis), 1);
  return b.Reshaped(shape);
}

}  // namespace minnow::runtime::elementwise
