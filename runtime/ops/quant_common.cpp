// Validation and expansion of quantization parameters shared by the quantized operators.
#include "runtime/ops/quant_common.h"

#include "kernels/broadcast.h"
#include "runtime/op_utils.h"

namespace minnow::runtime::quant {

bool IsQuantType(DataType t) { return t == DataType::kInt8 || t == DataType::kUInt8; }

Expected<std::vector<float>> ReadScale(const Tensor& t, const ir::Node& node, const char* what) {
  if (t.dtype() != DataType::kFloat32) {
    return InvalidModel(node.Label() + ": " + what + " must be f32, got " + DataTypeName(t.dtype()));
  }
  return std::vector<float>(t.data<float>(), t.data<float>() + t.numel());
}

Expected<std::vector<int32_t>> ReadZeroPoint(const Tensor& t, const ir::Node& node, const char* what) {
  std::vector<int32_t> out(static_cast<size_t>(t.numel()));
  switch (t.dtype()) {
    case DataType::kInt8: std::copy(t.data<int8_t>(), t.data<int8_t>() + t.numel(), out.begin()); break;
    case DataType::kUInt8: std::copy(t.data<uint8_t>(), t.data<uint8_t>() + t.numel(), out.begin()); break;
    case DataType::kInt32: std::copy(t.data<int32_t>(), t.data<int32_t>() + t.numel(), out.begin()); break;
    default:
      return InvalidModel(node.Label() + ": " + what + " must be int8, uint8 or int32, got " + DataTypeName(t.dtype()));
  }
  return out;
}

Status RequireScalar(const Tensor& t, const ir::Node& node, const char* what) {
  if (t.numel() != 1 || t.rank() > 1) {
    return InvalidModel(node.Label() + ": " + what + " must be a scalar, got shape " + ShapeToString(t.shape()));
  }
  return Status::Ok();
}

Status RequireSameType(const Tensor& zp, DataType data, const ir::Node& node, const char* what) {
  if (zp.dtype() != data) {
    return InvalidModel(node.Label() + ": " + what + " has type " + DataTypeName(zp.dtype()) + " but the data it describes is " +
                        DataTypeName(data));
  }
  return Status::Ok();
}

Expected<kernels::AxisLayout> AxisLayoutFor(const Shape& x, const Tensor& scale, const Tensor* zp, int64_t axis,
                                            bool allow_per_axis, const ir::Node& node) {
  if (zp && zp->shape() != scale.shape()) {
    return InvalidModel(node.Label() + ": zero point shape " + ShapeToString(zp->shape()) + " differs from scale shape " +
                        ShapeToString(scale.shape()));
  }
  kernels::AxisLayout l;
  MINNOW_ASSIGN_OR_RETURN(l.inner, CheckedNumElements(x));
  if (scale.rank() == 0 || (scale.rank() == 1 && scale.numel() == 1)) return l;  // per tensor
  if (!allow_per_axis) {
    return InvalidModel(node.Label() + ": scale must be a scalar in this opset, got shape " + ShapeToString(scale.shape()));
  }
  if (scale.rank() != 1) {
    return InvalidModel(node.Label() + ": scale must be a scalar or 1-D, got shape " + ShapeToString(scale.shape()));
  }
  MINNOW_ASSIGN_OR_RETURN(int64_t a, NormalizeAxis(axis, static_cast<int64_t>(x.size()), node));
  if (x.empty() || x[a] != scale.numel()) {
    return InvalidModel(node.Label() + ": per-axis scale has " + std::to_string(scale.numel()) +
                        " elements but input shape " + ShapeToString(x) + " has " +
                        (x.empty() ? std::string("no axis ") + std::to_string(axis) : std::to_string(x[a])) +
                        " along axis " + std::to_string(axis));
  }
  l.outer = 1;
  for (int64_t d = 0; d < a; ++d) l.outer *= x[d];
  l.channels = x[a];
  l.inner = 1;
  for (size_t d = a + 1; d < x.size(); ++d) l.inner *= x[d];
  l.scale_step = 1;
  l.zp_step = 1;
  return l;
}

Expected<MatMulPlan> PlanMatMul(const Shape& a, const Shape& b, const ir::Node& node) {
  if (a.empty() || b.empty()) return InvalidArgument(node.Label() + ": MatMul inputs must have rank >= 1");
  MatMulPlan p;
  p.a = a.size() == 1 ? Shape{1, a[0]} : a;
  p.b = b.size() == 1 ? Shape{b[0], 1} : b;
  p.M = p.a[p.a.size() - 2];
  p.K = p.a.back();
  p.N = p.b.back();
  if (p.b[p.b.size() - 2] != p.K) {
    return InvalidArgument(node.Label() + ": shapes " + ShapeToString(a) + " and " + ShapeToString(b) +
                           " cannot be multiplied (inner dimensions differ)");
  }
  const Shape a_batch(p.a.begin(), p.a.end() - 2), b_batch(p.b.begin(), p.b.end() - 2);
  MINNOW_ASSIGN_OR_RETURN(p.batch, BroadcastShapes({a_batch, b_batch}, node));
  p.out = p.batch;
  if (a.size() > 1) p.out.push_back(p.M);
  if (b.size() > 1) p.out.push_back(p.N);
  MINNOW_ASSIGN_OR_RETURN(int64_t out_count, CheckedNumElements(p.out));
  (void)out_count;
  MINNOW_ASSIGN_OR_RETURN(int64_t batches, CheckedNumElements(p.batch));
  // Batch offsets counted in whole matrices: strides over batch dims, in units of one matrix.
  const auto sa = kernels::BroadcastStrides(a_batch, p.batch);
  const auto sb = kernels::BroadcastStrides(b_batch, p.batch);
  p.a_batch.reserve(static_cast<size_t>(batches));
  p.b_batch.reserve(static_cast<size_t>(batches));
  for (kernels::BroadcastIterator it(p.batch, {sa, sb}); !it.done(); it.next()) {
    p.a_batch.push_back(it.offset(0));
    p.b_batch.push_back(it.offset(1));
  }
  return p;
}

template <typename T>
Expected<std::vector<T>> ExpandMatMulParam(const std::vector<T>& values, const Shape& param_shape, const Shape& operand,
                                           bool per_row, const ir::Node& node, const char* what) {
  const size_t r = operand.size();
  const int64_t count = per_row ? operand[r - 2] : operand[r - 1];
  const Shape batch(operand.begin(), operand.end() - 2);
  MINNOW_ASSIGN_OR_RETURN(int64_t batches, CheckedNumElements(batch));
  std::vector<T> out;
  out.reserve(static_cast<size_t>(batches * count));
  auto bad = [&] {
    return InvalidModel(node.Label() + ": " + what + " has shape " + ShapeToString(param_shape) + ", which is neither " +
                        "per-tensor nor per-" + (per_row ? "row" : "column") + " for an operand of shape " +
                        ShapeToString(operand));
  };
  if (values.size() == 1 && param_shape.size() <= 1) {
    out.assign(static_cast<size_t>(batches * count), values[0]);
    return out;
  }
  if (param_shape.size() == 1) {
    if (param_shape[0] != count) return bad();
    for (int64_t bi = 0; bi < batches; ++bi) out.insert(out.end(), values.begin(), values.end());
    return out;
  }
  const size_t pr = param_shape.size();
  if (pr > r) return bad();
  const int64_t rows = param_shape[pr - 2], cols = param_shape[pr - 1];
  if (per_row ? (rows != count || cols != 1) : (rows != 1 || cols != count)) return bad();
  const Shape pbatch(param_shape.begin(), param_shape.end() - 2);
  for (size_t i = 0; i < pbatch.size(); ++i) {
    const int64_t d = pbatch[pbatch.size() - 1 - i];
    if (d != 1 && d != batch[batch.size() - 1 - i]) return bad();
  }
  const auto strides = kernels::BroadcastStrides(pbatch, batch);
  for (kernels::BroadcastIterator it(batch, {strides}); !it.done(); it.next()) {
    const auto first = values.begin() + it.offset(0) * count;
    out.insert(out.end(), first, first + count);
  }
  return out;
}

template Expected<std::vector<float>> ExpandMatMulParam(const std::vector<float>&, const Shape&, const Shape&, bool,
                                                        const ir::Node&, const char*);
template Expected<std::vector<int32_t>> ExpandMatMulParam(const std::vector<int32_t>&, const Shape&, const Shape&, bool,
                                                          const ir::Node&, const char*);

}  // namespace minnow::runtime::quant
