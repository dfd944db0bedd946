// Resize (opsets 10, 11, 13) and Upsample (opsets 7, 9): nearest for every type, linear and cubic
// (separable, any rank) for floating-point types, all coordinate transformation modes.
#include <cmath>

#include "kernels/dispatch.h"
#include "kernels/index_map_copy.h"
#include "kernels/index_maps.h"
#include "kernels/resize.h"
#include "kernels/scalar_cast.h"
#include "runtime/op_utils.h"
#include "runtime/ops/tensor_op_utils.h"

namespace minnow::runtime {

namespace {

using kernels::ResizeCoordinateMode;
using kernels::ResizeInterpolation;
using kernels::ResizeNearestMode;

struct ResizeConfig {
  kernels::ResizeOptions options;
  double extrapolation = 0.0;
  std::optional<std::vector<float>> attr_scales;  // Upsample-7
  int roi_input = -1, scales_input = -1, sizes_input = -1;
};

template <typename E>
Expected<E> ParseEnum(const ir::Node& node, const char* attr, const std::string& def,
                      const std::vector<std::pair<const char*, E>>& names) {
  const std::string v = node.GetString(attr, def);
  for (const auto& [name, e] : names) {
    if (v == name) return e;
  }
  return InvalidModel(node.Label() + ": unsupported " + attr + " '" + v + "'");
}

Expected<ResizeConfig> ParseResizeConfig(const KernelInit& init, bool is_upsample) {
  const ir::Node& node = init.node;
  ResizeConfig c;
  MINNOW_ASSIGN_OR_RETURN(c.options.mode, ParseEnum<ResizeInterpolation>(node, "mode", "nearest",
                                                                          {{"nearest", ResizeInterpolation::kNearest},
                                                                           {"linear", ResizeInterpolation::kLinear},
                                                                           {"bilinear", ResizeInterpolation::kLinear},
                                                                           {"cubic", ResizeInterpolation::kCubic}}));
  const bool modern = !is_upsample && init.opset >= 11;
  if (!modern) {
    // Upsample and Resize-10 sample asymmetrically; nearest uses the pre-nearest_mode rounding.
    if (c.options.mode == ResizeInterpolation::kCubic) {
      return InvalidModel(node.Label() + ": cubic mode needs Resize opset 11 or later");
    }
    c.options.coordinate_mode = ResizeCoordinateMode::kAsymmetric;
    c.options.nearest_mode = ResizeNearestMode::kSimple;
  } else {
    MINNOW_ASSIGN_OR_RETURN(
        c.options.coordinate_mode,
        ParseEnum<ResizeCoordinateMode>(node, "coordinate_transformation_mode", "half_pixel",
                                        {{"half_pixel", ResizeCoordinateMode::kHalfPixel},
                                         {"pytorch_half_pixel", ResizeCoordinateMode::kPytorchHalfPixel},
                                         {"align_corners", ResizeCoordinateMode::kAlignCorners},
                                         {"asymmetric", ResizeCoordinateMode::kAsymmetric},
                                         {"tf_half_pixel_for_nn", ResizeCoordinateMode::kTfHalfPixelForNn},
                                         {"tf_crop_and_resize", ResizeCoordinateMode::kTfCropAndResize}}));
    MINNOW_ASSIGN_OR_RETURN(c.options.nearest_mode,
                            ParseEnum<ResizeNearestMode>(node, "nearest_mode", "round_prefer_floor",
                                                         {{"round_prefer_floor", ResizeNearestMode::kRoundPreferFloor},
                                                          {"round_prefer_ceil", ResizeNearestMode::kRoundPreferCeil},
                                                          {"floor", ResizeNearestMode::kFloor},
                                                          {"ceil", ResizeNearestMode::kCeil}}));
    c.options.cubic_coeff_a = node.GetFloat("cubic_coeff_a", -0.75f);
    c.options.exclude_outside = node.GetInt("exclude_outside", 0) != 0;
    c.extrapolation = node.GetFloat("extrapolation_value", 0.0f);
  }
  // Opset 18 additions change the output shape or the filter; refuse rather than ignore them.
  for (const char* attr : {"axes", "antialias", "keep_aspect_ratio_policy"}) {
    if (node.HasAttribute(attr)) return Unsupported(node.Label() + ": attribute '" + attr + "' is not supported");
  }
  if (is_upsample && init.opset < 9) {
    if (!node.HasAttribute("scales")) return InvalidModel(node.Label() + ": missing attribute 'scales'");
    c.attr_scales = node.GetFloats("scales");
  } else if (modern) {
    c.roi_input = 1;
    c.scales_input = 2;
    c.sizes_input = 3;
  } else {
    c.scales_input = 1;
  }
  return c;
}

// Output shape and per-axis sampling parameters from scales or sizes (exactly one is given).
Expected<std::vector<kernels::ResizeAxis>> ResizeAxes(const KernelContext& ctx, const ResizeConfig& c, const Tensor& x) {
  const ir::Node& node = ctx.node();
  const int64_t r = x.rank();
  auto given = [&](int i) -> const Tensor* {
    const Tensor* t = i >= 0 ? ctx.input(static_cast<size_t>(i)) : nullptr;
    return t && t->numel() > 0 ? t : nullptr;  // opset 11 passes an empty scales tensor with sizes
  };
  const Tensor* scales_t = given(c.scales_input);
  const Tensor* sizes_t = given(c.sizes_input);
  const bool crop = c.options.coordinate_mode == ResizeCoordinateMode::kTfCropAndResize;
  std::vector<kernels::ResizeAxis> axes(static_cast<size_t>(r));
  if (crop) {
    const Tensor* roi_t = given(c.roi_input);
    if (!roi_t) return InvalidModel(node.Label() + ": tf_crop_and_resize needs the roi input");
    MINNOW_ASSIGN_OR_RETURN(std::vector<float> roi, ReadFloats(*roi_t, node, "roi"));
    if (static_cast<int64_t>(roi.size()) != 2 * r) {
      return InvalidModel(node.Label() + ": roi must have " + std::to_string(2 * r) + " values");
    }
    for (int64_t d = 0; d < r; ++d) {
      axes[d].roi_start = roi[d];
      axes[d].roi_end = roi[d + r];
    }
  }
  if ((scales_t || c.attr_scales) && sizes_t) {
    return InvalidModel(node.Label() + ": only one of scales and sizes may be given");
  }
  const double kMaxDim = static_cast<double>(int64_t{1} << 40);
  if (scales_t || c.attr_scales) {
    std::vector<float> scales;
    if (c.attr_scales) {
      scales = *c.attr_scales;
    } else {
      MINNOW_ASSIGN_OR_RETURN(scales, ReadFloats(*scales_t, node, "scales"));
    }
    if (static_cast<int64_t>(scales.size()) != r) {
      return InvalidModel(node.Label() + ": " + std::to_string(scales.size()) + " scales for an input of rank " +
                          std::to_string(r));
    }
    for (int64_t d = 0; d < r; ++d) {
      const double s = scales[d];
      if (!(s > 0.0) || !std::isfinite(s)) {
        return InvalidModel(node.Label() + ": scale " + std::to_string(s) + " must be positive and finite");
      }
      double len = static_cast<double>(x.dim(d)) * s;
      if (crop) len *= axes[d].roi_end - axes[d].roi_start;
      len = std::floor(len);
      if (!(len < kMaxDim)) return OutOfRange(node.Label() + ": resized shape is too large");
      axes[d].in_len = x.dim(d);
      axes[d].out_len = len > 0 ? static_cast<int64_t>(len) : 0;
      axes[d].scale = s;
    }
  } else if (sizes_t) {
    MINNOW_ASSIGN_OR_RETURN(std::vector<int64_t> sizes, ReadInt64s(*sizes_t, node, "sizes"));
    if (static_cast<int64_t>(sizes.size()) != r) {
      return InvalidModel(node.Label() + ": " + std::to_string(sizes.size()) + " sizes for an input of rank " +
                          std::to_string(r));
    }
    for (int64_t d = 0; d < r; ++d) {
      if (sizes[d] < 0) return InvalidModel(node.Label() + ": negative size " + std::to_string(sizes[d]));
      axes[d].in_len = x.dim(d);
      axes[d].out_len = sizes[d];
      axes[d].scale = x.dim(d) > 0 ? static_cast<double>(sizes[d]) / static_cast<double>(x.dim(d)) : 1.0;
    }
  } else {
    return InvalidModel(node.Label() + ": needs scales or sizes");
  }
  for (int64_t d = 0; d < r; ++d) {
    if (axes[d].in_len == 0 && axes[d].out_len > 0) {
      return InvalidArgument(node.Label() + ": cannot resize an empty axis " + std::to_string(d) + " to a non-empty one");
    }
  }
  return axes;
}

// Linear and cubic: one separable interpolation pass per axis that actually changes.
template <typename T>
Status InterpolateSeparable(const ir::Node& node, const Tensor& x, const std::vector<kernels::ResizeAxis>& axes,
                            const ResizeConfig& c, Tensor& y) {
  Tensor cur = x;
  for (size_t d = 0; d < axes.size(); ++d) {
    const kernels::ResizeTaps taps = kernels::ResizeInterpolationTaps(axes[d], c.options);
    if (axes[d].out_len == axes[d].in_len && taps.IsIdentity()) continue;
    Shape next_shape = cur.shape();
    next_shape[d] = axes[d].out_len;
    auto next = Tensor::Create(x.dtype(), next_shape);
    if (!next.ok()) return next.status().WithContext(node.Label());
    kernels::ResizeAxisPass<T>(cur.data<T>(), next->data<T>(), DimProduct(cur.shape(), 0, d), axes[d].in_len,
                               DimProduct(cur.shape(), d + 1, cur.shape().size()), taps, c.extrapolation);
    cur = std::move(next).value();
  }
  std::copy(cur.data<T>(), cur.data<T>() + cur.numel(), y.data<T>());
  return Status::Ok();
}

Expected<std::unique_ptr<OpKernel>> MakeResize(const KernelInit& init, bool is_upsample) {
  MINNOW_ASSIGN_OR_RETURN(ResizeConfig config, ParseResizeConfig(init, is_upsample));
  return MakeKernel([config](KernelContext& ctx) -> Status {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    if (x->rank() == 0) return InvalidModel(node.Label() + ": input must have rank >= 1");
    MINNOW_ASSIGN_OR_RETURN(std::vector<kernels::ResizeAxis> axes, ResizeAxes(ctx, config, *x));
    Shape out;
    for (const auto& a : axes) out.push_back(a.out_len);
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), out));
    if (y->numel() == 0) return Status::Ok();
    if (config.options.mode == ResizeInterpolation::kNearest) {
      const std::vector<int64_t> strides = kernels::RowMajorStrides(x->shape());
      std::vector<std::vector<int64_t>> maps(axes.size());
      for (size_t d = 0; d < axes.size(); ++d) {
        maps[d] = kernels::ResizeNearestIndices(axes[d], config.options);
        for (int64_t& m : maps[d]) m = m < 0 ? kernels::kFillOffset : m * strides[d];
      }
      const bool ok = kernels::DispatchAny(x->dtype(), [&]<typename T>() {
        kernels::IndexMapCopy<T>(x->data<T>(), y->data<T>(), maps, kernels::FromDouble<T>(config.extrapolation));
      });
      if (!ok) return UnsupportedType(node, 0, x->dtype(), "a numeric or bool type");
      return Status::Ok();
    }
    if (Is16BitFloat(x->dtype())) {
      const Tensor xf = ToFloat32(*x);
      Tensor yf(DataType::kFloat32, y->shape());
      MINNOW_RETURN_IF_ERROR(InterpolateSeparable<float>(node, xf, axes, config, yf));
      StoreFloat32As(yf, *y);
      return Status::Ok();
    }
    Status st;
    const bool ok = kernels::DispatchFloat(x->dtype(), [&]<typename T>() {
      st = InterpolateSeparable<T>(node, *x, axes, config, *y);
    });
    if (!ok) return UnsupportedType(node, 0, x->dtype(), "a floating-point type for linear and cubic modes");
    return st;
  });
}

}  // namespace

void RegisterResizeOps(KernelRegistry& registry) {
  registry.Register("", "Resize", [](const KernelInit& init) { return MakeResize(init, false); });
  registry.Register("", "Upsample", [](const KernelInit& init) { return MakeResize(init, true); });
}

}  // namespace minnow::runtime
