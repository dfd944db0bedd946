// Shared operator helpers.
#include "runtime/op_utils.h"

#include <algorithm>

namespace minnow::runtime {

Expected<int64_t> NormalizeAxis(int64_t axis, int64_t rank, const ir::Node& node) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1) || (rank == 0 && axis != 0 && axis != -1)) {
    return InvalidModel(node.Label() + ": axis " + std::to_string(axis) + " is out of range for rank " +
                        std::to_string(rank));
  }
  return axis < 0 ? axis + rank : axis;
}

Expected<Shape> BroadcastShapes(const std::vector<Shape>& shapes, const ir::Node& node) {
  size_t rank = 0;
  for (const auto& s : shapes) rank = std::max(rank, s.size());
  Shape out(rank, 1);
  for (const auto& s : shapes) {
    const size_t offset = rank - s.size();
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t& o = out[offset + i];
      const int64_t d = s[i];
      if (d == o || d == 1) continue;
      if (o == 1) {
        o = d;
        continue;
      }
      std::string msg = node.Label() + ": shapes";
      for (const auto& t : shapes) msg += " " + ShapeToString(t);
      return InvalidArgument(msg + " cannot be broadcast together");
    }
  }
  return out;
}

Expected<std::vector<int64_t>> ReadInt64s(const Tensor& t, const ir::Node& node, const char* what) {
  std::vector<int64_t> out(static_cast<size_t>(t.numel()));
  if (t.dtype() == DataType::kInt64) {
    std::copy(t.data<int64_t>(), t.data<int64_t>() + t.numel(), out.begin());
  } else if (t.dtype() == DataType::kInt32) {
    std::copy(t.data<int32_t>(), t.data<int32_t>() + t.numel(), out.begin());
  } else {
    return InvalidModel(node.Label() + ": " + what + " must be int64 or int32, got " + DataTypeName(t.dtype()));
  }
  return out;
}

Expected<std::vector<float>> ReadFloats(const Tensor& t, const ir::Node& node, const char* what) {
  if (!IsFloatingPoint(t.dtype())) {
    return InvalidModel(node.Label() + ": " + what + " must be floating point, got " + DataTypeName(t.dtype()));
  }
  std::vector<float> out(static_cast<size_t>(t.numel()));
  for (int64_t i = 0; i < t.numel(); ++i) out[i] = static_cast<float>(t.GetAsDouble(i));
  return out;
}

Status UnsupportedType(const ir::Node& node, size_t input, DataType got, const std::string& expected) {
  return Unsupported(node.Label() + ": input " + std::to_string(input) + " has type " + DataTypeName(got) +
                     ", expected " + expected);
}

}  // namespace minnow::runtime
