// Normalization operators: BatchNormalization (inference and training mode), InstanceNormalization,
// LayerNormalization.
#include <memory>
#include <vector>

#include "kernels/broadcast.h"
#include "kernels/dispatch.h"
#include "kernels/norm.h"
#include "runtime/op_utils.h"
#include "runtime/ops/neural_net_ops.h"

namespace minnow::runtime {
namespace {

// Checks that parameter input i has exactly `count` elements.
Status CheckParam(const ir::Node& node, const Tensor& t, size_t i, int64_t count, const Shape& x_shape) {
  if (t.numel() != count) {
    return InvalidArgument(node.Label() + ": input " + std::to_string(i) + " has shape " + ShapeToString(t.shape()) +
                           ", expected " + std::to_string(count) + " elements for X " + ShapeToString(x_shape));
  }
  return Status::Ok();
}

class BatchNormKernel final : public OpKernel {
 public:
  BatchNormKernel(float epsilon, float momentum, bool training, bool per_activation)
      : epsilon_(epsilon), momentum_(momentum), training_(training), per_activation_(per_activation) {}

  Status Compute(KernelContext& ctx) const override {
    const ir::Node& node = ctx.node();
    const Tensor* in[5];
    for (size_t i = 0; i < 5; ++i) {
      MINNOW_ASSIGN_OR_RETURN(in[i], ctx.RequiredInput(i));
    }
    MINNOW_RETURN_IF_ERROR(CheckFloatInputs(ctx, {0, 1, 2, 3, 4}));
    const Tensor& x = *in[0];
    if (x.rank() < 2) {
      return InvalidArgument(node.Label() + ": input X must have rank >= 2, got " + ShapeToString(x.shape()));
    }
    // Per-channel statistics over [N, C, inner]; opset < 9 with spatial=0 has one per activation.
    int64_t channels = x.dim(1), inner = 1;
    for (int64_t d = 2; d < x.rank(); ++d) inner *= x.dim(d);
    if (per_activation_) {
      channels *= inner;
      inner = 1;
    }
    for (size_t i = 1; i < 5; ++i) MINNOW_RETURN_IF_ERROR(CheckParam(node, *in[i], i, channels, x.shape()));
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x.dtype(), x.shape()));
    Tensor* running[2] = {nullptr, nullptr};
    for (size_t o = 1; o < 3; ++o) {
      if (!ctx.HasOutput(o)) continue;
      if (!training_) {
        // Inference leaves the running statistics unchanged: pass the inputs through.
        ctx.SetOutput(o, *in[o + 2]);
        continue;
      }
      MINNOW_ASSIGN_OR_RETURN(running[o - 1], ctx.Allocate(o, x.dtype(), in[o + 2]->shape()));
    }
    kernels::DispatchFloat(x.dtype(), [&]<typename T>() {
      const T* scale = in[1]->data<T>();
      const T* bias = in[2]->data<T>();
      const T* mean = in[3]->data<T>();
      const T* var = in[4]->data<T>();
      if (!training_) {
        kernels::BatchNormInferenceRef<T>(x.dim(0), channels, inner, x.data<T>(), scale, bias, mean, var, epsilon_,
                                          y->data<T>());
        return;
      }
      std::vector<T> batch_mean(static_cast<size_t>(channels)), batch_var(static_cast<size_t>(channels));
      kernels::BatchNormTrainingRef<T>(x.dim(0), channels, inner, x.data<T>(), scale, bias, epsilon_, y->data<T>(),
                                       batch_mean.data(), batch_var.data());
      // running = running * momentum + batch * (1 - momentum)
      const T mom = static_cast<T>(momentum_);
      for (int64_t c = 0; c < channels; ++c) {
        if (running[0]) running[0]->data<T>()[c] = mean[c] * mom + batch_mean[c] * (T(1) - mom);
        if (running[1]) running[1]->data<T>()[c] = var[c] * mom + batch_var[c] * (T(1) - mom);
      }
    });
    return Status::Ok();
  }

 private:
  float epsilon_, momentum_;
  bool training_, per_activation_;
};

Expected<std::unique_ptr<OpKernel>> MakeBatchNorm(const KernelInit& init) {
  const ir::Node& node = init.node;
  const bool training = init.opset >= 14 && node.GetInt("training_mode", 0) != 0;
  // Before opset 14 the optional outputs (mean, var, saved_mean, saved_var) meant training mode.
  if (init.opset < 14) {
    for (size_t o = 1; o < node.num_outputs(); ++o) {
      if (node.output(o)) {
        return Unsupported(node.Label() + ": training-mode outputs of BatchNormalization opset " +
                           std::to_string(init.opset) + " are not supported");
      }
    }
  }
  const bool per_activation = init.opset < 9 && node.GetInt("spatial", 1) == 0;
  return std::unique_ptr<OpKernel>(new BatchNormKernel(node.GetFloat("epsilon", 1e-5f), node.GetFloat("momentum", 0.9f),
                                                       training, per_activation));
}

