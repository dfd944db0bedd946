// Pooling operators: MaxPool (optional Indices), AveragePool, GlobalMaxPool, GlobalAveragePool.
#include <memory>
#include <type_traits>

#include "kernels/dispatch.h"
#include "kernels/pool.h"
#include "kernels/pool_f32.h"
#include "runtime/op_utils.h"
#include "runtime/ops/neural_net_ops.h"
#include "runtime/ops/window_attrs.h"

namespace minnow::runtime {
namespace {

// Resolves the window for X [N, C, spatial...] and allocates Y [N, C, out...].
Expected<kernels::PoolGeometry> PoolSetup(KernelContext& ctx, const WindowAttrs& attrs, const Tensor& x,
                                          Shape* y_shape) {
  const ir::Node& node = ctx.node();
  if (x.rank() < 3) {
    return InvalidArgument(node.Label() + ": input must have rank >= 3 (N, C, spatial...), got " +
                           ShapeToString(x.shape()));
  }
  if (attrs.kernel_shape.empty()) return InvalidModel(node.Label() + ": attribute kernel_shape is required");
  const Shape spatial(x.shape().begin() + 2, x.shape().end());
  MINNOW_ASSIGN_OR_RETURN(Window w, ResolveWindow(attrs, spatial, attrs.kernel_shape, node));
  *y_shape = {x.dim(0), x.dim(1)};
  y_shape->insert(y_shape->end(), w.output.begin(), w.output.end());
  return kernels::PoolGeometry{spatial, w.output, w.kernel, w.strides, w.dilations, w.pads_begin, w.pads_end};
}

class MaxPoolKernel final : public OpKernel {
 public:
  MaxPoolKernel(WindowAttrs attrs, bool column_major) : attrs_(std::move(attrs)), column_major_(column_major) {}

  Status Compute(KernelContext& ctx) const override {
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    const DataType dt = x->dtype();
    if (dt != DataType::kFloat32 && dt != DataType::kFloat64 && dt != DataType::kInt8 && dt != DataType::kUInt8) {
      return UnsupportedType(ctx.node(), 0, dt, "f32, f64, i8 or u8");
    }
    Shape y_shape;
    MINNOW_ASSIGN_OR_RETURN(kernels::PoolGeometry g, PoolSetup(ctx, attrs_, *x, &y_shape));
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, dt, y_shape));
    int64_t* indices = nullptr;
    if (ctx.HasOutput(1)) {
      MINNOW_ASSIGN_OR_RETURN(Tensor * ind, ctx.Allocate(1, DataType::kInt64, y_shape));
      indices = ind->data<int64_t>();
    }
    const int64_t planes = x->dim(0) * x->dim(1);
    auto run = [&]<typename T>() {
      if constexpr (std::is_same_v<T, float>) {
        if (!indices && kernels::MaxPool2dF32(g, planes, x->data<float>(), y->data<float>())) return;
      }
      kernels::MaxPoolRef<T>(g, planes, x->data<T>(), y->data<T>(), indices, column_major_);
    };
    switch (dt) {
      case DataType::kInt8: run.template operator()<int8_t>(); break;
      case DataType::kUInt8: run.template operator()<uint8_t>(); break;
      default: kernels::DispatchFloat(dt, run);
    }
    return Status::Ok();
  }

 private:
  WindowAttrs attrs_;
  bool column_major_;
};

class AveragePoolKernel final : public OpKernel {
 public:
  AveragePoolKernel(WindowAttrs attrs, bool count_include_pad)
      : attrs_(std::move(attrs)), count_include_pad_(count_include_pad) {}

  Status Compute(KernelContext& ctx) const override {
    MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
    MINNOW_RETURN_IF_ERROR(CheckFloatInputs(ctx, {0}));
    Shape y_shape;
    MINNOW_ASSIGN_OR_RETURN(kernels::PoolGeometry g, PoolSetup(ctx, attrs_, *x, &y_shape));
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), y_shape));
    kernels::DispatchFloat(x->dtype(), [&]<typename T>() {
      kernels::AveragePoolRef<T>(g, x->dim(0) * x->dim(1), x->data<T>(), y->data<T>(), count_include_pad_);
    });
    return Status::Ok();
  }

 private:
  WindowAttrs attrs_;
  bool count_include_pad_;
};

// GlobalMaxPool / GlobalAveragePool: X [N, C, spatial...] -> Y [N, C, 1, ...].
Status GlobalPoolCompute(KernelContext& ctx, bool is_max) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  MINNOW_RETURN_IF_ERROR(CheckFloatInputs(ctx, {0}));
  if (x->rank() < 2) {
    return InvalidArgument(node.Label() + ": input must have rank >= 2 (N, C, spatial...), got " +
                           ShapeToString(x->shape()));
  }
  Shape y_shape = x->shape();
  int64_t size = 1;
  for (int64_t d = 2; d < x->rank(); ++d) {
    size *= x->dim(d);
    y_shape[d] = 1;
  }
  const int64_t planes = x->dim(0) * x->dim(1);
  if (size == 0 && planes > 0) {
    return InvalidArgument(node.Label() + ": cannot pool over empty spatial dims " + ShapeToString(x->shape()));
  }
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), y_shape));
  kernels::DispatchFloat(x->dtype(), [&]<typename T>() {
    if (is_max) kernels::GlobalMaxPoolRef<T>(planes, size, x->data<T>(), y->data<T>());
    else kernels::GlobalAveragePoolRef<T>(planes, size, x->data<T>(), y->data<T>());
  });
  return Status::Ok();
}

Expected<std::unique_ptr<OpKernel>> MakeMaxPool(const KernelInit& init) {
  MINNOW_ASSIGN_OR_RETURN(WindowAttrs attrs, ParseWindowAttrs(init.node));
  const int64_t order = init.node.GetInt("storage_order", 0);
  if (order != 0 && order != 1) return InvalidModel(init.node.Label() + ": storage_order must be 0 or 1");
  return std::unique_ptr<OpKernel>(new MaxPoolKernel(std::move(attrs), order == 1));
}

Expected<std::unique_ptr<OpKernel>> MakeAveragePool(const KernelInit& init) {
  MINNOW_ASSIGN_OR_RETURN(WindowAttrs attrs, ParseWindowAttrs(init.node));
  return std::unique_ptr<OpKernel>(
      new AveragePoolKernel(std::move(attrs), init.node.GetInt("count_include_pad", 0) != 0));
}

}  // namespace

void RegisterPoolKernels(KernelRegistry& registry) {
  registry.Register("", "MaxPool", MakeMaxPool);
  registry.Register("", "AveragePool", MakeAveragePool);
  registry.Register("", "GlobalMaxPool",
                    [](const KernelInit&) { return MakeKernel([](KernelContext& c) { return GlobalPoolCompute(c, true); }); });
  registry.Register("", "GlobalAveragePool", [](const KernelInit&) {
    return MakeKernel([](KernelContext& c) { return GlobalPoolCompute(c, false); });
  });
}

}  // namespace minnow::runtime
