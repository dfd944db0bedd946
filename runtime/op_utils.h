// Small helpers shared by operator implementations: axis handling, broadcasting, reading
// shape-like tensors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/node.h"
#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow::runtime {

// Maps axis in [-rank, rank) to [0, rank); error naming the node otherwise.
Expected<int64_t> NormalizeAxis(int64_t axis, int64_t rank, const ir::Node& node);
// Numpy-style multidirectional broadcast of several shapes.
Expected<Shape> BroadcastShapes(const std::vector<Shape>& shapes, const ir::Node& node);
// Reads an int32 or int64 tensor (any shape) as int64 values.
Expected<std::vector<int64_t>> ReadInt64s(const Tensor& t, const ir::Node& node, const char* what);
// Reads a float tensor (f32/f64/f16) as floats.
Expected<std::vector<float>> ReadFloats(const Tensor& t, const ir::Node& node, const char* what);
// Error for an input dtype the kernel does not handle: "Conv 'c1': input 0 has type i32, expected f32".
Status UnsupportedType(const ir::Node& node, size_t input, DataType got, const std::string& expected);

}  // namespace minnow::runtime
