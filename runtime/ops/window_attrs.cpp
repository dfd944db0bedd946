// Sliding-window attribute parsing and output-shape computation (ONNX Conv/Pool shape rules).
#include "runtime/ops/window_attrs.h"

namespace minnow::runtime {
namespace {

Status CheckValues(const ir::Node& node, const char* name, const std::vector<int64_t>& v, int64_t min) {
  for (int64_t x : v) {
    if (x < min || x >= kMaxWindowValue) {
      return InvalidModel(node.Label() + ": attribute " + name + " has invalid value " + std::to_string(x) +
                          " (must be in [" + std::to_string(min) + ", 2^31))");
    }
  }
  return Status::Ok();
}

std::vector<int64_t> OrDefault(const std::vector<int64_t>& v, size_t n, int64_t def) {
  return v.empty() ? std::vector<int64_t>(n, def) : v;
}

}  // namespace

Expected<WindowAttrs> ParseWindowAttrs(const ir::Node& node) {
  WindowAttrs a;
  const std::string pad = node.GetString("auto_pad", "NOTSET");
  if (pad == "NOTSET" || pad.empty()) a.auto_pad = AutoPad::kNotSet;
  else if (pad == "SAME_UPPER") a.auto_pad = AutoPad::kSameUpper;
  else if (pad == "SAME_LOWER") a.auto_pad = AutoPad::kSameLower;
  else if (pad == "VALID") a.auto_pad = AutoPad::kValid;
  else return InvalidModel(node.Label() + ": unknown auto_pad '" + pad + "'");
  a.kernel_shape = node.GetInts("kernel_shape");
  a.strides = node.GetInts("strides");
  a.dilations = node.GetInts("dilations");
  a.pads = node.GetInts("pads");
  a.ceil_mode = node.GetInt("ceil_mode", 0) != 0;
  MINNOW_RETURN_IF_ERROR(CheckValues(node, "kernel_shape", a.kernel_shape, 1));
  MINNOW_RETURN_IF_ERROR(CheckValues(node, "strides", a.strides, 1));
  MINNOW_RETURN_IF_ERROR(CheckValues(node, "dilations", a.dilations, 1));
  MINNOW_RETURN_IF_ERROR(CheckValues(node, "pads", a.pads, 0));
  return a;
}

Expected<Window> BaseWindow(const WindowAttrs& attrs, size_t nd, const std::vector<int64_t>& kernel,
                            const ir::Node& node) {
  auto bad_len = [&](const char* name, size_t got, size_t want) {
    return InvalidModel(node.Label() + ": " + name + " has " + std::to_string(got) + " values, expected " +
                        std::to_string(want) + " for " + std::to_string(nd) + " spatial dims");
  };
  if (nd == 0) return InvalidModel(node.Label() + ": input needs at least one spatial dimension");
  if (kernel.size() != nd) return bad_len("kernel shape", kernel.size(), nd);
  if (!attrs.strides.empty() && attrs.strides.size() != nd) return bad_len("strides", attrs.strides.size(), nd);
  if (!attrs.dilations.empty() && attrs.dilations.size() != nd) {
    return bad_len("dilations", attrs.dilations.size(), nd);
  }
  if (!attrs.pads.empty() && attrs.pads.size() != 2 * nd) return bad_len("pads", attrs.pads.size(), 2 * nd);
  for (int64_t k : kernel) {
    if (k < 1 || k >= kMaxWindowValue) {
      return InvalidModel(node.Label() + ": kernel dimension " + std::to_string(k) + " is out of range");
    }
  }
  Window w;
  w.kernel = kernel;
  w.strides = OrDefault(attrs.strides, nd, 1);
  w.dilations = OrDefault(attrs.dilations, nd, 1);
  w.pads_begin.assign(nd, 0);
  w.pads_end.assign(nd, 0);
  w.output.assign(nd, 0);
  return w;
}

Expected<Window> ResolveWindow(const WindowAttrs& attrs, const Shape& input, const std::vector<int64_t>& kernel,
                               const ir::Node& node) {
  const size_t nd = input.size();
  MINNOW_ASSIGN_OR_RETURN(Window w, BaseWindow(attrs, nd, kernel, node));
  for (int64_t d : input) {
    if (d >= kMaxWindowValue) return OutOfRange(node.Label() + ": spatial dimension " + std::to_string(d) + " too large");
  }
  for (size_t d = 0; d < nd; ++d) {
    const int64_t in = input[d];
    const int64_t s = w.strides[d];
    const int64_t eff = (kernel[d] - 1) * w.dilations[d] + 1;  // < 2^62: no overflow
    switch (attrs.auto_pad) {
      case AutoPad::kNotSet:
        if (!attrs.pads.empty()) {
          w.pads_begin[d] = attrs.pads[d];
          w.pads_end[d] = attrs.pads[d + nd];
        }
        break;
      case AutoPad::kValid:
        break;
      case AutoPad::kSameUpper:
      case AutoPad::kSameLower: {
        const int64_t out = (in + s - 1) / s;
        const int64_t total = std::max<int64_t>(0, (out - 1) * s + eff - in);
        const int64_t small = total / 2;
        w.pads_begin[d] = attrs.auto_pad == AutoPad::kSameUpper ? small : total - small;
        w.pads_end[d] = total - w.pads_begin[d];
        break;
      }
    }
    const int64_t span = in + w.pads_begin[d] + w.pads_end[d] - eff;
    if (span < 0) {
      return InvalidArgument(node.Label() + ": window of size " + std::to_string(eff) + " does not fit spatial dim " +
                             std::to_string(d) + " of size " + std::to_string(in) + " (with padding)");
    }
    int64_t out = span / s + 1;
    if (attrs.ceil_mode && attrs.auto_pad == AutoPad::kNotSet) {
      out = (span + s - 1) / s + 1;
      // The last window must start inside the input or its leading padding.
      if ((out - 1) * s >= in + w.pads_begin[d]) --out;
    }
    if (out < 1) return InvalidArgument(node.Label() + ": output dimension " + std::to_string(d) + " would be empty");
    w.output[d] = out;
  }
  return w;
}

}  // namespace minnow::runtime
