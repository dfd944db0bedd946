// ConvInteger and QLinearConv: attribute parsing, output geometry (pads, strides, dilations,
// auto_pad, groups), then per image and group an im2col + integer GEMM; QLinearConv adds the int32
// bias and requantizes with per-output-channel float multipliers.
#include "kernels/quant_gemm.h"
#include "kernels/quant_im2col.h"
#include "runtime/op_utils.h"
#include "runtime/ops/quant_common.h"
#include "runtime/ops/quant_factories.h"

namespace minnow::runtime::quant {

namespace {

struct ConvAttrs {
  std::string auto_pad;
  std::vector<int64_t> kernel_shape, strides, dilations, pads;
  int64_t group = 1;
};

Expected<ConvAttrs> ParseConvAttrs(const ir::Node& node) {
  ConvAttrs a;
  a.auto_pad = node.GetString("auto_pad", "NOTSET");
  if (a.auto_pad != "NOTSET" && a.auto_pad != "SAME_UPPER" && a.auto_pad != "SAME_LOWER" && a.auto_pad != "VALID") {
    return InvalidModel(node.Label() + ": unknown auto_pad '" + a.auto_pad + "'");
  }
  a.kernel_shape = node.GetInts("kernel_shape");
  a.strides = node.GetInts("strides");
  a.dilations = node.GetInts("dilations");
  a.pads = node.GetInts("pads");
  a.group = node.GetInt("group", 1);
  if (a.group < 1) return InvalidModel(node.Label() + ": group must be >= 1, got " + std::to_string(a.group));
  for (int64_t v : a.strides) {
    if (v < 1) return InvalidModel(node.Label() + ": strides must be >= 1");
  }
  for (int64_t v : a.dilations) {
    if (v < 1) return InvalidModel(node.Label() + ": dilations must be >= 1");
  }
  for (int64_t v : a.pads) {
    if (v < 0) return InvalidModel(node.Label() + ": pads must be >= 0");
  }
  return a;
}

// Output geometry for input x [N, C, in...] and weights w [M, C/group, k...].
Expected<kernels::ConvGeometry> ResolveGeometry(const ConvAttrs& a, const Shape& x, const Shape& w, const ir::Node& node) {
  if (x.size() < 3) return InvalidArgument(node.Label() + ": input must have rank >= 3, got shape " + ShapeToString(x));
  if (w.size() != x.size()) {
    return InvalidArgument(node.Label() + ": weight shape " + ShapeToString(w) + " does not match input shape " +
                           ShapeToString(x));
  }
  const size_t rank = x.size() - 2;
  if (x[1] != w[1] * a.group) {
    return InvalidArgument(node.Label() + ": input has " + std::to_string(x[1]) + " channels but weights " +
                           ShapeToString(w) + " with group " + std::to_string(a.group) + " expect " +
                           std::to_string(w[1] * a.group));
  }
  if (w[0] % a.group != 0) {
    return InvalidArgument(node.Label() + ": " + std::to_string(w[0]) + " output channels are not divisible by group " +
                           std::to_string(a.group));
  }
  kernels::ConvGeometry g;
  g.in.assign(x.begin() + 2, x.end());
  g.kernel.assign(w.begin() + 2, w.end());
  if (!a.kernel_shape.empty() && a.kernel_shape != g.kernel) {
    return InvalidModel(node.Label() + ": kernel_shape attribute does not match weight shape " + ShapeToString(w));
  }
  g.strides = a.strides.empty() ? std::vector<int64_t>(rank, 1) : a.strides;
  g.dilations = a.dilations.empty() ? std::vector<int64_t>(rank, 1) : a.dilations;
  g.pads = a.pads.empty() ? std::vector<int64_t>(2 * rank, 0) : a.pads;
  if (g.strides.size() != rank || g.dilations.size() != rank || g.pads.size() != 2 * rank) {
    return InvalidModel(node.Label() + ": strides, dilations and pads must have " + std::to_string(rank) + ", " +
                        std::to_string(rank) + " and " + std::to_string(2 * rank) + " values");
  }
  g.out.resize(rank);
  for (size_t d = 0; d < rank; ++d) {
    if (g.kernel[d] < 1) return InvalidModel(node.Label() + ": kernel dimensions must be >= 1");
    // Bound the attributes so the arithmetic below cannot overflow.
    if (g.strides[d] > (1 << 30) || g.dilations[d] > (1 << 30) || g.pads[d] > (1 << 30) || g.pads[d + rank] > (1 << 30) ||
        g.kernel[d] > (1 << 30) || g.in[d] > (int64_t{1} << 40)) {
      return InvalidModel(node.Label() + ": convolution attributes are out of range");
    }
    const int64_t extent = (g.kernel[d] - 1) * g.dilations[d] + 1;
    if (a.auto_pad == "NOTSET") {
      const int64_t span = g.in[d] + g.pads[d] + g.pads[d + rank] - extent;
      if (span < 0) {
        return InvalidArgument(node.Label() + ": kernel extent " + std::to_string(extent) + " exceeds padded input size " +
                               std::to_string(g.in[d] + g.pads[d] + g.pads[d + rank]));
      }
      g.out[d] = span / g.strides[d] + 1;
    } else if (a.auto_pad == "VALID") {
      g.pads[d] = g.pads[d + rank] = 0;
      if (g.in[d] < extent) return InvalidArgument(node.Label() + ": kernel is larger than the input");
      g.out[d] = (g.in[d] - extent) / g.strides[d] + 1;
    } else {
      g.out[d] = (g.in[d] + g.strides[d] - 1) / g.strides[d];
      const int64_t total = std::max<int64_t>(0, (g.out[d] - 1) * g.strides[d] + extent - g.in[d]);
      const int64_t small = total / 2, large = total - small;
      g.pads[d] = a.auto_pad == "SAME_UPPER" ? small : large;
      g.pads[d + rank] = total - g.pads[d];
    }
  }
  return g;
}

// Integer convolution of x (with per-tensor zero point) and w (per-output-channel zero points)
// into an int32 buffer [N, M, out...].
template <typename X, typename W>
Status ConvolveInteger(const Tensor& x, X x_zp, const Tensor& w, const std::vector<int32_t>& w_zp, int64_t w_zp_step,
                       const kernels::ConvGeometry& g, int64_t group, int32_t* out, const ir::Node& node) {
  const int64_t batch = x.dim(0), channels = x.dim(1), M = w.dim(0);
  const int64_t cg = channels / group, mg = M / group;
  int64_t in_size = 1, k_size = 1, out_size = 1;
  for (size_t d = 0; d < g.in.size(); ++d) {
    in_size *= g.in[d];
    k_size *= g.kernel[d];
    out_size *= g.out[d];
  }
  MINNOW_ASSIGN_OR_RETURN(int64_t col_count, CheckedNumElements({cg, k_size, out_size}));
  if (col_count > Tensor::kMaxBytes / static_cast<int64_t>(sizeof(X))) {
    return OutOfRange(node.Label() + ": im2col buffer of " + std::to_string(col_count) + " elements is too large");
  }
  std::vector<X> col(static_cast<size_t>(col_count));
  const int32_t xzp = x_zp;
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t gi = 0; gi < group; ++gi) {
      kernels::Im2Col<X>(x.data<X>() + (n * channels + gi * cg) * in_size, cg, g, x_zp, col.data());
      kernels::IntegerGemm<W, X>(mg, out_size, cg * k_size, w.data<W>() + gi * mg * cg * k_size, cg * k_size,
                                 w_zp.data() + gi * mg * w_zp_step, w_zp_step, col.data(), out_size, &xzp, 0,
                                 out + (n * M + gi * mg) * out_size, out_size);
    }
  }
  return Status::Ok();
}

