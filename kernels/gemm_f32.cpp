// Fast f32 GEMM driver: BLIS-style loops over packed panels around a 6x16 microkernel.
#include "kernels/gemm_f32.h"

#include <dnnl.h>
#include <omp.h>

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "kernels/gemm_ukernel.h"

namespace minnow::kernels {
namespace detail {

// Baseline microkernel for CPUs without AVX2: two passes over 6x8 halves of the tile so that the
// 12 accumulator vectors fit the 16 SSE registers every x86-64 CPU has (a full 6x16 tile spills).
void GemmUkernelScalar(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, bool add) {
#if defined(__SSE2__)
  for (int64_t h = 0; h < kGemmNR; h += 8) {
    __m128 acc[kGemmMR][2];
    for (auto& row : acc) row[0] = row[1] = _mm_setzero_ps();
    for (int64_t k = 0; k < kc; ++k) {
      const __m128 b0 = _mm_loadu_ps(b + k * kGemmNR + h);
      const __m128 b1 = _mm_loadu_ps(b + k * kGemmNR + h + 4);
      for (int64_t r = 0; r < kGemmMR; ++r) {
        const __m128 av = _mm_set1_ps(a[k * kGemmMR + r]);
        acc[r][0] = _mm_add_ps(acc[r][0], _mm_mul_ps(av, b0));
        acc[r][1] = _mm_add_ps(acc[r][1], _mm_mul_ps(av, b1));
      }
    }
    for (int64_t r = 0; r < kGemmMR; ++r) {
      float* row = c + r * ldc + h;
      __m128 v0 = acc[r][0], v1 = acc[r][1];
      if (add) {
        v0 = _mm_add_ps(_mm_loadu_ps(row), v0);
        v1 = _mm_add_ps(_mm_loadu_ps(row + 4), v1);
      }
      _mm_storeu_ps(row, v0);
      _mm_storeu_ps(row + 4, v1);
    }
  }
#else
  float acc[kGemmMR][kGemmNR] = {};
  for (int64_t k = 0; k < kc; ++k) {
    for (int64_t r = 0; r < kGemmMR; ++r) {
      const float av = a[k * kGemmMR + r];
      for (int64_t j = 0; j < kGemmNR; ++j) acc[r][j] += av * b[k * kGemmNR + j];
    }
  }
  for (int64_t r = 0; r < kGemmMR; ++r) {
    for (int64_t j = 0; j < kGemmNR; ++j) c[r * ldc + j] = (add ? c[r * ldc + j] : 0.0f) + acc[r][j];
  }
#endif
}

void GemmEpilogueScalar(const GemmEpilogue& ep, float* c, int64_t ldc, int64_t i0, int64_t j0, int64_t mr,
                        int64_t nr) {
  GemmEpilogueBody(ep, c, ldc, i0, j0, mr, nr);
}

}  // namespace detail

namespace {

// Cache blocks: a KC-deep A block of up to MC rows stays in L2 while a KC x NR micro-panel of B
// (16 KiB) streams through L1. Fixed K blocking keeps every element's summation order independent
// of how M and N are split among threads.
constexpr int64_t kKC = 256;
constexpr int64_t kMC = 240;  // multiple of kGemmMR
constexpr int64_t kMaxNC = 1024;

int64_t RoundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

// Packs alpha * op(A)[0:M, 0:K] into panels of MR rows (PackedA layout) in `dst`.
void PackAInto(bool ta, int64_t M, int64_t K, const float* A, int64_t lda, float alpha, float* dst) {
  const int64_t panels = RoundUp(M, kGemmMR) / kGemmMR;
#pragma omp parallel for if (M * K > (1 << 16))
  for (int64_t p = 0; p < panels; ++p) {
    float* out = dst + p * K * kGemmMR;
    const int64_t i0 = p * kGemmMR;
    const int64_t rows = std::min(kGemmMR, M - i0);
    for (int64_t k = 0; k < K; ++k) {
      float* o = out + k * kGemmMR;
      for (int64_t r = 0; r < rows; ++r) o[r] = alpha * (ta ? A[k * lda + i0 + r] : A[(i0 + r) * lda + k]);
      for (int64_t r = rows; r < kGemmMR; ++r) o[r] = 0.0f;
    }
  }
}

// Packs alpha * op(B)[k0:k0+kc, j0:j0+nc] into panels of NR columns, panel stride kc * NR. Rows of
// B are read contiguously (row by row across all panels) because strided column walks over a wide
// B miss the TLB on every row.
void PackBBlock(bool tb, const float* B, int64_t ldb, int64_t k0, int64_t kc, int64_t j0, int64_t nc, float alpha,
                float* dst) {
  const int64_t panel_stride = kc * kGemmNR;
  if (!tb) {
    for (int64_t k = 0; k < kc; ++k) {
      const float* src = B + (k0 + k) * ldb + j0;
      for (int64_t q = 0; q < nc; q += kGemmNR) {
        const int64_t cols = std::min(kGemmNR, nc - q);
        float* o = dst + (q / kGemmNR) * panel_stride + k * kGemmNR;
        if (alpha == 1.0f) {
          for (int64_t j = 0; j < cols; ++j) o[j] = src[q + j];
        } else {
          for (int64_t j = 0; j < cols; ++j) o[j] = alpha * src[q + j];
        }
        for (int64_t j = cols; j < kGemmNR; ++j) o[j] = 0.0f;
      }
    }
    return;
  }
  // Transposed B: column j of op(B) is row j of B, contiguous over k.
  for (int64_t q = 0; q < nc; q += kGemmNR) {
    const int64_t cols = std::min(kGemmNR, nc - q);
    float* panel = dst + (q / kGemmNR) * panel_stride;
    for (int64_t j = 0; j < cols; ++j) {
      const float* src = B + (j0 + q + j) * ldb + k0;
      for (int64_t k = 0; k < kc; ++k) panel[k * kGemmNR + j] = alpha * src[k];
    }
    for (int64_t j = cols; j < kGemmNR; ++j) {
      for (int64_t k = 0; k < kc; ++k) panel[k * kGemmNR + j] = 0.0f;
    }
  }
}

// Where the B panels come from: pre-packed for the whole K, or packed per block from op(B).
struct BSource {
  const float* packed = nullptr;  // PackedB data, or nullptr
  bool tb = false;
  const float* B = nullptr;
  int64_t ldb = 0;
  float alpha = 1.0f;  // folded into B when B is packed per call
};

bool HasEpilogue(const GemmEpilogue& ep) {
  return ep.row_bias || ep.col_bias || ep.residual || ep.act != Activation::kNone;
}

// C = epilogue(beta * C + Apacked * op(B)) with Apacked in PackedA layout (alpha already folded in).
void Driver(int64_t M, int64_t N, int64_t K, const float* ap, const BSource& bs, float beta, float* C, int64_t ldc,
            const GemmEpilogue& ep, Isa isa) {
  if (M <= 0 || N <= 0) return;
  const bool avx2 = isa >= Isa::kAvx2;
  const detail::GemmUkernel ukernel = avx2 ? detail::GemmUkernelAvx2 : detail::GemmUkernelScalar;
  const detail::GemmEpilogueFn epilogue = avx2 ? detail::GemmEpilogueAvx2 : detail::GemmEpilogueScalar;
  const bool has_ep = HasEpilogue(ep);

  const int64_t mc_block = std::min(kMC, RoundUp(M, kGemmMR));
  const int64_t m_tiles = (M + mc_block - 1) / mc_block;
  // Enough N blocks to give every thread a tile; any split gives identical results.
  const double flops = 2.0 * M * N * std::max<int64_t>(K, 1);
  const int64_t threads = flops > 2e6 ? omp_get_max_threads() : 1;
  const int64_t want_n = std::max<int64_t>(1, (threads + m_tiles - 1) / m_tiles);
  const int64_t nc_block = std::min(kMaxNC, RoundUp((N + want_n - 1) / want_n, kGemmNR));
  const int64_t n_tiles = (N + nc_block - 1) / nc_block;
  const int64_t tiles = m_tiles * n_tiles;

#pragma omp parallel for schedule(dynamic) if (threads > 1 && tiles > 1)
  for (int64_t t = 0; t < tiles; ++t) {
    const int64_t i0 = (t / n_tiles) * mc_block;
    const int64_t j0 = (t % n_tiles) * nc_block;
    const int64_t mc = std::min(mc_block, M - i0);
    const int64_t nc = std::min(nc_block, N - j0);
    if (K <= 0) {
      for (int64_t i = 0; i < mc; ++i) {
        float* row = C + (i0 + i) * ldc + j0;
        for (int64_t j = 0; j < nc; ++j) row[j] = beta == 0.0f ? 0.0f : beta * row[j];
      }
      if (has_ep) epilogue(ep, C + i0 * ldc + j0, ldc, i0, j0, mc, nc);
      continue;
    }
    if (beta != 0.0f && beta != 1.0f) {
      for (int64_t i = 0; i < mc; ++i) {
        float* row = C + (i0 + i) * ldc + j0;
        for (int64_t j = 0; j < nc; ++j) row[j] *= beta;
      }
    }
    thread_local std::vector<float> bbuf;
    for (int64_t k0 = 0; k0 < K; k0 += kKC) {
      const int64_t kc = std::min(kKC, K - k0);
      const float* bp;
      int64_t b_stride;  // floats between consecutive B panels
      if (bs.packed) {
        bp = bs.packed + (j0 / kGemmNR) * K * kGemmNR + k0 * kGemmNR;
        b_stride = K * kGemmNR;
      } else {
        bbuf.resize(static_cast<size_t>(RoundUp(nc, kGemmNR) * kc));
        PackBBlock(bs.tb, bs.B, bs.ldb, k0, kc, j0, nc, bs.alpha, bbuf.data());
        bp = bbuf.data();
        b_stride = kc * kGemmNR;
      }
      const bool add = k0 > 0 || beta != 0.0f;
      const bool last = k0 + kc == K;
      for (int64_t jr = 0; jr < nc; jr += kGemmNR) {
        const int64_t nr = std::min(kGemmNR, nc - jr);
        const float* b = bp + (jr / kGemmNR) * b_stride;
        for (int64_t ir = 0; ir < mc; ir += kGemmMR) {
          const int64_t mr = std::min(kGemmMR, mc - ir);
          const float* a = ap + ((i0 + ir) / kGemmMR) * K * kGemmMR + k0 * kGemmMR;
          float* c = C + (i0 + ir) * ldc + j0 + jr;
          if (mr == kGemmMR && nr == kGemmNR) {
            ukernel(kc, a, b, c, ldc, add);
          } else {
            float tmp[kGemmMR * kGemmNR];
            ukernel(kc, a, b, tmp, kGemmNR, false);
            for (int64_t r = 0; r < mr; ++r) {
              for (int64_t j = 0; j < nr; ++j) {
                c[r * ldc + j] = (add ? c[r * ldc + j] : 0.0f) + tmp[r * kGemmNR + j];
              }
            }
          }
          if (last && has_ep) epilogue(ep, c, ldc, i0 + ir, j0 + jr, mr, nr);
        }
      }
    }
  }
}

}  // namespace

PackedA PackGemmA(bool ta, int64_t M, int64_t K, const float* A, int64_t lda) {
  PackedA p;
  p.m = M;
  p.k = K;
  p.data.resize(static_cast<size_t>(RoundUp(M, kGemmMR) * K));
  PackAInto(ta, M, K, A, lda, 1.0f, p.data.data());
  return p;
}

PackedB PackGemmB(bool tb, int64_t K, int64_t N, const float* B, int64_t ldb) {
  PackedB p;
  p.k = K;
  p.n = N;
  p.data.resize(static_cast<size_t>(RoundUp(N, kGemmNR) * K));
  // The whole K as one block gives panel stride K * NR, the PackedB layout.
  if (K > 0) PackBBlock(tb, B, ldb, 0, K, 0, N, 1.0f, p.data.data());
  return p;
}

void GemmF32(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
             const float* B, int64_t ldb, float beta, float* C, int64_t ldc, const GemmEpilogue& ep, Isa isa) {
  if (M <= 0 || N <= 0) return;
  // On AVX2 machines oneDNN's JIT sgemm measured 1.1-1.8x faster than our packed kernel on every model
  // shape (bench/kernel_bench.cpp), so it computes the product and the epilogue runs as one pass.
  if (isa >= Isa::kAvx2 && K > 0 &&
      dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', M, N, K, alpha, A, lda, B, ldb, beta, C, ldc) == dnnl_success) {
    if (HasEpilogue(ep)) {
#pragma omp parallel for if (M * N > (1 << 15))
      for (int64_t i = 0; i < M; ++i) detail::GemmEpilogueAvx2(ep, C + i * ldc, ldc, i, 0, 1, N);
    }
    return;
  }
  std::vector<float> ap(static_cast<size_t>(RoundUp(M, kGemmMR) * std::max<int64_t>(K, 0)));
  PackAInto(ta, M, K, A, lda, alpha, ap.data());
  Driver(M, N, K, ap.data(), BSource{nullptr, tb, B, ldb, 1.0f}, beta, C, ldc, ep, isa);
}

void GemmF32PackedA(const PackedA& a, bool tb, int64_t N, float alpha, const float* B, int64_t ldb, float beta,
                    float* C, int64_t ldc, const GemmEpilogue& ep, Isa isa) {
  Driver(a.m, N, a.k, a.data.data(), BSource{nullptr, tb, B, ldb, alpha}, beta, C, ldc, ep, isa);
}

void GemmF32PackedB(bool ta, int64_t M, float alpha, const float* A, int64_t lda, const PackedB& b, float beta,
                    float* C, int64_t ldc, const GemmEpilogue& ep, Isa isa) {
  if (M <= 0 || b.n <= 0) return;
  std::vector<float> ap(static_cast<size_t>(RoundUp(M, kGemmMR) * b.k));
  PackAInto(ta, M, b.k, A, lda, alpha, ap.data());
  Driver(M, b.n, b.k, ap.data(), BSource{b.data.data(), false, nullptr, 0, 1.0f}, beta, C, ldc, ep, isa);
}

}  // namespace minnow::kernels
