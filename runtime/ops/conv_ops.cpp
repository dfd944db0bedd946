// Conv and ConvTranspose operators: validate shapes and attributes, then call kernels/conv.
#include <memory>
#include <mutex>

#include "kernels/conv.h"
#include "kernels/conv_f32.h"
#include "kernels/dispatch.h"
#include "runtime/op_utils.h"
#include "runtime/ops/neural_net_ops.h"
#include "runtime/ops/window_attrs.h"

namespace minnow::runtime {
namespace {

std::string Dims(const Shape& s) { return ShapeToString(s); }

// Shared checks of X [N, C, spatial...] and W [*, *, kernel...]; returns the kernel dims.
Expected<std::vector<int64_t>> CheckConvShapes(const ir::Node& node, const WindowAttrs& attrs, const Tensor& x,
                                               const Tensor& w) {
  if (x.rank() < 3) {
    return InvalidArgument(node.Label() + ": input X must have rank >= 3 (N, C, spatial...), got " + Dims(x.shape()));
  }
  if (w.rank() != x.rank()) {
    return InvalidArgument(node.Label() + ": weight W " + Dims(w.shape()) + " must have the rank of X " +
                           Dims(x.shape()));
  }
  // Bounding every dim keeps products such as channels * kernel taps free of overflow even for
  // tensors with a zero dim (whose other dims are otherwise unconstrained).
  for (const Tensor* t : {&x, &w}) {
    for (int64_t d : t->shape()) {
      if (d >= kMaxWindowValue) {
        return OutOfRange(node.Label() + ": dimension " + std::to_string(d) + " of " + Dims(t->shape()) +
                          " is too large");
      }
    }
  }
  double taps = 1;
  for (int64_t d = 1; d < w.rank(); ++d) taps *= static_cast<double>(w.dim(d));
  if (taps > static_cast<double>(int64_t{1} << 62)) {
    return OutOfRange(node.Label() + ": weight W " + Dims(w.shape()) + " is too large");
  }
  std::vector<int64_t> kernel(w.shape().begin() + 2, w.shape().end());
  if (!attrs.kernel_shape.empty() && attrs.kernel_shape != kernel) {
    return InvalidModel(node.Label() + ": kernel_shape attribute does not match weight shape " + Dims(w.shape()));
  }
  return kernel;
}

Status CheckBias(const ir::Node& node, const Tensor* b, int64_t channels) {
  if (b && (b->rank() != 1 || b->dim(0) != channels)) {
    return InvalidArgument(node.Label() + ": bias B " + Dims(b->shape()) + " must have shape [" +
                           std::to_string(channels) + "]");
  }
  return Status::Ok();
}

kernels::ColGeometry Geometry(const Window& w, Shape image, Shape cols) {
  return kernels::ColGeometry{std::move(image), std::move(cols), w.kernel, w.strides, w.dilations, w.pads_begin};
}

// Column buffers hold (channels per group * kernel taps) x (column positions) elements.
Status CheckColumnSize(const ir::Node& node, int64_t rows, int64_t cols, DataType dtype) {
  const double bytes = static_cast<double>(rows) * static_cast<double>(cols) * DataTypeSize(dtype);
  if (bytes > static_cast<double>(Tensor::kMaxBytes)) {
    return OutOfRange(node.Label() + ": im2col buffer of " + std::to_string(rows) + "x" + std::to_string(cols) +
                      " elements is too large");
  }
  return Status::Ok();
}

class ConvKernel final : public OpKernel {
 public:
  ConvKernel(WindowAttrs attrs, int64_t group, Tensor constant_w)
      : attrs_(std::move(attrs)), group_(group), constant_w_(std::move(constant_w)) {}