// Common part of both ops: validates x, w and their zero points, computes the int32 result.
Status IntegerConvAccumulate(const ConvAttrs& attrs, const Tensor& x, const Tensor* x_zp, size_t x_zp_index,
                             const Tensor& w, const Tensor* w_zp, size_t w_index, const ir::Node& node,
                             std::vector<int32_t>* acc, Shape* out_shape) {
  if (!IsQuantType(x.dtype())) return UnsupportedType(node, 0, x.dtype(), "u8 or i8");
  if (!IsQuantType(w.dtype())) return UnsupportedType(node, w_index, w.dtype(), "u8 or i8");
  MINNOW_ASSIGN_OR_RETURN(kernels::ConvGeometry g, ResolveGeometry(attrs, x.shape(), w.shape(), node));
  const int64_t M = w.dim(0);
  int32_t xzp = 0;
  if (x_zp) {
    MINNOW_RETURN_IF_ERROR(RequireSameType(*x_zp, x.dtype(), node, "x_zero_point"));
    MINNOW_RETURN_IF_ERROR(RequireScalar(*x_zp, node, "x_zero_point"));
    MINNOW_ASSIGN_OR_RETURN(auto v, ReadZeroPoint(*x_zp, node, "x_zero_point"));
    xzp = v[0];
  }
  std::vector<int32_t> wzp{0};
  int64_t wzp_step = 0;
  if (w_zp) {
    MINNOW_RETURN_IF_ERROR(RequireSameType(*w_zp, w.dtype(), node, "w_zero_point"));
    MINNOW_ASSIGN_OR_RETURN(wzp, ReadZeroPoint(*w_zp, node, "w_zero_point"));
    if (w_zp->rank() > 1 || (wzp.size() != 1 && static_cast<int64_t>(wzp.size()) != M)) {
      return InvalidModel(node.Label() + ": w_zero_point must be a scalar or have one value per output channel (" +
                          std::to_string(M) + "), got shape " + ShapeToString(w_zp->shape()));
    }
    wzp_step = wzp.size() == 1 ? 0 : 1;
  }
  *out_shape = {x.dim(0), M};
  out_shape->insert(out_shape->end(), g.out.begin(), g.out.end());
  MINNOW_ASSIGN_OR_RETURN(int64_t count, CheckedNumElements(*out_shape));
  if (count > Tensor::kMaxBytes / 4) return OutOfRange(node.Label() + ": output is too large");
  acc->assign(static_cast<size_t>(count), 0);
  if (count == 0) return Status::Ok();
  const bool xu = x.dtype() == DataType::kUInt8, wu = w.dtype() == DataType::kUInt8;
  const int64_t grp = attrs.group;
  if (xu && wu) return ConvolveInteger<uint8_t, uint8_t>(x, static_cast<uint8_t>(xzp), w, wzp, wzp_step, g, grp, acc->data(), node);
  if (xu) return ConvolveInteger<uint8_t, int8_t>(x, static_cast<uint8_t>(xzp), w, wzp, wzp_step, g, grp, acc->data(), node);
  if (wu) return ConvolveInteger<int8_t, uint8_t>(x, static_cast<int8_t>(xzp), w, wzp, wzp_step, g, grp, acc->data(), node);
  return ConvolveInteger<int8_t, int8_t>(x, static_cast<int8_t>(xzp), w, wzp, wzp_step, g, grp, acc->data(), node);
}

