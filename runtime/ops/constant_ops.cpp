// Operators producing tensors from attributes and scalars: Constant, ConstantOfShape, Range.
#include <algorithm>
#include <cmath>

#include "kernels/dispatch.h"
#include "kernels/scalar_cast.h"
#include "runtime/op_utils.h"
#include "runtime/ops/tensor_op_utils.h"

namespace minnow::runtime {

namespace {

// The importer folds Constant nodes into initializers; this kernel serves graphs built in memory.
Expected<Tensor> ConstantValue(const ir::Node& node) {
  if (node.attributes().size() != 1) return InvalidModel(node.Label() + " must have exactly one value attribute");
  const auto& [name, a] = *node.attributes().begin();
  using K = ir::Attribute::Kind;
  if (name == "value" && a.kind() == K::kTensor) return a.t();
  if (name == "value_float" && a.kind() == K::kFloat) return Tensor::FromVector<float>(DataType::kFloat32, {}, {a.f()});
  if (name == "value_int" && a.kind() == K::kInt) return Tensor::FromVector<int64_t>(DataType::kInt64, {}, {a.i()});
  if (name == "value_floats" && a.kind() == K::kFloats) {
    return Tensor::FromVector<float>(DataType::kFloat32, {static_cast<int64_t>(a.floats().size())}, a.floats());
  }
  if (name == "value_ints" && a.kind() == K::kInts) {
    return Tensor::FromVector<int64_t>(DataType::kInt64, {static_cast<int64_t>(a.ints().size())}, a.ints());
  }
  return Unsupported(node.Label() + ": attribute '" + name + "' of kind " + ir::AttributeKindName(a.kind()) +
                     " is not supported");
}

Expected<std::unique_ptr<OpKernel>> MakeConstant(const KernelInit& init) {
  MINNOW_ASSIGN_OR_RETURN(Tensor value, ConstantValue(init.node));
  return MakeKernel([value](KernelContext& ctx) -> Status {
    ctx.SetOutput(0, value);  // shares the attribute's buffer; nothing writes into it
    return Status::Ok();
  });
}

Expected<std::unique_ptr<OpKernel>> MakeConstantOfShape(const KernelInit& init) {
  Tensor value = Tensor::FromVector<float>(DataType::kFloat32, {1}, {0.0f});
  if (const ir::Attribute* a = init.node.FindAttribute("value")) {
    if (!a->is_tensor() || a->t().numel() != 1) {
      return InvalidModel(init.node.Label() + ": attribute 'value' must be a one-element tensor");
    }
    value = a->t();
  }
  return MakeKernel([value](KernelContext& ctx) -> Status {
    MINNOW_ASSIGN_OR_RETURN(const Tensor* s, ctx.RequiredInput(0));
    if (s->rank() != 1) return InvalidModel(ctx.node().Label() + ": shape input must be 1-D");
    MINNOW_ASSIGN_OR_RETURN(std::vector<int64_t> shape, ReadInt64s(*s, ctx.node(), "shape"));
    for (int64_t d : shape) {
      if (d < 0) return InvalidArgument(ctx.node().Label() + ": negative dimension " + std::to_string(d) + " in shape");
    }
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, value.dtype(), shape));
    const bool ok = kernels::DispatchAny(value.dtype(), [&]<typename T>() {
      std::fill(y->data<T>(), y->data<T>() + y->numel(), *value.data<T>());
    });
    if (!ok) return UnsupportedType(ctx.node(), 0, value.dtype(), "a numeric or bool value");
    return Status::Ok();
  });
}

// Range: start, start+delta, ... while below (delta > 0) or above (delta < 0) limit.
template <typename T>
Status ComputeRange(KernelContext& ctx, const Tensor& start_t, const Tensor& limit_t, const Tensor& delta_t) {
  const T start = *start_t.data<T>(), limit = *limit_t.data<T>(), delta = *delta_t.data<T>();
  if (delta == T{0}) return InvalidArgument(ctx.node().Label() + ": delta must not be zero");
  int64_t n = 0;
  if constexpr (std::is_floating_point_v<T>) {
    const double count = std::ceil((static_cast<double>(limit) - static_cast<double>(start)) / static_cast<double>(delta));
    if (!(count < static_cast<double>(Tensor::kMaxBytes))) {
      if (count > 0) return OutOfRange(ctx.node().Label() + ": range has too many elements");
    } else if (count > 0) {
      n = static_cast<int64_t>(count);
    }
  } else {
    // 128-bit arithmetic so that extreme int64 bounds cannot overflow.
    const __int128 diff = static_cast<__int128>(limit) - static_cast<__int128>(start);
    const __int128 d = delta;
    __int128 count = 0;
    if ((diff > 0 && d > 0) || (diff < 0 && d < 0)) {
      const __int128 ad = d > 0 ? d : -d, adiff = diff > 0 ? diff : -diff;
      count = (adiff + ad - 1) / ad;
    }
    if (count > Tensor::kMaxBytes) return OutOfRange(ctx.node().Label() + ": range has too many elements");
    n = static_cast<int64_t>(count);
  }
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, start_t.dtype(), {n}));
  T* out = y->data<T>();
  for (int64_t i = 0; i < n; ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      out[i] = static_cast<T>(start + static_cast<T>(i) * delta);
    } else {
      // i * delta can exceed T even though the result lies between start and limit.
      out[i] = static_cast<T>(static_cast<__int128>(start) + static_cast<__int128>(i) * delta);
    }
  }
  return Status::Ok();
}

Expected<std::unique_ptr<OpKernel>> MakeRange(const KernelInit&) {
  return MakeKernel([](KernelContext& ctx) -> Status {
    const char* names[3] = {"start", "limit", "delta"};
    const Tensor* in[3];
    for (size_t i = 0; i < 3; ++i) {
      MINNOW_ASSIGN_OR_RETURN(in[i], ctx.RequiredInput(i));
      MINNOW_RETURN_IF_ERROR(CheckSingleElement(*in[i], ctx.node(), names[i]));
      if (in[i]->dtype() != in[0]->dtype()) {
        return InvalidModel(ctx.node().Label() + ": start, limit and delta must have the same type");
      }
    }
    Status st = Unsupported("");
    const bool ok = kernels::DispatchNumeric(in[0]->dtype(), [&]<typename T>() {
      st = ComputeRange<T>(ctx, *in[0], *in[1], *in[2]);
    });
    if (!ok) return UnsupportedType(ctx.node(), 0, in[0]->dtype(), "a numeric type");
    return st;
  });
}

}  // namespace

void RegisterConstantOps(KernelRegistry& registry) {
  registry.Register("", "Constant", MakeConstant);
  registry.Register("", "ConstantOfShape", MakeConstantOfShape);
  registry.Register("", "Range", MakeRange);
}

}  // namespace minnow::runtime
