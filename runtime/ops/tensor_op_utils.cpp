// Helpers shared by the tensor and reduction operator files.
#include "runtime/ops/tensor_op_utils.h"

#include <limits>

#include "runtime/op_utils.h"

namespace minnow::runtime {

Expected<std::vector<int64_t>> NormalizeAxes(const std::vector<int64_t>& axes, int64_t rank, const ir::Node& node) {
  std::vector<int64_t> out;
  std::vector<bool> seen(static_cast<size_t>(rank), false);
  for (int64_t a : axes) {
    if (a < -rank || a >= rank) {
      return InvalidModel(node.Label() + ": axis " + std::to_string(a) + " is out of range for rank " +
                          std::to_string(rank));
    }
    const int64_t n = a < 0 ? a + rank : a;
    if (seen[n]) return InvalidModel(node.Label() + ": axis " + std::to_string(a) + " is repeated");
    seen[n] = true;
    out.push_back(n);
  }
  return out;
}

Expected<std::optional<std::vector<int64_t>>> OptionalInt64Input(const KernelContext& ctx, size_t i, const char* what) {
  const Tensor* t = ctx.input(i);
  if (!t) return std::optional<std::vector<int64_t>>();
  MINNOW_ASSIGN_OR_RETURN(std::vector<int64_t> v, ReadInt64s(*t, ctx.node(), what));
  return std::optional<std::vector<int64_t>>(std::move(v));
}

int64_t DimProduct(const Shape& shape, size_t begin, size_t end) {
  int64_t p = 1;
  for (size_t i = begin; i < end; ++i) {
    if (shape[i] == 0) return 0;
    if (__builtin_mul_overflow(p, shape[i], &p)) p = std::numeric_limits<int64_t>::max();
  }
  return p;
}

Status CheckSingleElement(const Tensor& t, const ir::Node& node, const char* what) {
  if (t.numel() != 1) {
    return InvalidModel(node.Label() + ": " + what + " must have exactly one element, got shape " +
                        ShapeToString(t.shape()));
  }
  return Status::Ok();
}

bool Is16BitFloat(DataType t) { return t == DataType::kFloat16 || t == DataType::kBFloat16; }

Tensor ToFloat32(const Tensor& t) {
  Tensor out(DataType::kFloat32, t.shape());
  for (int64_t i = 0; i < t.numel(); ++i) out.data<float>()[i] = static_cast<float>(t.GetAsDouble(i));
  return out;
}

void StoreFloat32As(const Tensor& f32, Tensor& dst) {
  const float* src = f32.data<float>();
  uint16_t* out = dst.data<uint16_t>();
  const bool half = dst.dtype() == DataType::kFloat16;
  for (int64_t i = 0; i < dst.numel(); ++i) out[i] = half ? FloatToHalf(src[i]) : FloatToBFloat16(src[i]);
}

}  // namespace minnow::runtime
