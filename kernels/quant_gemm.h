// Reference integer GEMM for the quantized MatMul/Conv operators: int8/uint8 operands with zero
// points subtracted, exact int32 accumulation (wrapping modulo 2^32 like 32-bit hardware).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace minnow::kernels {

// C[m, n] = sum_k (A[m, k] - a_zp[m * a_zp_step]) * (B[k, n] - b_zp[n * b_zp_step]).
// A is row-major M x K with row stride lda; B is row-major K x N with row stride ldb; C has row
// stride ldc. Zero-point steps are 0 for per-tensor and 1 for per-row (A) / per-column (B).
template <typename A, typename B>
void IntegerGemm(int64_t M, int64_t N, int64_t K, const A* a, int64_t lda, const int32_t* a_zp, int64_t a_zp_step,
                 const B* b, int64_t ldb, const int32_t* b_zp, int64_t b_zp_step, int32_t* c, int64_t ldc) {
  // Unsigned accumulators: wrap-around is defined, and converting back to int32 is modular (C++20),
  // which is exactly the two's-complement int32 accumulation the spec allows to overflow.
  std::vector<uint32_t> acc(static_cast<size_t>(N));
  std::vector<int32_t> b_row(static_cast<size_t>(N));
  for (int64_t m = 0; m < M; ++m) {
    std::fill(acc.begin(), acc.end(), 0u);
    const int32_t azp = a_zp[m * a_zp_step];
    for (int64_t k = 0; k < K; ++k) {
      const int32_t av = static_cast<int32_t>(a[m * lda + k]) - azp;
      if (av == 0) continue;
      const B* brow = b + k * ldb;
      for (int64_t n = 0; n < N; ++n) {
        const int32_t bv = static_cast<int32_t>(brow[n]) - b_zp[n * b_zp_step];
        acc[n] += static_cast<uint32_t>(av * bv);
      }
    }
    for (int64_t n = 0; n < N; ++n) c[m * ldc + n] = static_cast<int32_t>(acc[n]);
  }
}

}  // namespace minnow::kernels
