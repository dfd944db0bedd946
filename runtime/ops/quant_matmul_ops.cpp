// MatMulInteger and QLinearMatMul: numpy.matmul batching/broadcasting over the integer GEMM, with
// per-tensor or per-row (a) / per-column (b) zero points and scales.
#include "kernels/quant_gemm.h"
#include "runtime/op_utils.h"
#include "runtime/ops/quant_common.h"
#include "runtime/ops/quant_factories.h"

namespace minnow::runtime::quant {

namespace {

// Zero points of one operand expanded per (batch, row/column); absent means all zeros.
Expected<std::vector<int32_t>> OperandZeroPoints(const Tensor* zp, const Tensor& data, const Shape& promoted, bool per_row,
                                                 const ir::Node& node, const char* what) {
  if (!zp) return ExpandMatMulParam<int32_t>({0}, {}, promoted, per_row, node, what);
  MINNOW_RETURN_IF_ERROR(RequireSameType(*zp, data.dtype(), node, what));
  MINNOW_ASSIGN_OR_RETURN(std::vector<int32_t> v, ReadZeroPoint(*zp, node, what));
  return ExpandMatMulParam<int32_t>(v, zp->shape(), promoted, per_row, node, what);
}

// acc[batch] = (A - a_zp) x (B - b_zp) into an int32 buffer laid out as the output.
Status IntegerMatMul(const Tensor& a, const Tensor& b, const MatMulPlan& p, const std::vector<int32_t>& a_zp,
                     const std::vector<int32_t>& b_zp, int32_t* acc, const ir::Node& node) {
  auto run = [&]<typename A, typename B>() {
    for (size_t bi = 0; bi < p.a_batch.size(); ++bi) {
      const int64_t ab = p.a_batch[bi], bb = p.b_batch[bi];
      kernels::IntegerGemm<A, B>(p.M, p.N, p.K, a.data<A>() + ab * p.M * p.K, p.K, a_zp.data() + ab * p.M, 1,
                                 b.data<B>() + bb * p.K * p.N, p.N, b_zp.data() + bb * p.N, 1,
                                 acc + static_cast<int64_t>(bi) * p.M * p.N, p.N);
    }
  };
  const bool au = a.dtype() == DataType::kUInt8, bu = b.dtype() == DataType::kUInt8;
  if (au && bu) run.template operator()<uint8_t, uint8_t>();
  else if (au) run.template operator()<uint8_t, int8_t>();
  else if (bu) run.template operator()<int8_t, uint8_t>();
  else run.template operator()<int8_t, int8_t>();
  return Status::Ok();
}

Status CheckOperands(const Tensor& a, const Tensor& b, size_t b_index, const ir::Node& node) {
  if (!IsQuantType(a.dtype())) return UnsupportedType(node, 0, a.dtype(), "u8 or i8");
  if (!IsQuantType(b.dtype())) return UnsupportedType(node, b_index, b.dtype(), "u8 or i8");
  return Status::Ok();
}

Status MatMulIntegerCompute(KernelContext& ctx) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* a, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* b, ctx.RequiredInput(1));
  MINNOW_RETURN_IF_ERROR(CheckOperands(*a, *b, 1, node));
  MINNOW_ASSIGN_OR_RETURN(MatMulPlan p, PlanMatMul(a->shape(), b->shape(), node));
  MINNOW_ASSIGN_OR_RETURN(auto a_zp, OperandZeroPoints(ctx.input(2), *a, p.a, true, node, "a_zero_point"));
  MINNOW_ASSIGN_OR_RETURN(auto b_zp, OperandZeroPoints(ctx.input(3), *b, p.b, false, node, "b_zero_point"));
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, DataType::kInt32, p.out));
  return IntegerMatMul(*a, *b, p, a_zp, b_zp, y->data<int32_t>(), node);
}

Status QLinearMatMulCompute(KernelContext& ctx) {
  const ir::Node& node = ctx.node();
  const Tensor* in[8];
  for (size_t i = 0; i < 8; ++i) {
    MINNOW_ASSIGN_OR_RETURN(in[i], ctx.RequiredInput(i));
  }
  const Tensor &a = *in[0], &a_scale = *in[1], &b = *in[3], &b_scale = *in[4], &y_scale = *in[6], &y_zp = *in[7];
  MINNOW_RETURN_IF_ERROR(CheckOperands(a, b, 3, node));
  if (!IsQuantType(y_zp.dtype())) return UnsupportedType(node, 7, y_zp.dtype(), "u8 or i8");
  MINNOW_ASSIGN_OR_RETURN(MatMulPlan p, PlanMatMul(a.shape(), b.shape(), node));
  MINNOW_ASSIGN_OR_RETURN(auto a_zp, OperandZeroPoints(in[2], a, p.a, true, node, "a_zero_point"));
  MINNOW_ASSIGN_OR_RETURN(auto b_zp, OperandZeroPoints(in[5], b, p.b, false, node, "b_zero_point"));
  MINNOW_ASSIGN_OR_RETURN(auto a_s_raw, ReadScale(a_scale, node, "a_scale"));
  MINNOW_ASSIGN_OR_RETURN(auto b_s_raw, ReadScale(b_scale, node, "b_scale"));
  MINNOW_ASSIGN_OR_RETURN(auto a_s, ExpandMatMulParam(a_s_raw, a_scale.shape(), p.a, true, node, "a_scale"));
  MINNOW_ASSIGN_OR_RETURN(auto b_s, ExpandMatMulParam(b_s_raw, b_scale.shape(), p.b, false, node, "b_scale"));
  MINNOW_RETURN_IF_ERROR(RequireScalar(y_scale, node, "y_scale"));
  MINNOW_RETURN_IF_ERROR(RequireScalar(y_zp, node, "y_zero_point"));
  MINNOW_ASSIGN_OR_RETURN(auto ys, ReadScale(y_scale, node, "y_scale"));
  MINNOW_ASSIGN_OR_RETURN(auto yzp, ReadZeroPoint(y_zp, node, "y_zero_point"));

  MINNOW_ASSIGN_OR_RETURN(int64_t count, CheckedNumElements(p.out));
  std::vector<int32_t> acc(static_cast<size_t>(count));
  MINNOW_RETURN_IF_ERROR(IntegerMatMul(a, b, p, a_zp, b_zp, acc.data(), node));
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, y_zp.dtype(), p.out));
  auto requant = [&]<typename Q>() {
    Q* out = y->data<Q>();
    for (size_t bi = 0; bi < p.a_batch.size(); ++bi) {
      const float* as = a_s.data() + p.a_batch[bi] * p.M;
      const float* bs = b_s.data() + p.b_batch[bi] * p.N;
      const int64_t base = static_cast<int64_t>(bi) * p.M * p.N;
      for (int64_t m = 0; m < p.M; ++m) {
        for (int64_t n = 0; n < p.N; ++n) {
          const float multiplier = as[m] * bs[n] / ys[0];
          out[base + m * p.N + n] = kernels::Requantize<Q>(acc[base + m * p.N + n], multiplier, yzp[0]);
        }
      }
    }
  };
  if (y_zp.dtype() == DataType::kUInt8) requant.template operator()<uint8_t>();
  else requant.template operator()<int8_t>();
  return Status::Ok();
}

}  // namespace

Expected<std::unique_ptr<OpKernel>> CreateMatMulInteger(const KernelInit&) { return MakeKernel(MatMulIntegerCompute); }
Expected<std::unique_ptr<OpKernel>> CreateQLinearMatMul(const KernelInit&) { return MakeKernel(QLinearMatMulCompute); }

}  // namespace minnow::runtime::quant
