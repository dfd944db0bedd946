// Shared machinery of the elementwise operators: applying a kernels/ functor to whole tensors
// (type dispatch, f16/bf16 widening, broadcasting) and whole-tensor Cast.
#pragma once

#include <memory>
#include <utility>

#include "kernels/elementwise_broadcast.h"
#include "kernels/elementwise_types.h"
#include "runtime/kernel.h"
#include "runtime/op_utils.h"

namespace minnow::runtime::elementwise {

inline bool IsHalfType(DataType t) { return t == DataType::kFloat16 || t == DataType::kBFloat16; }

// Converts every element of `x` to `to` (see kernels/elementwise_cast.h for the rules).
Expected<Tensor> CastTensor(const Tensor& x, DataType to, const ir::Node& node);
// f16/bf16 tensors converted to f32 so functors compute in float; other tensors returned as is.
Expected<Tensor> WidenHalf(const Tensor& x, const ir::Node& node);
// After computing on widened inputs: an f32 result goes back to the original 16-bit type.
Expected<Tensor> NarrowResult(Tensor y, DataType original, const ir::Node& node);
// Numpy broadcast of two shapes, with the node named in the error.
inline Expected<Shape> BroadcastPair(const Shape& a, const Shape& b, const ir::Node& node) {
  return BroadcastShapes({a, b}, node);
}

// Result tensor of an elementwise op: output 0 of `out_ctx` when given (so the executor's memory
// plan can place it; every element is written, so it need not be cleared), else a new tensor.
inline Expected<Tensor> CreateResult(DataType dtype, const Shape& shape, KernelContext* out_ctx) {
  if (!out_ctx) return Tensor::Create(dtype, shape);
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, out_ctx->AllocateUninitialized(0, dtype, shape));
  return *y;
}

// y = fn(x) elementwise. `input` is the input slot, used in type errors. With `out_ctx`, the
// result is allocated as that context's output 0 (pass it only when y becomes that output).
template <typename Fn>
Expected<Tensor> ApplyUnary(const Tensor& x_in, const Fn& fn, const ir::Node& node, size_t input = 0,
                            KernelContext* out_ctx = nullptr) {
  if (IsHalfType(x_in.dtype())) out_ctx = nullptr;  // the f32 result is narrowed into a new tensor
  MINNOW_ASSIGN_OR_RETURN(Tensor x, WidenHalf(x_in, node));
  Tensor y;
  Status status;
  bool accepted = false;
  kernels::DispatchElementType(x.dtype(), [&]<typename T>() {
    if constexpr (Fn::template kAccepts<T>) {
      using Out = decltype(fn(std::declval<T>()));
      auto created = CreateResult(kernels::DataTypeOf<Out>(), x.shape(), out_ctx);
      accepted = true;
      if (!created.ok()) {
        status = created.status();
        return;
      }
      y = std::move(created).value();
      kernels::UnaryMap(x.template data<T>(), y.template data<Out>(), x.numel(), fn);
    }
  });
  if (!accepted) return UnsupportedType(node, input, x_in.dtype(), Fn::kTypes);
  MINNOW_RETURN_IF_ERROR(status);
  return NarrowResult(std::move(y), x_in.dtype(), node);
}

// y = fn(a, b) with numpy broadcasting; a and b must have the same dtype.
template <typename Fn>
Expected<Tensor> ApplyBinary(const Tensor& a_in, const Tensor& b_in, const Fn& fn, const ir::Node& node,
                             KernelContext* out_ctx = nullptr) {
  if (IsHalfType(a_in.dtype())) out_ctx = nullptr;  // the f32 result is narrowed into a new tensor
  if (a_in.dtype() != b_in.dtype()) {
    return InvalidModel(node.Label() + ": inputs have different types " + DataTypeName(a_in.dtype()) + " and " +
                        DataTypeName(b_in.dtype()));
  }
  MINNOW_ASSIGN_OR_RETURN(Shape out_shape, BroadcastPair(a_in.shape(), b_in.shape(), node));
  MINNOW_ASSIGN_OR_RETURN(Tensor a, WidenHalf(a_in, node));
  MINNOW_ASSIGN_OR_RETURN(Tensor b, WidenHalf(b_in, node));
  Tensor y;
  Status status;
  bool accepted = false;
  kernels::DispatchElementType(a.dtype(), [&]<typename T>() {
    if constexpr (Fn::template kAccepts<T>) {
      using Out = decltype(fn(std::declval<T>(), std::declval<T>()));
      accepted = true;
      auto created = CreateResult(kernels::DataTypeOf<Out>(), out_shape, out_ctx);
      if (!created.ok()) {
        status = created.status();
        return;
      }
      y = std::move(created).value();
      const kernels::BroadcastPlan plan = kernels::MakeBroadcastPlan(out_shape, {a.shape(), b.shape()});
      kernels::BroadcastBinary(a.template data<T>(), b.template data<T>(), y.template data<Out>(), plan, fn);
    }
  });
  if (!accepted) return UnsupportedType(node, 0, a_in.dtype(), Fn::kTypes);
  MINNOW_RETURN_IF_ERROR(status);
  return NarrowResult(std::move(y), a_in.dtype(), node);
}

// Factory for an op computing output 0 = fn(input 0).
template <typename Fn>
KernelFactory UnaryOp(Fn fn) {
  return [fn](const KernelInit&) -> Expected<std::unique_ptr<OpKernel>> {
    return MakeKernel([fn](KernelContext& ctx) -> Status {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
      MINNOW_ASSIGN_OR_RETURN(Tensor y, ApplyUnary(*x, fn, ctx.node(), 0, &ctx));
      ctx.SetOutput(0, std::move(y));
      return Status::Ok();
    });
  };
}

// Binary ops before opset 7 (Add, Sub, Mul, Div, Pow, comparisons, logic) broadcast only with
// attribute broadcast=1, and then B's dims line up with A's from `axis` instead of from the
// right. Models without `axis` are numpy-compatible, so only the axis case needs a reshape.
struct LegacyBroadcast {
  bool align_at_axis = false;
  int64_t axis = 0;
};
LegacyBroadcast ReadLegacyBroadcast(const KernelInit& init);
// B viewed with A's rank so numpy broadcasting gives the legacy result (B itself otherwise).
Expected<Tensor> ApplyLegacyBroadcast(const Tensor& a, const Tensor& b, const LegacyBroadcast& legacy,
                                      const ir::Node& node);

// Factory for an op computing output 0 = fn(input 0, input 1), broadcast.
template <typename Fn>
KernelFactory BinaryOp(Fn fn) {
  return [fn](const KernelInit& init) -> Expected<std::unique_ptr<OpKernel>> {
    const LegacyBroadcast legacy = ReadLegacyBroadcast(init);
    return MakeKernel([fn, legacy](KernelContext& ctx) -> Status {
      MINNOW_ASSIGN_OR_RETURN(const Tensor* a, ctx.RequiredInput(0));
      MINNOW_ASSIGN_OR_RETURN(const Tensor* b_in, ctx.RequiredInput(1));
      MINNOW_ASSIGN_OR_RETURN(Tensor b, ApplyLegacyBroadcast(*a, *b_in, legacy, ctx.node()));
      MINNOW_ASSIGN_OR_RETURN(Tensor y, ApplyBinary(*a, b, fn, ctx.node(), &ctx));
      ctx.SetOutput(0, std::move(y));
      return Status::Ok();
    });
  };
}

}  // namespace minnow::runtime::elementwise
