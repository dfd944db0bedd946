// Reference GEMM: BLIS-style blocking (tiles of C, packed panels of A and B, a small register tile).
#include "kernels/gemm.h"

#include <algorithm>
#include <vector>

namespace minnow::kernels {
namespace {

// Register tile (MR x NR accumulators) and cache blocks: an MC x KC panel of A and a KC x NC panel
// of B are packed contiguously so the inner loops stream through L1/L2.
constexpr int64_t kMR = 4;
constexpr int64_t kNR = 8;
constexpr int64_t kMC = 64;
constexpr int64_t kKC = 256;
constexpr int64_t kNC = 256;

// Packs alpha * op(A)[i0:i0+mc, k0:k0+kc] into micro-panels of kMR rows: ap[panel][k][r], zero padded.
template <typename T>
void PackA(bool ta, const T* A, int64_t lda, int64_t i0, int64_t mc, int64_t k0, int64_t kc, T alpha, T* ap) {
  for (int64_t p = 0; p < mc; p += kMR) {
    const int64_t rows = std::min(kMR, mc - p);
    for (int64_t k = 0; k < kc; ++k) {
      T* dst = ap + (p / kMR) * kMR * kc + k * kMR;
      for (int64_t r = 0; r < rows; ++r) {
        const int64_t i = i0 + p + r;
        const int64_t kk = k0 + k;
        dst[r] = alpha * (ta ? A[kk * lda + i] : A[i * lda + kk]);
      }
      for (int64_t r = rows; r < kMR; ++r) dst[r] = T(0);
    }
  }
}

// Packs op(B)[k0:k0+kc, j0:j0+nc] into micro-panels of kNR columns: bp[panel][k][j], zero padded.
template <typename T>
void PackB(bool tb, const T* B, int64_t ldb, int64_t k0, int64_t kc, int64_t j0, int64_t nc, T* bp) {
  for (int64_t q = 0; q < nc; q += kNR) {
    const int64_t cols = std::min(kNR, nc - q);
    T* panel = bp + (q / kNR) * kNR * kc;
    for (int64_t k = 0; k < kc; ++k) {
      T* dst = panel + k * kNR;
      const int64_t kk = k0 + k;
      if (!tb) {
        const T* src = B + kk * ldb + j0 + q;
        for (int64_t j = 0; j < cols; ++j) dst[j] = src[j];
      } else {
        for (int64_t j = 0; j < cols; ++j) dst[j] = B[(j0 + q + j) * ldb + kk];
      }
      for (int64_t j = cols; j < kNR; ++j) dst[j] = T(0);
    }
  }
}

// C[0:mr, 0:nr] += sum_k ap[k][r] * bp[k][j]; the accumulators stay in registers.
template <typename T>
void MicroKernel(int64_t kc, const T* __restrict ap, const T* __restrict bp, T* __restrict c, int64_t ldc, int64_t mr,
                 int64_t nr) {
  T acc[kMR][kNR] = {};
  for (int64_t k = 0; k < kc; ++k) {
    const T* a = ap + k * kMR;
    const T* b = bp + k * kNR;
    for (int64_t r = 0; r < kMR; ++r) {
      const T av = a[r];
      for (int64_t j = 0; j < kNR; ++j) acc[r][j] += av * b[j];
    }
  }
  for (int64_t r = 0; r < mr; ++r) {
    for (int64_t j = 0; j < nr; ++j) c[r * ldc + j] += acc[r][j];
  }
}

}  // namespace

template <typename T>
void GemmRef(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda, const T* B,
             int64_t ldb, T beta, T* C, int64_t ldc) {
  if (M <= 0 || N <= 0) return;
  const int64_t m_tiles = (M + kMC - 1) / kMC;
  const int64_t n_tiles = (N + kNC - 1) / kNC;
  const int64_t tiles = m_tiles * n_tiles;
  // Threads only pay off for products of at least a few million multiply-adds.
  const bool parallel = tiles > 1 && static_cast<double>(M) * N * K > 4e6;

#pragma omp parallel for schedule(dynamic) if (parallel)
  for (int64_t t = 0; t < tiles; ++t) {
    const int64_t i0 = (t / n_tiles) * kMC;
    const int64_t j0 = (t % n_tiles) * kNC;
    const int64_t mc = std::min(kMC, M - i0);
    const int64_t nc = std::min(kNC, N - j0);
    // Each tile owns its block of C, so beta is applied here without races.
    for (int64_t i = 0; i < mc; ++i) {
      T* c = C + (i0 + i) * ldc + j0;
      if (beta == T(0)) {
        std::fill(c, c + nc, T(0));
      } else if (beta != T(1)) {
        for (int64_t j = 0; j < nc; ++j) c[j] *= beta;
      }
    }
    if (K <= 0) continue;
    thread_local std::vector<T> apack, bpack;
    const int64_t mc_pad = (mc + kMR - 1) / kMR * kMR;
    const int64_t nc_pad = (nc + kNR - 1) / kNR * kNR;
    for (int64_t k0 = 0; k0 < K; k0 += kKC) {
      const int64_t kc = std::min(kKC, K - k0);
      apack.resize(static_cast<size_t>(mc_pad * kc));
      bpack.resize(static_cast<size_t>(nc_pad * kc));
      PackA(ta, A, lda, i0, mc, k0, kc, alpha, apack.data());
      PackB(tb, B, ldb, k0, kc, j0, nc, bpack.data());
      for (int64_t p = 0; p < mc; p += kMR) {
        for (int64_t q = 0; q < nc; q += kNR) {
          MicroKernel(kc, apack.data() + p * kc, bpack.data() + q * kc, C + (i0 + p) * ldc + j0 + q, ldc,
                      std::min(kMR, mc - p), std::min(kNR, nc - q));
        }
      }
    }
  }
}

template void GemmRef<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t, const float*,
                             int64_t, float, float*, int64_t);
template void GemmRef<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*, int64_t, const double*,
                              int64_t, double, double*, int64_t);

}  // namespace minnow::kernels
