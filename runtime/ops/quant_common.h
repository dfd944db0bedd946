// Helpers shared by the quantized operators: reading and validating scales and zero points,
// per-axis layouts, and the per-row / per-column parameters of the quantized MatMuls.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/node.h"
#include "kernels/quant.h"
#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow::runtime::quant {

bool IsQuantType(DataType t);  // int8 or uint8

// A float32 scale tensor's values. `what` names the input in errors ("x_scale").
Expected<std::vector<float>> ReadScale(const Tensor& t, const ir::Node& node, const char* what);
// A zero point's values as int32 (int8, uint8 or int32 tensor).
Expected<std::vector<int32_t>> ReadZeroPoint(const Tensor& t, const ir::Node& node, const char* what);
// Fails unless `t` holds one element (shape [] or [1]).
Status RequireScalar(const Tensor& t, const ir::Node& node, const char* what);
// Fails unless the zero point has the dtype of the data it describes.
Status RequireSameType(const Tensor& zp, DataType data, const ir::Node& node, const char* what);

// Layout for QuantizeLinear/DequantizeLinear: per-tensor when `scale` has one element, otherwise
// per-axis along `axis` (scale must be 1-D with x.shape[axis] elements). `zp` may be nullptr;
// when given it must have the scale's shape.
Expected<kernels::AxisLayout> AxisLayoutFor(const Shape& x, const Tensor& scale, const Tensor* zp, int64_t axis,
                                            bool allow_per_axis, const ir::Node& node);

// A MatMul operand promoted to rank >= 2 (numpy.matmul rules) with its batch layout.
struct MatMulPlan {
  Shape out;                   // output shape (after dropping promoted dims)
  Shape batch;                 // broadcast batch shape
  Shape a, b;                  // operands promoted to rank >= 2
  int64_t M = 0, N = 0, K = 0;
  // For each batch index of the output: the batch index within a and within b.
  std::vector<int64_t> a_batch, b_batch;
};
Expected<MatMulPlan> PlanMatMul(const Shape& a, const Shape& b, const ir::Node& node);

// Expands a quantization parameter of `a` into one value per (a-batch, row): per-tensor (one
// element), 1-D [M], or N-D [..., M, 1] broadcastable to a's batch dims. For `b` (per_row=false)
// the forms are one element, 1-D [N] or N-D [..., 1, N], giving one value per (b-batch, column).
template <typename T>
Expected<std::vector<T>> ExpandMatMulParam(const std::vector<T>& values, const Shape& param_shape, const Shape& operand,
                                           bool per_row, const ir::Node& node, const char* what);

}  // namespace minnow::runtime::quant
