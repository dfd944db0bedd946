// Reference GEMM: C = alpha * op(A) * op(B) + beta * C on row-major buffers (used by Conv, Gemm, MatMul).
#pragma once

#include <cstdint>

namespace minnow::kernels {

// op(A) is M x K (A is stored K x M when ta), op(B) is K x N (B is stored N x K when tb), C is M x N.
// lda/ldb/ldc are row strides in elements. beta == 0 overwrites C without reading it (so C may hold
// garbage or NaN). Blocked and packed so large products stay cache-resident; parallel over tiles.
template <typename T>
void GemmRef(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda, const T* B,
             int64_t ldb, T beta, T* C, int64_t ldc);

inline void f32_gemm_ref(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
                         const float* B, int64_t ldb, float beta, float* C, int64_t ldc) {
  GemmRef<float>(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

}  // namespace minnow::kernels
