// QuantizeLinear, DequantizeLinear and DynamicQuantizeLinear: validate scales and zero points,
// then call the reference kernels in kernels/quant.h.
#include "runtime/ops/quant_factories.h"

#include "runtime/op_utils.h"
#include "runtime/ops/quant_common.h"

namespace minnow::runtime::quant {

namespace {

// Per-axis scales (and the axis attribute) arrived in opset 13.
constexpr int64_t kPerAxisOpset = 13;

Status QuantizeCompute(KernelContext& ctx, int64_t axis, bool per_axis) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* scale, ctx.RequiredInput(1));
  const Tensor* zp = ctx.input(2);
  if (x->dtype() != DataType::kFloat32 && x->dtype() != DataType::kInt32) {
    return UnsupportedType(node, 0, x->dtype(), "f32 or i32");
  }
  MINNOW_ASSIGN_OR_RETURN(std::vector<float> scales, ReadScale(*scale, node, "y_scale"));
  const DataType out_type = zp ? zp->dtype() : DataType::kUInt8;
  if (!IsQuantType(out_type)) return UnsupportedType(node, 2, out_type, "u8 or i8");
  MINNOW_ASSIGN_OR_RETURN(kernels::AxisLayout layout, AxisLayoutFor(x->shape(), *scale, zp, axis, per_axis, node));
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, out_type, x->shape()));
  auto run = [&]<typename X, typename Q>() {
    kernels::QuantizeLinear<X, Q>(x->data<X>(), layout, scales.data(), zp ? zp->data<Q>() : nullptr, y->data<Q>());
  };
  const bool f = x->dtype() == DataType::kFloat32;
  if (out_type == DataType::kUInt8) {
    f ? run.template operator()<float, uint8_t>() : run.template operator()<int32_t, uint8_t>();
  } else {
    f ? run.template operator()<float, int8_t>() : run.template operator()<int32_t, int8_t>();
  }
  return Status::Ok();
}

Status DequantizeCompute(KernelContext& ctx, int64_t axis, bool per_axis) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* scale, ctx.RequiredInput(1));
  const Tensor* zp = ctx.input(2);
  if (!IsQuantType(x->dtype()) && x->dtype() != DataType::kInt32) return UnsupportedType(node, 0, x->dtype(), "u8, i8 or i32");
  MINNOW_ASSIGN_OR_RETURN(std::vector<float> scales, ReadScale(*scale, node, "x_scale"));
  if (zp) {
    MINNOW_RETURN_IF_ERROR(RequireSameType(*zp, x->dtype(), node, "x_zero_point"));
    if (x->dtype() == DataType::kInt32) {
      // int32 data has no zero point; the spec allows only zeros here.
      for (int32_t v : zp->values<int32_t>()) {
        if (v != 0) return InvalidModel(node.Label() + ": x_zero_point must be 0 for int32 input");
      }
    }
  }
  MINNOW_ASSIGN_OR_RETURN(kernels::AxisLayout layout, AxisLayoutFor(x->shape(), *scale, zp, axis, per_axis, node));
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kFloat32, x->shape()));
  auto run = [&]<typename Q>() {
    kernels::DequantizeLinear<Q>(x->data<Q>(), layout, scales.data(), zp ? zp->data<Q>() : nullptr, y->data<float>());
  };
  switch (x->dtype()) {
    case DataType::kUInt8: run.template operator()<uint8_t>(); break;
    case DataType::kInt8: run.template operator()<int8_t>(); break;
    default: run.template operator()<int32_t>(); break;
  }
  return Status::Ok();
}

Status DynamicQuantizeCompute(KernelContext& ctx) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  if (x->dtype() != DataType::kFloat32) return UnsupportedType(node, 0, x->dtype(), "f32");
  const kernels::DynamicQuantParams p = kernels::ComputeDynamicQuantParams(x->data<float>(), x->numel());
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kUInt8, x->shape()));
  kernels::AxisLayout layout;
  layout.inner = x->numel();
  kernels::QuantizeLinear<float, uint8_t>(x->data<float>(), layout, &p.scale, &p.zero_point, y->data<uint8_t>());
  if (ctx.HasOutput(1)) {
    MINNOW_ASSIGN_OR_RETURN(Tensor * s, ctx.Allocate(1, DataType::kFloat32, {}));
    *s->data<float>() = p.scale;
  }
  if (ctx.HasOutput(2)) {
    MINNOW_ASSIGN_OR_RETURN(Tensor * z, ctx.Allocate(2, DataType::kUInt8, {}));
    *z->data<uint8_t>() = p.zero_point;
  }
  return Status::Ok();
}

}  // namespace

Expected<std::unique_ptr<OpKernel>> CreateQuantizeLinear(const KernelInit& init) {
  const bool per_axis = init.opset >= kPerAxisOpset;
  const int64_t axis = init.node.GetInt("axis", 1);
  return MakeKernel([axis, per_axis](KernelContext& ctx) { return QuantizeCompute(ctx, axis, per_axis); });
}

Expected<std::unique_ptr<OpKernel>> CreateDequantizeLinear(const KernelInit& init) {
  const bool per_axis = init.opset >= kPerAxisOpset;
  const int64_t axis = init.node.GetInt("axis", 1);
  return MakeKernel([axis, per_axis](KernelContext& ctx) { return DequantizeCompute(ctx, axis, per_axis); });
}

Expected<std::unique_ptr<OpKernel>> CreateDynamicQuantizeLinear(const KernelInit&) {
  return MakeKernel(DynamicQuantizeCompute);
}

}  // namespace minnow::runtime::quant
