// Slice: strided sub-tensors with numpy-style clamping and negative steps.
#include <algorithm>
#include <limits>

#include "kernels/dispatch.h"
#include "kernels/index_map_copy.h"
#include "kernels/index_maps.h"
#include "runtime/op_utils.h"
#include "runtime/ops/tensor_op_utils.h"

namespace minnow::runtime {

namespace {

struct SliceRange {
  int64_t start = 0;
  int64_t count = 0;
};

// Clamps start/end into a dimension of length `dim` as the ONNX spec describes and counts the
// selected elements. Written so that extreme values (INT64_MIN/MAX) cannot overflow.
SliceRange ClampSlice(int64_t start, int64_t end, int64_t step, int64_t dim) {
  if (dim == 0) return {};
  if (start < 0) start += dim;
  if (end < 0) end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    if (end <= start) return {start, 0};
    return {start, (end - start - 1) / step + 1};
  }
  start = std::clamp<int64_t>(start, 0, dim - 1);
  end = std::clamp<int64_t>(end, -1, dim - 1);
  if (start <= end) return {start, 0};
  const uint64_t magnitude = static_cast<uint64_t>(-(step + 1)) + 1;  // |step| without overflow
  return {start, static_cast<int64_t>(static_cast<uint64_t>(start - end - 1) / magnitude) + 1};
}

struct SliceParams {
  std::vector<int64_t> starts, ends, axes, steps;
};

Expected<SliceParams> ReadSliceParams(const KernelContext& ctx, const std::optional<SliceParams>& attrs) {
  const ir::Node& node = ctx.node();
  SliceParams p;
  if (attrs) {
    p = *attrs;
  } else {
    MINNOW_ASSIGN_OR_RETURN(auto starts, OptionalInt64Input(ctx, 1, "starts"));
    MINNOW_ASSIGN_OR_RETURN(auto ends, OptionalInt64Input(ctx, 2, "ends"));
    MINNOW_ASSIGN_OR_RETURN(auto axes, OptionalInt64Input(ctx, 3, "axes"));
    MINNOW_ASSIGN_OR_RETURN(auto steps, OptionalInt64Input(ctx, 4, "steps"));
    if (!starts || !ends) return InvalidModel(node.Label() + ": starts and ends inputs are required");
    p.starts = *starts;
    p.ends = *ends;
    if (axes) p.axes = *axes;
    if (steps) p.steps = *steps;
  }
  const size_t n = p.starts.size();
  if (p.axes.empty()) {
    for (size_t i = 0; i < n; ++i) p.axes.push_back(static_cast<int64_t>(i));
  }
  if (p.steps.empty()) p.steps.assign(n, 1);
  if (p.ends.size() != n || p.axes.size() != n || p.steps.size() != n) {
    return InvalidModel(node.Label() + ": starts, ends, axes and steps must have the same length");
  }
  return p;
}

Expected<std::unique_ptr<OpKernel>> MakeSlice(const KernelInit& init) {
  // Before opset 10 starts/ends/axes were attributes and there were no steps.
  std::optional<SliceParams> attrs;
  if (init.opset < 10) {
    if (!init.node.HasAttribute("starts") || !init.node.HasAttribute("ends")) {
      return InvalidModel(init.node.Label() + ": missing attribute 'starts' or 'ends'");
    }
    attrs = SliceParams{init.node.GetInts("starts"), init.node.GetInts("ends"), init.node.GetInts("axes"), {}};
  }
  return MakeKernel([attrs](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    MINNOW_ASSIGN_OR_RETURN(SliceParams p, ReadSliceParams(ctx, attrs));
    MINNOW_ASSIGN_OR_RETURN(std::vector<int64_t> axes, NormalizeAxes(p.axes, x->rank(), node));
    const Shape& in = x->shape();
    std::vector<int64_t> starts(in.size(), 0), steps(in.size(), 1);
    Shape out = in;
    for (size_t i = 0; i < axes.size(); ++i) {
      if (p.steps[i] == 0) return InvalidModel(node.Label() + ": slice step must not be zero");
      const int64_t a = axes[i];
      const SliceRange r = ClampSlice(p.starts[i], p.ends[i], p.steps[i], in[a]);
      starts[a] = r.start;
      steps[a] = p.steps[i];
      out[a] = r.count;
    }
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), out));
    if (y->numel() == 0) return Status::Ok();  // empty tensors may have huge other dims: build no maps
    const std::vector<int64_t> strides = kernels::RowMajorStrides(in);
    std::vector<std::vector<int64_t>> maps(in.size());
    for (size_t d = 0; d < in.size(); ++d) maps[d] = kernels::StepMap(starts[d], steps[d], out[d], strides[d]);
    const bool ok = kernels::DispatchAny(x->dtype(), [&]<typename T>() {
      kernels::IndexMapCopy<T>(x->data<T>(), y->data<T>(), maps, T{});
    });
    if (!ok) return UnsupportedType(node, 0, x->dtype(), "a numeric or bool type");
    return Status::Ok();
  });
}

}  // namespace

void RegisterSliceOps(KernelRegistry& registry) { registry.Register("", "Slice", MakeSlice); }

}  // namespace minnow::runtime