  Status Compute(KernelContext& ctx) const override {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    MINNOW_ASSIGN_OR_RETURN(const Tensor* w, ctx.RequiredInput(1));
    const Tensor* b = ctx.input(2);
    MINNOW_RETURN_IF_ERROR(CheckFloatInputs(ctx, {0, 1, 2}));
    MINNOW_ASSIGN_OR_RETURN(auto kernel, CheckConvShapes(node, attrs_, *x, *w));
    const int64_t batch = x->dim(0), channels = x->dim(1), out_channels = w->dim(0);
    if (channels % group_ != 0 || w->dim(1) != channels / group_ || out_channels % group_ != 0) {
      return InvalidArgument(node.Label() + ": weight W " + Dims(w->shape()) + " does not match " +
                             std::to_string(channels) + " input channels in " + std::to_string(group_) + " groups");
    }
    MINNOW_RETURN_IF_ERROR(CheckBias(node, b, out_channels));
    const Shape spatial(x->shape().begin() + 2, x->shape().end());
    MINNOW_ASSIGN_OR_RETURN(Window win, ResolveWindow(attrs_, spatial, kernel, node));
    Shape y_shape = {batch, out_channels};
    y_shape.insert(y_shape.end(), win.output.begin(), win.output.end());
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), y_shape));
    const kernels::ColGeometry g = Geometry(win, spatial, win.output);
    MINNOW_RETURN_IF_ERROR(CheckColumnSize(node, w->dim(1) * g.KernelSize(), g.ColSize(), x->dtype()));
    if (x->dtype() == DataType::kFloat32) {
      return RunGuarded(node, [&] {
        kernels::ConvEpilogue ep;
        ep.bias = b ? b->data<float>() : nullptr;
        kernels::ConvF32(g, batch, channels, out_channels, group_, x->data<float>(), w->data<float>(),
                         Prepared(g, batch, channels, out_channels, w), ep, y->data<float>());
      });
    }
    Status st;
    kernels::DispatchFloat(x->dtype(), [&]<typename T>() {
      st = RunGuarded(node, [&] {
        kernels::ConvRef<T>(g, batch, channels, out_channels, group_, x->data<T>(), w->data<T>(),
                            b ? b->data<T>() : nullptr, y->data<T>());
      });
    });
    return st;
  }

 private:
  // Constant f32 weights are prepared (oneDNN primitive with reordered weights, or packed GEMM
  // panels) on the first run with each input shape and reused by later runs; nullptr when the
  // weights change per run or too many shapes have been seen (then the kernel computes unprepared).
  const kernels::PreparedConv* Prepared(const kernels::ColGeometry& g, int64_t batch, int64_t channels,
                                        int64_t out_channels, const Tensor* w) const {
    // The executor hands kernels copies of initializers that share their buffer.
    if (constant_w_.empty() || !w->SharesBufferWith(constant_w_) || w->shape() != constant_w_.shape()) return nullptr;
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& p : prepared_) {
      if (!p->onednn || p->onednn->Matches(g, batch, channels, out_channels, group_)) return p.get();
    }
    if (prepared_.size() >= kMaxPreparedShapes) return nullptr;
    prepared_.push_back(std::make_unique<kernels::PreparedConv>(
        kernels::PrepareConv(g, batch, channels, out_channels, group_, w->data<float>())));
    return prepared_.back().get();
  }

  static constexpr size_t kMaxPreparedShapes = 8;
  WindowAttrs attrs_;
  int64_t group_;
  Tensor constant_w_;  // the f32 initializer feeding W (sharing its buffer), or empty
  mutable std::mutex mutex_;
  mutable std::vector<std::unique_ptr<kernels::PreparedConv>> prepared_;
};

class ConvTransposeKernel final : public OpKernel {
 public:
  ConvTransposeKernel(WindowAttrs attrs, int64_t group, std::vector<int64_t> output_padding,
                      std::vector<int64_t> output_shape)
      : attrs_(std::move(attrs)),
        group_(group),
        output_padding_(std::move(output_padding)),
        output_shape_(std::move(output_shape)) {}

