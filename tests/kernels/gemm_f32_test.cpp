// GemmF32 (oneDNN and own packed paths, scalar and AVX2 microkernels) against GemmRef: sizes around
// the 6x16 tile and 256-deep K block, transposes, alpha/beta, NaN-prefilled outputs, epilogues.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/gemm.h"
#include "kernels/gemm_f32.h"

namespace minnow::kernels {
namespace {

std::vector<Isa> TestedIsas() {
  std::vector<Isa> isas = {Isa::kScalar};
  if (GetCpuFeatures().avx2 && GetCpuFeatures().fma) isas.push_back(Isa::kAvx2);
  return isas;
}

enum class Path { kPlain, kPackedA, kPackedB };

struct Problem {
  int64_t m, n, k;
  bool ta, tb;
  float alpha, beta;
  int64_t pad;  // extra columns in every stored matrix (leading dimensions larger than rows)
};

// Runs one product on `path`/`isa` and compares with GemmRef; padding columns must stay untouched and
// beta == 0 must ignore the NaN the output starts with.
void Check(const Problem& p, Path path, Isa isa, const GemmEpilogue& ep = {}) {
  std::mt19937 rng(static_cast<unsigned>(p.m * 131 + p.n * 17 + p.k));
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  const int64_t a_rows = p.ta ? p.k : p.m, a_cols = p.ta ? p.m : p.k;
  const int64_t b_rows = p.tb ? p.n : p.k, b_cols = p.tb ? p.k : p.n;
  const int64_t lda = a_cols + p.pad, ldb = b_cols + p.pad, ldc = p.n + p.pad;
  std::vector<float> a(a_rows * lda), b(b_rows * ldb), c0(p.m * ldc);
  for (auto& v : a) v = dist(rng);
  for (auto& v : b) v = dist(rng);
  for (auto& v : c0) v = p.beta == 0.0f ? NAN : dist(rng);
  std::vector<float> want = c0, got = c0;
  GemmRef<float>(p.ta, p.tb, p.m, p.n, p.k, p.alpha, a.data(), lda, b.data(), ldb, p.beta, want.data(), ldc);
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < p.n; ++j) {
      float& v = want[i * ldc + j];
      if (ep.row_bias) v += ep.row_bias[i];
      if (ep.col_bias) v += ep.col_bias[j];
      if (ep.residual) v += ep.residual[i * ep.ldr + j];
      ApplyActivation(ep.act, ep.act_alpha, ep.act_beta, &v, 1);
    }
  }
  switch (path) {
    case Path::kPlain:
      GemmF32(p.ta, p.tb, p.m, p.n, p.k, p.alpha, a.data(), lda, b.data(), ldb, p.beta, got.data(), ldc, ep, isa);
      break;
    case Path::kPackedA:
      GemmF32PackedA(PackGemmA(p.ta, p.m, p.k, a.data(), lda), p.tb, p.n, p.alpha, b.data(), ldb, p.beta,
                     got.data(), ldc, ep, isa);
      break;
    case Path::kPackedB:
      GemmF32PackedB(p.ta, p.m, p.alpha, a.data(), lda, PackGemmB(p.tb, p.k, p.n, b.data(), ldb), p.beta,
                     got.data(), ldc, ep, isa);
      break;
  }
  const float tol = 1e-5f * static_cast<float>(p.k + 4);
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < ldc; ++j) {
      const float g = got[i * ldc + j], w = want[i * ldc + j];
      const std::string where = "M=" + std::to_string(p.m) + " N=" + std::to_string(p.n) + " K=" +
                                std::to_string(p.k) + " ta=" + std::to_string(p.ta) + " tb=" +
                                std::to_string(p.tb) + " path=" + std::to_string(static_cast<int>(path)) +
                                " isa=" + IsaName(isa) + " at " + std::to_string(i) + "," + std::to_string(j);
      if (j >= p.n) {
        ASSERT_TRUE(std::isnan(g) ? std::isnan(c0[i * ldc + j]) : g == c0[i * ldc + j]) << "padding written, " << where;
      } else {
        ASSERT_NEAR(g, w, tol) << where;
      }
    }
  }
}

