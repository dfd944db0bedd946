// Parsing and resolution of the sliding-window attributes shared by Conv, ConvTranspose and pooling
// (kernel_shape, strides, dilations, pads, auto_pad, ceil_mode).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/node.h"
#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow::runtime {

enum class AutoPad { kNotSet, kSameUpper, kSameLower, kValid };

// Attributes as written in the model, checked for sign and magnitude. Empty vectors mean "default".
struct WindowAttrs {
  AutoPad auto_pad = AutoPad::kNotSet;
  std::vector<int64_t> kernel_shape;
  std::vector<int64_t> strides;
  std::vector<int64_t> dilations;
  std::vector<int64_t> pads;  // [begin_0, ..., begin_n, end_0, ..., end_n]
  bool ceil_mode = false;
};

// Reads the attributes of `node`: strides/dilations/kernel_shape entries must be >= 1, pads >= 0, and
// all below 2^31 so later arithmetic cannot overflow.
Expected<WindowAttrs> ParseWindowAttrs(const ir::Node& node);

// The per-spatial-dim geometry of one application, with every output dim >= 1.
struct Window {
  std::vector<int64_t> kernel, strides, dilations, pads_begin, pads_end, output;
};

// Checks attribute lengths against nd spatial dims and the kernel dims; returns kernel, strides and
// dilations filled in, zero pads and zero output dims.
Expected<Window> BaseWindow(const WindowAttrs& attrs, size_t nd, const std::vector<int64_t>& kernel,
                            const ir::Node& node);

// Resolves attrs for input spatial dims `input` and kernel `kernel` (from kernel_shape or the weight):
// checks vector lengths, applies auto_pad and ceil_mode, and computes the output dims.
Expected<Window> ResolveWindow(const WindowAttrs& attrs, const Shape& input, const std::vector<int64_t>& kernel,
                               const ir::Node& node);

// Largest value accepted for a window attribute or a dimension taking part in window arithmetic.
constexpr int64_t kMaxWindowValue = int64_t{1} << 31;

}  // namespace minnow::runtime
