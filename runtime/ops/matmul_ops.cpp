// Gemm and MatMul operators: shape checks and broadcasting around the GEMM kernels (GemmF32 for
// float, GemmRef for double).
#include <memory>
#include <type_traits>

#include "kernels/broadcast.h"
#include "kernels/dispatch.h"
#include "kernels/gemm.h"
#include "kernels/gemm_f32.h"
#include "runtime/op_utils.h"
#include "runtime/ops/neural_net_ops.h"

namespace minnow::runtime {
namespace {

// The fast f32 GEMM for float, the reference one for double.
template <typename T>
void Gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda, const T* B,
          int64_t ldb, T beta, T* C, int64_t ldc) {
  if constexpr (std::is_same_v<T, float>) {
    kernels::GemmF32(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  } else {
    kernels::GemmRef<T>(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  }
}

class GemmKernel final : public OpKernel {
 public:
  GemmKernel(bool trans_a, bool trans_b, float alpha, float beta)
      : trans_a_(trans_a), trans_b_(trans_b), alpha_(alpha), beta_(beta) {}

  Status Compute(KernelContext& ctx) const override {
    const ir::Node& node = ctx.node();
    MINNOW_ASSIGN_OR_RETURN(const Tensor* a, ctx.RequiredInput(0));
    MINNOW_ASSIGN_OR_RETURN(const Tensor* b, ctx.RequiredInput(1));
    const Tensor* c = ctx.input(2);
    MINNOW_RETURN_IF_ERROR(CheckFloatInputs(ctx, {0, 1, 2}));
    if (a->rank() != 2 || b->rank() != 2) {
      return InvalidArgument(node.Label() + ": A " + ShapeToString(a->shape()) + " and B " +
                             ShapeToString(b->shape()) + " must be 2-D");
    }
    const int64_t m = trans_a_ ? a->dim(1) : a->dim(0);
    const int64_t k = trans_a_ ? a->dim(0) : a->dim(1);
    const int64_t kb = trans_b_ ? b->dim(1) : b->dim(0);
    const int64_t n = trans_b_ ? b->dim(0) : b->dim(1);
    if (k != kb) {
      return InvalidArgument(node.Label() + ": inner dimensions of A " + ShapeToString(a->shape()) + " and B " +
                             ShapeToString(b->shape()) + " differ (transA=" + std::to_string(trans_a_) +
                             ", transB=" + std::to_string(trans_b_) + ")");
    }
    // C broadcasts unidirectionally to [M, N].
    if (c) {
      bool ok = c->rank() <= 2;
      for (int64_t i = 0; ok && i < c->rank(); ++i) {
        const int64_t want = (c->rank() - i == 1) ? n : m;
        ok = c->dim(i) == 1 || c->dim(i) == want;
      }
      if (!ok) {
        return InvalidArgument(node.Label() + ": C " + ShapeToString(c->shape()) + " cannot be broadcast to " +
                               std::to_string(m) + "x" + std::to_string(n));
      }
    }
    MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, a->dtype(), {m, n}));
    // The common Linear layer (f32, C of shape [N] or [1, N], beta 1) adds C in the GEMM epilogue
    // instead of broadcasting it into Y first.
    const bool row_vector_c =
        c && beta_ == 1.0f && c->numel() == n && (c->rank() == 1 || (c->rank() == 2 && c->dim(0) == 1));
    if (a->dtype() == DataType::kFloat32 && row_vector_c) {
      kernels::GemmEpilogue ep;
      ep.col_bias = c->data<float>();
      kernels::GemmF32(trans_a_, trans_b_, m, n, k, alpha_, a->data<float>(), a->dim(1), b->data<float>(), b->dim(1),
                       0.0f, y->data<float>(), n, ep);
      return Status::Ok();
    }
    kernels::DispatchFloat(a->dtype(), [&]<typename T>() {
      T* yd = y->data<T>();
      if (c && beta_ != 0.0f) {
        const Shape out = {m, n};
        const auto strides = kernels::BroadcastStrides(c->shape(), out);
        const T* cd = c->data<T>();
        for (kernels::BroadcastIterator it(out, {strides}); !it.done(); it.next()) yd[it.index()] = cd[it.offset(0)];
      }
      const T beta = (c && beta_ != 0.0f) ? static_cast<T>(beta_) : T(0);
      Gemm<T>(trans_a_, trans_b_, m, n, k, static_cast<T>(alpha_), a->data<T>(), a->dim(1), b->data<T>(), b->dim(1),
              beta, yd, n);
    });
    return Status::Ok();
  }

 private:
  bool trans_a_, trans_b_;
  float alpha_, beta_;
};

// Numpy matmul: 1-D operands are promoted (and the added dim removed from the result), leading
// dims broadcast.
Status MatMulCompute(KernelContext& ctx) {
  const ir::Node& node = ctx.node();
  MINNOW_ASSIGN_OR_RETURN(const Tensor* a, ctx.RequiredInput(0));
  MINNOW_ASSIGN_OR_RETURN(const Tensor* b, ctx.RequiredInput(1));
  MINNOW_RETURN_IF_ERROR(CheckFloatInputs(ctx, {0, 1}));
  if (a->rank() == 0 || b->rank() == 0) {
    return InvalidArgument(node.Label() + ": MatMul operands must have rank >= 1, got " + ShapeToString(a->shape()) +
                           " and " + ShapeToString(b->shape()));
  }
  Shape sa = a->shape(), sb = b->shape();
  const bool a_vec = sa.size() == 1, b_vec = sb.size() == 1;
  if (a_vec) sa.insert(sa.begin(), 1);
  if (b_vec) sb.push_back(1);
  const int64_t m = sa[sa.size() - 2], k = sa.back(), n = sb.back();
  if (sb[sb.size() - 2] != k) {
    return InvalidArgument(node.Label() + ": inner dimensions of " + ShapeToString(a->shape()) + " and " +
                           ShapeToString(b->shape()) + " differ");
  }
  const Shape batch_a(sa.begin(), sa.end() - 2), batch_b(sb.begin(), sb.end() - 2);
  MINNOW_ASSIGN_OR_RETURN(Shape batch, BroadcastShapes({batch_a, batch_b}, node));
  Shape out = batch;
  if (!a_vec) out.push_back(m);
  if (!b_vec) out.push_back(n);
  MINNOW_ASSIGN_OR_RETURN(Tensor * y, ctx.Allocate(0, a->dtype(), out));
  int64_t batch_count = 1, b_count = 1;
  for (int64_t d : batch) batch_count *= d;
  for (int64_t d : batch_b) b_count *= d;
  kernels::DispatchFloat(a->dtype(), [&]<typename T>() {
    const T* ad = a->data<T>();
    const T* bd = b->data<T>();
    T* yd = y->data<T>();
    if (b_count == 1 && batch_a == batch) {
      // One shared B: stack every A matrix into a single tall product.
      Gemm<T>(false, false, batch_count * m, n, k, T(1), ad, k, bd, n, T(0), yd, n);
      return;
    }
    const auto strides_a = kernels::BroadcastStrides(batch_a, batch);
    const auto strides_b = kernels::BroadcastStrides(batch_b, batch);
    for (kernels::BroadcastIterator it(batch, {strides_a, strides_b}); !it.done(); it.next()) {
      Gemm<T>(false, false, m, n, k, T(1), ad + it.offset(0) * m * k, k, bd + it.offset(1) * k * n, n,
                          T(0), yd + it.index() * m * n, n);
    }
  });
  return Status::Ok();
}

Expected<std::unique_ptr<OpKernel>> MakeGemm(const KernelInit& init) {
  const ir::Node& node = init.node;
  return std::unique_ptr<OpKernel>(new GemmKernel(node.GetInt("transA", 0) != 0, node.GetInt("transB", 0) != 0,
                                                  node.GetFloat("alpha", 1.0f), node.GetFloat("beta", 1.0f)));
}

}  // namespace

void RegisterMatMulKernels(KernelRegistry& registry) {
  registry.Register("", "Gemm", MakeGemm);
  registry.Register("", "MatMul", [](const KernelInit&) { return MakeKernel(MatMulCompute); });
}

}  // namespace minnow::runtime