Status InstanceNormCompute(KernelContext& ctx, float epsilon) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* scale, ctx.RequiredInput(1));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* bias, ctx.RequiredInput(2));
  MINNOW_RETURN_IF_ERROR(CheckFloatInputs(ctx, {0, 1, 2}));
  if (x->rank() < 3) {
    return InvalidArgument(node.Label() + ": input must have rank >= 3 (N, C, spatial...), got " +
                           ShapeToString(x->shape()));
  }
  const int64_t channels = x->dim(1);
  int64_t inner = 1;
  for (int64_t d = 2; d < x->rank(); ++d) inner *= x->dim(d);
  MINNOW_RETURN_IF_ERROR(CheckParam(node, *scale, 1, channels, x->shape()));
  MINNOW_RETURN_IF_ERROR(CheckParam(node, *bias, 2, channels, x->shape()));
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), x->shape()));
  kernels::DispatchFloat(x->dtype(), [&]<typename T>() {
    kernels::InstanceNormRef<T>(x->dim(0), channels, inner, x->data<T>(), scale->data<T>(), bias->data<T>(), epsilon,
                                y->data<T>());
  });
  return Status::Ok();
}

// Expands a parameter that broadcasts unidirectionally to `norm_shape` into a dense vector.
template <typename T>
Expected<std::vector<T>> ExpandParam(const ir::Node& node, const Tensor& p, const Shape& norm_shape, const char* what) {
  // Leading dims beyond the normalized rank must be 1 (e.g. Scale [1, 1, C] for axis -1).
  Shape shape = p.shape();
  while (shape.size() > norm_shape.size() && shape.front() == 1) shape.erase(shape.begin());
  bool ok = shape.size() <= norm_shape.size();
  for (size_t i = 0; ok && i < shape.size(); ++i) {
    const int64_t want = norm_shape[norm_shape.size() - shape.size() + i];
    ok = shape[i] == want || shape[i] == 1;
  }
  if (!ok) {
    return InvalidArgument(node.Label() + ": " + what + " " + ShapeToString(p.shape()) +
                           " does not broadcast to the normalized shape " + ShapeToString(norm_shape));
  }
  int64_t n = 1;
  for (int64_t d : norm_shape) n *= d;
  std::vector<T> out(static_cast<size_t>(n));
  const auto strides = kernels::BroadcastStrides(shape, norm_shape);
  const T* src = p.data<T>();
  for (kernels::BroadcastIterator it(norm_shape, {strides}); !it.done(); it.next()) out[it.index()] = src[it.offset(0)];
  return out;
}

Status LayerNormCompute(KernelContext& ctx, int64_t axis_attr, float epsilon) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* scale, ctx.RequiredInput(1));
  const Tensor* bias = ctx.input(2);
  MINNOW_RETURN_IF_ERROR(CheckFloatInputs(ctx, {0, 1, 2}));
  if (x->rank() < 1) return InvalidArgument(node.Label() + ": input must have rank >= 1");
  MINNOW_ASSIGN_OR_RETURN(int64_t axis, NormalizeAxis(axis_attr, x->rank(), node));
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= x->dim(d);
  const Shape norm_shape(x->shape().begin() + axis, x->shape().end());
  int64_t inner = 1;
  for (int64_t d : norm_shape) inner *= d;
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, x->dtype(), x->shape()));
  // Mean and InvStdDev keep X's rank with the normalized dims set to 1; their type is float32 (stash type).
  Shape stat_shape = x->shape();
  for (int64_t d = axis; d < x->rank(); ++d) stat_shape[d] = 1;
  Tensor* stats[2] = {nullptr, nullptr};
  for (size_t o = 1; o < 3; ++o) {
    if (ctx.HasOutput(o)) {
      MINNOW_ASSIGN_OR_RETURN(stats[o - 1], ctx.Allocate(o, DataType::kFloat32, stat_shape));
    }
  }
  Status st;
  kernels::DispatchFloat(x->dtype(), [&]<typename T>() {
    auto s = ExpandParam<T>(node, *scale, norm_shape, "Scale");
    if (!s.ok()) {
      st = s.status();
      return;
    }
    std::vector<T> b;
    if (bias) {
      auto e = ExpandParam<T>(node, *bias, norm_shape, "B");
      if (!e.ok()) {
        st = e.status();
        return;
      }
      b = std::move(e).value();
    }
    std::vector<T> mean(static_cast<size_t>(outer)), inv_std(static_cast<size_t>(outer));
    kernels::LayerNormRef<T>(outer, inner, x->data<T>(), s->data(), bias ? b.data() : nullptr, epsilon, y->data<T>(),
                             mean.data(), inv_std.data());
    for (size_t o = 0; o < 2; ++o) {
      if (!stats[o]) continue;
      const std::vector<T>& src = o == 0 ? mean : inv_std;
      for (int64_t i = 0; i < outer; ++i) stats[o]->data<float>()[i] = static_cast<float>(src[i]);
    }
  });
  return st;
}

}  // namespace

void RegisterNormKernels(KernelRegistry& registry) {
  registry.Register("", "BatchNormalization", MakeBatchNorm);
  registry.Register("", "InstanceNormalization", [](const KernelInit& init) {
    const float epsilon = init.node.GetFloat("epsilon", 1e-5f);
    return MakeKernel([epsilon](KernelContext& c) { return InstanceNormCompute(c, epsilon); });
  });
  registry.Register("", "LayerNormalization", [](const KernelInit& init) {
    const int64_t axis = init.node.GetInt("axis", -1);
    const float epsilon = init.node.GetFloat("epsilon", 1e-5f);
    return MakeKernel([axis, epsilon](KernelContext& c) { return LayerNormCompute(c, axis, epsilon); });
  });
}

}  // namespace minnow::runtime
