// Shape-only operators: Reshape, Flatten, Squeeze, Unsqueeze and Identity return views sharing the
// input buffer; Shape and Size describe the input.
#include <algorithm>

#include "runtime/op_utils.h"
#include "runtime/ops/tensor_op_utils.h"

namespace minnow::runtime {

namespace {

// Resolves a Reshape target: 0 copies the input dim (unless allowzero), -1 is inferred.
Expected<Shape> ResolveReshape(const Shape& in, const std::vector<int64_t>& spec, bool allowzero, const ir::Node& node) {
  Shape out(spec.size());
  int64_t infer = -1;
  bool has_zero = false;
  for (size_t i = 0; i < spec.size(); ++i) {
    const int64_t s = spec[i];
    if (s == -1) {
      if (infer >= 0) return InvalidModel(node.Label() + ": shape has more than one -1");
      infer = static_cast<int64_t>(i);
      out[i] = 1;
    } else if (s == 0 && !allowzero) {
      if (i >= in.size()) {
        return InvalidModel(node.Label() + ": shape entry " + std::to_string(i) + " is 0 but the input " +
                            ShapeToString(in) + " has no such dim");
      }
      out[i] = in[i];
    } else if (s < 0) {
      return InvalidModel(node.Label() + ": invalid shape entry " + std::to_string(s));
    } else {
      has_zero |= s == 0;
      out[i] = s;
    }
  }
  if (allowzero && has_zero && infer >= 0) {
    return InvalidModel(node.Label() + ": with allowzero=1 the shape cannot contain both 0 and -1");
  }
  MINNOW_ASSIGN_OR_RETURN(int64_t in_count, CheckedNumElements(in));
  auto known = CheckedNumElements(out);
  if (!known.ok()) return known.status().WithContext(node.Label());
  if (infer >= 0) {
    if (*known == 0 || in_count % *known != 0) {
      return InvalidArgument(node.Label() + ": cannot reshape " + ShapeToString(in) + " with a -1 in target " +
                             ShapeToString(Shape(spec.begin(), spec.end())));
    }
    out[infer] = in_count / *known;
  } else if (*known != in_count) {
    return InvalidArgument(node.Label() + ": cannot reshape " + ShapeToString(in) + " (" + std::to_string(in_count) +
                           " elements) to " + ShapeToString(out));
  }
  return out;
}

Status SetView(KernelContext& ctx, const Tensor& x, Shape shape) {
  auto y = x.Reshaped(std::move(shape));
  if (!y.ok()) return y.status().WithContext(ctx.node().Label());
  ctx.SetOutput(0, std::move(y).value());
  return Status::Ok();
}

Expected<std::unique_ptr<OpKernel>> MakeReshape(const KernelInit& init) {
  const bool allowzero = init.node.GetInt("allowzero", 0) != 0;
  // Reshape-1 took the target shape as an attribute; later versions take it as input 1.
  std::optional<std::vector<int64_t>> attr_shape;
  if (init.opset < 5) {
    if (!init.node.HasAttribute("shape")) return InvalidModel(init.node.Label() + ": missing attribute 'shape'");
    attr_shape = init.node.GetInts("shape");
  }
  return MakeKernel([allowzero, attr_shape](KernelContext& ctx) -> Status {
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    std::vector<int64_t> spec;
    if (attr_shape) {
      spec = *attr_shape;
    } else {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* s, ctx.RequiredInput(1));
      if (s->rank() != 1) return InvalidModel(ctx.node().Label() + ": shape input must be 1-D");
      MINNOW_ASSIGN_OR_RETURN(spec, ReadInt64s(*s, ctx.node(), "shape"));
    }
    MINNOW_ASSIGN_OR_RETURN(Shape out, ResolveReshape(x->shape(), spec, allowzero, ctx.node()));
    return SetView(ctx, *x, std::move(out));
  });
}

Expected<std::unique_ptr<OpKernel>> MakeFlatten(const KernelInit& init) {
  const int64_t axis_attr = init.node.GetInt("axis", 1);
  return MakeKernel([axis_attr](KernelContext& ctx) -> Status {
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    const int64_t r = x->rank();
    if (axis_attr < -r || axis_attr > r) {
      return InvalidModel(ctx.node().Label() + ": axis " + std::to_string(axis_attr) + " is out of range for rank " +
                          std::to_string(r));
    }
    const auto axis = x->shape().begin() + (axis_attr < 0 ? axis_attr + r : axis_attr);
    // Each half is checked: with a zero dim in the other half, one half alone can overflow.
    auto outer = CheckedNumElements(Shape(x->shape().begin(), axis));
    auto inner = CheckedNumElements(Shape(axis, x->shape().end()));
    if (!outer.ok() || !inner.ok()) return OutOfRange(ctx.node().Label() + ": flattened shape is too large");
    return SetView(ctx, *x, {*outer, *inner});
  });
}

// Squeeze and Unsqueeze read axes from an attribute before opset 13 and from input 1 after.
Expected<std::optional<std::vector<int64_t>>> SqueezeAxes(const KernelContext& ctx,
                                                          const std::optional<std::vector<int64_t>>& attr) {
  if (attr) return attr;
  return OptionalInt64Input(ctx, 1, "axes");
}

Expected<std::unique_ptr<OpKernel>> MakeSqueeze(const KernelInit& init) {
  std::optional<std::vector<int64_t>> attr;
  if (init.opset < 13 && init.node.HasAttribute("axes")) attr = init.node.GetInts("axes");
  return MakeKernel([attr](KernelContext& ctx) -> Status {
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    MINNOW_ASSIGN_OR_RETURN(auto axes, SqueezeAxes(ctx, attr));
    const Shape& in = x->shape();
    std::vector<bool> drop(in.size(), false);
    if (!axes || axes->empty()) {  // like ONNX Runtime, an empty axes list means "all size-1 axes"
      for (size_t d = 0; d < in.size(); ++d) drop[d] = in[d] == 1;
    } else {
      MINNOW_ASSIGN_OR_RETURN(std::vector<int64_t> norm, NormalizeAxes(*axes, x->rank(), ctx.node()));
      for (int64_t a : norm) {
        if (in[a] != 1) {
          return InvalidArgument(ctx.node().Label() + ": cannot squeeze axis " + std::to_string(a) + " of shape " +
                                 ShapeToString(in) + " (size is not 1)");
        }
        drop[a] = true;
      }
    }
    Shape out;
    for (size_t d = 0; d < in.size(); ++d) {
      if (!drop[d]) out.push_back(in[d]);
    }
    return SetView(ctx, *x, std::move(out));
  });
}

Expected<std::unique_ptr<OpKernel>> MakeUnsqueeze(const KernelInit& init) {
  std::optional<std::vector<int64_t>> attr;
  if (init.opset < 13) {
    if (!init.node.HasAttribute("axes")) return InvalidModel(init.node.Label() + ": missing attribute 'axes'");
    attr = init.node.GetInts("axes");
  }
  return MakeKernel([attr](KernelContext& ctx) -> Status {
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    MINNOW_ASSIGN_OR_RETURN(auto axes, SqueezeAxes(ctx, attr));
    if (!axes) return InvalidModel(ctx.node().Label() + ": axes input is missing");
    const int64_t out_rank = x->rank() + static_cast<int64_t>(axes->size());
    MINNOW_ASSIGN_OR_RETURN(std::vector<int64_t> norm, NormalizeAxes(*axes, out_rank, ctx.node()));
    std::vector<bool> inserted(static_cast<size_t>(out_rank), false);
    for (int64_t a : norm) inserted[a] = true;
    Shape out;
    size_t next = 0;
    for (int64_t d = 0; d < out_rank; ++d) out.push_back(inserted[d] ? 1 : x->dim(static_cast<int64_t>(next++)));
    return SetView(ctx, *x, std::move(out));
  });
}

Expected<std::unique_ptr<OpKernel>> MakeIdentity(const KernelInit&) {
  return MakeKernel([](KernelContext& ctx) -> Status {
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    ctx.SetOutput(0, *x);
    return Status::Ok();
  });
}

Expected<std::unique_ptr<OpKernel>> MakeShape(const KernelInit& init) {
  // start/end (opset 15) select a slice of the dims, clamped like Slice.
  const int64_t start_attr = init.node.GetInt("start", 0);
  const std::optional<int64_t> end_attr =
      init.node.HasAttribute("end") ? std::optional<int64_t>(init.node.GetInt("end", 0)) : std::nullopt;
  return MakeKernel([start_attr, end_attr](KernelContext& ctx) -> Status {
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    const int64_t r = x->rank();
    auto clamp_dim = [r](int64_t v) { return std::clamp<int64_t>(v < 0 ? v + r : v, 0, r); };
    const int64_t start = clamp_dim(start_attr);
    const int64_t end = end_attr ? clamp_dim(*end_attr) : r;
    const int64_t n = std::max<int64_t>(end - start, 0);
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kInt64, {n}));
    for (int64_t i = 0; i < n; ++i) y->data<int64_t>()[i] = x->dim(start + i);
    return Status::Ok();
  });
}

Expected<std::unique_ptr<OpKernel>> MakeSize(const KernelInit&) {
  return MakeKernel([](KernelContext& ctx) -> Status {
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kInt64, {}));
    *y->data<int64_t>() = x->numel();
    return Status::Ok();
  });
}

}  // namespace

void RegisterShapeOps(KernelRegistry& registry) {
  registry.Register("", "Reshape", MakeReshape);
  registry.Register("", "Flatten", MakeFlatten);
  registry.Register("", "Squeeze", MakeSqueeze);
  registry.Register("", "Unsqueeze", MakeUnsqueeze);
  registry.Register("", "Identity", MakeIdentity);
  registry.Register("", "Shape", MakeShape);
  registry.Register("", "Size", MakeSize);
}

}  // namespace minnow::runtime