  Status Compute(KernelContext& ctx) const override {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    MINNOW_ASSIGN_OR_RETURN(const Tensor* w, ctx.RequiredInput(1));
    const Tensor* b = ctx.input(2);
    MINNOW_RETURN_IF_ERROR(CheckFloatInputs(ctx, {0, 1, 2}));
    MINNOW_ASSIGN_OR_RETURN(auto kernel, CheckConvShapes(node, attrs_, *x, *w));
    const int64_t batch = x->dim(0), channels = x->dim(1);
    if (channels % group_ != 0 || w->dim(0) != channels) {
      return InvalidArgument(node.Label() + ": weight W " + Dims(w->shape()) + " does not match " +
                             std::to_string(channels) + " input channels in " + std::to_string(group_) + " groups");
    }
    const int64_t out_channels = w->dim(1) * group_;
    MINNOW_RETURN_IF_ERROR(CheckBias(node, b, out_channels));
    const Shape input(x->shape().begin() + 2, x->shape().end());
    MINNOW_ASSIGN_OR_RETURN(Window win, Resolve(node, input, kernel));
    Shape y_shape = {batch, out_channels};
    y_shape.insert(y_shape.end(), win.output.begin(), win.output.end());
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), y_shape));
    // The transposed conv scatters columns laid out over the input positions into the output image.
    const kernels::ColGeometry g = Geometry(win, win.output, input);
    MINNOW_RETURN_IF_ERROR(CheckColumnSize(node, w->dim(1) * g.KernelSize(), g.ColSize(), x->dtype()));
    if (x->dtype() == DataType::kFloat32) {
      return RunGuarded(node, [&] {
        kernels::ConvTransposeF32(g, batch, channels, out_channels, group_, x->data<float>(), w->data<float>(),
                                  b ? b->data<float>() : nullptr, y->data<float>());
      });
    }
    Status st;
    kernels::DispatchFloat(x->dtype(), [&]<typename T>() {
      st = RunGuarded(node, [&] {
        kernels::ConvTransposeRef<T>(g, batch, channels, out_channels, group_, x->data<T>(), w->data<T>(),
                                     b ? b->data<T>() : nullptr, y->data<T>());
      });
    });
    return st;
  }

 private:
  // Output size and padding per the ConvTranspose spec: explicit output_shape or SAME auto_pad fix the
  // output and derive the padding; otherwise the padding fixes the output.
  Expected<Window> Resolve(const ir::Node& node, const Shape& input, const std::vector<int64_t>& kernel) const {
    const size_t nd = input.size();
    MINNOW_ASSIGN_OR_RETURN(Window w, BaseWindow(attrs_, nd, kernel, node));
    if (!output_padding_.empty() && output_padding_.size() != nd) {
      return InvalidModel(node.Label() + ": output_padding must have " + std::to_string(nd) + " values");
    }
    std::vector<int64_t> out_shape = output_shape_;
    if (out_shape.size() == nd + 2) out_shape.erase(out_shape.begin(), out_shape.begin() + 2);
    if (!out_shape.empty() && out_shape.size() != nd) {
      return InvalidModel(node.Label() + ": output_shape must have " + std::to_string(nd) + " values");
    }
    for (size_t d = 0; d < nd; ++d) {
      if (input[d] >= kMaxWindowValue) return OutOfRange(node.Label() + ": input dimension too large");
      const int64_t s = w.strides[d];
      const int64_t eff = (kernel[d] - 1) * w.dilations[d] + 1;
      const int64_t op = output_padding_.empty() ? 0 : output_padding_[d];
      const int64_t full = s * (input[d] - 1) + op + eff;  // output size without padding
      const bool same = attrs_.auto_pad == AutoPad::kSameUpper || attrs_.auto_pad == AutoPad::kSameLower;
      if (!out_shape.empty() || same) {
        const int64_t out = !out_shape.empty() ? out_shape[d] : input[d] * s;
        const int64_t total = full - out;
        if (out < 1) return InvalidModel(node.Label() + ": output_shape must be >= 1");
        // A negative total (output larger than the full result) pads with zeros; floor division keeps
        // the extra positions at the end as in the ONNX reference.
        const int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
        w.pads_begin[d] = attrs_.auto_pad == AutoPad::kSameUpper ? half : total - half;
        w.pads_end[d] = total - w.pads_begin[d];
        w.output[d] = out;
      } else {
        if (attrs_.auto_pad == AutoPad::kNotSet && !attrs_.pads.empty()) {
          w.pads_begin[d] = attrs_.pads[d];
          w.pads_end[d] = attrs_.pads[d + nd];
        } else {
          w.pads_begin[d] = w.pads_end[d] = 0;
        }
        w.output[d] = full - w.pads_begin[d] - w.pads_end[d];
        if (w.output[d] < 1) {
          return InvalidArgument(node.Label() + ": output dimension " + std::to_string(d) + " would be empty");
        }
      }
    }
    return w;
  }

  WindowAttrs attrs_;
  int64_t group_;
  std::vector<int64_t> output_padding_;
  std::vector<int64_t> output_shape_;
};

Expected<int64_t> ParseGroup(const ir::Node& node) {
  const int64_t group = node.GetInt("group", 1);
  if (group < 1 || group >= kMaxWindowValue) {
    return InvalidModel(node.Label() + ": group must be >= 1, got " + std::to_string(group));
  }
  return group;
}

Expected<std::unique_ptr<OpKernel>> MakeConv(const KernelInit& init) {
  MINNOW_ASSIGN_OR_RETURN(WindowAttrs attrs, ParseWindowAttrs(init.node));
  MINNOW_ASSIGN_OR_RETURN(int64_t group, ParseGroup(init.node));
  const Tensor* w = init.ConstantInput(1);
  return std::unique_ptr<OpKernel>(
      new ConvKernel(std::move(attrs), group, w && w->dtype() == DataType::kFloat32 ? *w : Tensor()));
}

Expected<std::unique_ptr<OpKernel>> MakeConvTranspose(const KernelInit& init) {
  const ir::Node& node = init.node;
  MINNOW_ASSIGN_OR_RETURN(WindowAttrs attrs, ParseWindowAttrs(node));
  MINNOW_ASSIGN_OR_RETURN(int64_t group, ParseGroup(node));
  std::vector<int64_t> output_padding = node.GetInts("output_padding");
  std::vector<int64_t> output_shape = node.GetInts("output_shape");
  for (int64_t v : output_padding) {
    if (v < 0 || v >= kMaxWindowValue) return InvalidModel(node.Label() + ": invalid output_padding value");
  }
  for (int64_t v : output_shape) {
    if (v < 1 || v >= kMaxWindowValue) return InvalidModel(node.Label() + ": invalid output_shape value");
  }
  return std::unique_ptr<OpKernel>(
      new ConvTransposeKernel(std::move(attrs), group, std::move(output_padding), std::move(output_shape)));
}

}  // namespace

void RegisterConvKernels(KernelRegistry& registry) {
  registry.Register("", "Conv", MakeConv);
  registry.Register("", "ConvTranspose", MakeConvTranspose);
}

}  // namespace minnow::runtime