Status ConvIntegerCompute(KernelContext& ctx, const ConvAttrs& attrs) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* x, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* w, ctx.RequiredInput(1));
  std::vector<int32_t> acc;
  Shape shape;
  MINNOW_RETURN_IF_ERROR(IntegerConvAccumulate(attrs, *x, ctx.input(2), 2, *w, ctx.input(3), 1, node, &acc, &shape));
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kInt32, shape));
  std::copy(acc.begin(), acc.end(), y->data<int32_t>());
  return Status::Ok();
}

Status QLinearConvCompute(KernelContext& ctx, const ConvAttrs& attrs) {
  const ir::Node& node = ctx.node();
  const Tensor* in[8];
  for (size_t i = 0; i < 8; ++i) {
    MINNOW_ASSIGN_OR_RETURN(in[i], ctx.RequiredInput(i));
  }
  const Tensor &x = *in[0], &x_scale = *in[1], &w = *in[3], &w_scale = *in[4], &y_scale = *in[6], &y_zp = *in[7];
  const Tensor* bias = ctx.input(8);
  if (!IsQuantType(y_zp.dtype())) return UnsupportedType(node, 7, y_zp.dtype(), "u8 or i8");
  MINNOW_RETURN_IF_ERROR(RequireScalar(x_scale, node, "x_scale"));
  MINNOW_RETURN_IF_ERROR(RequireScalar(y_scale, node, "y_scale"));
  MINNOW_RETURN_IF_ERROR(RequireScalar(y_zp, node, "y_zero_point"));
  std::vector<int32_t> acc;
  Shape shape;
  MINNOW_RETURN_IF_ERROR(IntegerConvAccumulate(attrs, x, in[2], 2, w, in[5], 3, node, &acc, &shape));
  const int64_t M = w.dim(0);
  MINNOW_ASSIGN_OR_RETURN(auto xs, ReadScale(x_scale, node, "x_scale"));
  MINNOW_ASSIGN_OR_RETURN(auto ws, ReadScale(w_scale, node, "w_scale"));
  MINNOW_ASSIGN_OR_RETURN(auto ys, ReadScale(y_scale, node, "y_scale"));
  MINNOW_ASSIGN_OR_RETURN(auto yzp, ReadZeroPoint(y_zp, node, "y_zero_point"));
  if (w_scale.rank() > 1 || (ws.size() != 1 && static_cast<int64_t>(ws.size()) != M)) {
    return InvalidModel(node.Label() + ": w_scale must be a scalar or have one value per output channel (" +
                        std::to_string(M) + "), got shape " + ShapeToString(w_scale.shape()));
  }
  std::vector<int32_t> b;
  if (bias) {
    if (bias->dtype() != DataType::kInt32) return UnsupportedType(node, 8, bias->dtype(), "i32");
    if (bias->rank() != 1 || bias->numel() != M) {
      return InvalidModel(node.Label() + ": bias must have shape [" + std::to_string(M) + "], got " +
                          ShapeToString(bias->shape()));
    }
    b.assign(bias->data<int32_t>(), bias->data<int32_t>() + M);
  }
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, y_zp.dtype(), shape));
  const int64_t batch = shape[0];
  const int64_t spatial = M == 0 || batch == 0 ? 0 : static_cast<int64_t>(acc.size()) / (batch * M);
  auto requant = [&]<typename Q>() {
    Q* out = y->data<Q>();
    for (int64_t n = 0; n < batch; ++n) {
      for (int64_t m = 0; m < M; ++m) {
        // Same multiplier as ONNX Runtime: x_scale * w_scale / y_scale, in float.
        const float multiplier = xs[0] * ws[ws.size() == 1 ? 0 : m] / ys[0];
        const uint32_t add = b.empty() ? 0u : static_cast<uint32_t>(b[m]);
        const int64_t base = (n * M + m) * spatial;
        for (int64_t i = 0; i < spatial; ++i) {
          // The bias joins the int32 accumulator, wrapping like it.
          const int32_t v = static_cast<int32_t>(static_cast<uint32_t>(acc[base + i]) + add);
          out[base + i] = kernels::Requantize<Q>(v, multiplier, yzp[0]);
        }
      }
    }
  };
  if (y_zp.dtype() == DataType::kUInt8) requant.template operator()<uint8_t>();
  else requant.template operator()<int8_t>();
  return Status::Ok();
}

}  // namespace

Expected<std::unique_ptr<OpKernel>> CreateConvInteger(const KernelInit& init) {
  MINNOW_ASSIGN_OR_RETURN(ConvAttrs attrs, ParseConvAttrs(init.node));
  return MakeKernel([attrs](KernelContext& ctx) { return ConvIntegerCompute(ctx, attrs); });
}

Expected<std::unique_ptr<OpKernel>> CreateQLinearConv(const KernelInit& init) {
  MINNOW_ASSIGN_OR_RETURN(ConvAttrs attrs, ParseConvAttrs(init.node));
  return MakeKernel([attrs](KernelContext& ctx) { return QLinearConvCompute(ctx, attrs); });
}

}  // namespace minnow::runtime::quant
