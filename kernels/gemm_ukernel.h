// Internal to the f32 GEMM: the 6x16 microkernels and epilogue of each ISA, shared by gemm_f32.cpp.
#pragma once

#include <cstdint>

#include "kernels/gemm_f32.h"

namespace minnow::kernels::detail {

// c[r * ldc + j] = (add ? c[r * ldc + j] : 0) + sum_k a[k * MR + r] * b[k * NR + j] for the full
// MR x NR tile (a and b are packed panels, k in [0, kc)).
using GemmUkernel = void (*)(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool add);
void GemmUkernelScalar(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool add);
void GemmUkernelAvx2(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool add);

// Applies the epilogue (alpha scaling excluded) to the mr x nr block of C at row i0, column j0.
using GemmEpilogueFn = void (*)(const GemmEpilogue& ep, float* c, int64_t ldc, int64_t i0, int64_t j0, int64_t mr,
                                int64_t nr);
void GemmEpilogueScalar(const GemmEpilogue& ep, float* c, int64_t ldc, int64_t i0, int64_t j0, int64_t mr,
                        int64_t nr);
void GemmEpilogueAvx2(const GemmEpilogue& ep, float* c, int64_t ldc, int64_t i0, int64_t j0, int64_t mr,
                      int64_t nr);

// Shared body of the epilogue; each ISA's wrapper inlines it so the compiler vectorises it.
[[gnu::always_inline]] inline void GemmEpilogueBody(const GemmEpilogue& ep, float* c, int64_t ldc, int64_t i0,
                                                    int64_t j0, int64_t mr, int64_t nr) {
  for (int64_t r = 0; r < mr; ++r) {
    float* row = c + r * ldc;
    if (ep.row_bias) {
      const float b = ep.row_bias[i0 + r];
      for (int64_t j = 0; j < nr; ++j) row[j] += b;
    }
    if (ep.col_bias) {
      const float* b = ep.col_bias + j0;
      for (int64_t j = 0; j < nr; ++j) row[j] += b[j];
    }
    if (ep.residual) {
      const float* res = ep.residual + (i0 + r) * ep.ldr + j0;
      for (int64_t j = 0; j < nr; ++j) row[j] += res[j];
    }
    ApplyActivation(ep.act, ep.act_alpha, ep.act_beta, row, nr);
  }
}

}  // namespace minnow::kernels::detail
