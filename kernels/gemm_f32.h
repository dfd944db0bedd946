// Fast f32 GEMM: packed panels, a 6x16 register-tile microkernel (AVX2+FMA or portable C++), an
// optional pre-packed constant operand and a fused epilogue (bias, residual, activation).
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/activation.h"
#include "kernels/cpu_features.h"

namespace minnow::kernels {

// Register tile of the microkernel: packed A panels hold kGemmMR rows, packed B panels kGemmNR columns.
constexpr int64_t kGemmMR = 6;
constexpr int64_t kGemmNR = 16;

// op(A) (M x K) packed once, e.g. convolution weights: panel p holds rows [p*MR, p*MR+MR) as
// data[(p * K + k) * MR + r], zero padded past M.
struct PackedA {
  int64_t m = 0, k = 0;
  std::vector<float> data;
};

// op(B) (K x N) packed once, e.g. Gemm/MatMul weights: panel q holds columns [q*NR, q*NR+NR) as
// data[(q * K + k) * NR + j], zero padded past N.
struct PackedB {
  int64_t k = 0, n = 0;
  std::vector<float> data;
};

// Applied to each element of C once its product is complete, in this order:
// c = act(alpha * A*B + beta * C + row_bias[i] + col_bias[j] + residual[i * ldr + j]).
struct GemmEpilogue {
  const float* row_bias = nullptr;  // [M] (per output channel of a convolution)
  const float* col_bias = nullptr;  // [N]
  const float* residual = nullptr;  // M x N with row stride ldr
  int64_t ldr = 0;
  Activation act = Activation::kNone;
  float act_alpha = 0.0f, act_beta = 0.0f;
};

// ta: A is stored K x M; tb: B is stored N x K. May throw std::bad_alloc (packing buffers).
PackedA PackGemmA(bool ta, int64_t M, int64_t K, const float* A, int64_t lda);
PackedB PackGemmB(bool tb, int64_t K, int64_t N, const float* B, int64_t ldb);

// C = epilogue(alpha * op(A) * op(B) + beta * C). beta == 0 never reads C (it may hold NaN).
// Parallel over blocks of M and N only (never K), so results do not depend on the thread count.
// `isa` picks the microkernel; the default is SelectedIsa() (tests force each path).
void GemmF32(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
             const float* B, int64_t ldb, float beta, float* C, int64_t ldc, const GemmEpilogue& ep = {},
             Isa isa = SelectedIsa());
// Same with op(A) pre-packed (M = a.m, K = a.k).
void GemmF32PackedA(const PackedA& a, bool tb, int64_t N, float alpha, const float* B, int64_t ldb, float beta,
                    float* C, int64_t ldc, const GemmEpilogue& ep = {}, Isa isa = SelectedIsa());
// Same with op(B) pre-packed (K = b.k, N = b.n).
void GemmF32PackedB(bool ta, int64_t M, float alpha, const float* A, int64_t lda, const PackedB& b, float beta,
                    float* C, int64_t ldc, const GemmEpilogue& ep = {}, Isa isa = SelectedIsa());

}  // namespace minnow::kernels