TEST(GemmF32, SizesAroundTilesAllPathsAndIsas) {
  // Below, at and above the 6x16 register tile, the 240-row M block and the 256-deep K block.
  const int64_t ms[] = {1, 5, 6, 7, 13, 241};
  const int64_t ns[] = {1, 15, 16, 17, 33};
  const int64_t ks[] = {0, 1, 7, 256, 257};
  for (Isa isa : TestedIsas()) {
    for (Path path : {Path::kPlain, Path::kPackedA, Path::kPackedB}) {
      for (int64_t m : ms) {
        for (int64_t n : ns) {
          for (int64_t k : ks) Check({m, n, k, false, false, 1.0f, 0.0f, 0}, path, isa);
        }
      }
    }
  }
}

TEST(GemmF32, TransposesAlphaBetaStrides) {
  for (Isa isa : TestedIsas()) {
    for (Path path : {Path::kPlain, Path::kPackedA, Path::kPackedB}) {
      for (bool ta : {false, true}) {
        for (bool tb : {false, true}) {
          Check({19, 37, 300, ta, tb, 0.5f, 0.0f, 3}, path, isa);
          Check({19, 37, 300, ta, tb, 1.0f, 1.0f, 2}, path, isa);
          Check({8, 70, 5, ta, tb, -2.0f, 0.25f, 1}, path, isa);
        }
      }
    }
  }
}

TEST(GemmF32, LargeModelShapes) {
  for (Isa isa : TestedIsas()) {
    Check({64, 3136, 27, false, false, 1.0f, 0.0f, 0}, Path::kPackedA, isa);
    Check({130, 49, 600, false, false, 1.0f, 0.0f, 0}, Path::kPlain, isa);
    Check({16, 200, 64, false, true, 1.0f, 0.0f, 0}, Path::kPackedB, isa);
  }
}

TEST(GemmF32, EpilogueBiasResidualActivations) {
  const int64_t m = 13, n = 35, k = 40;
  std::vector<float> row_bias(m), col_bias(n), residual(m * (n + 2));
  for (int64_t i = 0; i < m; ++i) row_bias[i] = 0.1f * static_cast<float>(i) - 0.6f;
  for (int64_t j = 0; j < n; ++j) col_bias[j] = 0.05f * static_cast<float>(j % 7) - 0.1f;
  for (size_t i = 0; i < residual.size(); ++i) residual[i] = std::sin(static_cast<float>(i));
  const struct {
    Activation act;
    float alpha, beta;
  } acts[] = {{Activation::kNone, 0, 0},         {Activation::kRelu, 0, 0},    {Activation::kLeakyRelu, 0.1f, 0},
              {Activation::kClip, -0.5f, 0.75f}, {Activation::kSigmoid, 0, 0}, {Activation::kHardSigmoid, 0.2f, 0.5f},
              {Activation::kHardSwish, 0, 0},    {Activation::kTanh, 0, 0}};
  for (Isa isa : TestedIsas()) {
    for (Path path : {Path::kPlain, Path::kPackedA, Path::kPackedB}) {
      for (const auto& a : acts) {
        GemmEpilogue ep;
        ep.row_bias = row_bias.data();
        ep.col_bias = col_bias.data();
        ep.residual = residual.data();
        ep.ldr = n + 2;
        ep.act = a.act;
        ep.act_alpha = a.alpha;
        ep.act_beta = a.beta;
        Check({m, n, k, false, false, 1.0f, 0.0f, 1}, path, isa, ep);
        Check({m, n, 300, false, false, 1.0f, 1.0f, 0}, path, isa, ep);
      }
    }
  }
}

// The own kernel splits only M and N among threads, so results are bit-identical for any thread count.
TEST(GemmF32, OwnKernelIndependentOfThreadCount) {
  const int64_t m = 100, n = 300, k = 700;
  std::vector<float> a(m * k), b(k * n);
  for (size_t i = 0; i < a.size(); ++i) a[i] = std::cos(static_cast<float>(i) * 0.37f);
  for (size_t i = 0; i < b.size(); ++i) b[i] = std::sin(static_cast<float>(i) * 0.11f);
  const PackedA pa = PackGemmA(false, m, k, a.data(), k);
  for (Isa isa : TestedIsas()) {
    const int saved = omp_get_max_threads();
    std::vector<float> one(m * n), many(m * n);
    omp_set_num_threads(1);
    GemmF32PackedA(pa, false, n, 1.0f, b.data(), n, 0.0f, one.data(), n, {}, isa);
    omp_set_num_threads(4);
    GemmF32PackedA(pa, false, n, 1.0f, b.data(), n, 0.0f, many.data(), n, {}, isa);
    omp_set_num_threads(saved);
    EXPECT_EQ(one, many) << IsaName(isa);
  }
}

}  // namespace
}  // namespace minnow::kernels
