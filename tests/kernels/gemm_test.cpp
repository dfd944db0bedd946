// GemmRef against a naive triple loop: odd sizes, all transpose combinations, alpha/beta, padded strides.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/gemm.h"

namespace minnow::kernels {
namespace {

template <typename T>
void NaiveGemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda, const T* B,
               int64_t ldb, T beta, T* C, int64_t ldc) {
  for (int64_t i = 0; i < M; ++i) {
    for (int64_t j = 0; j < N; ++j) {
      double acc = 0;
      for (int64_t k = 0; k < K; ++k) {
        const double a = ta ? A[k * lda + i] : A[i * lda + k];
        const double b = tb ? B[j * ldb + k] : B[k * ldb + j];
        acc += a * b;
      }
      const double c = beta == T(0) ? 0.0 : beta * static_cast<double>(C[i * ldc + j]);
      C[i * ldc + j] = static_cast<T>(alpha * acc + c);
    }
  }
}

struct Case {
  int64_t m, n, k;
};

template <typename T>
void CheckCase(const Case& c, bool ta, bool tb, T alpha, T beta, int64_t pad, std::mt19937& rng) {
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  // Stored shapes (with `pad` extra columns to exercise leading dimensions larger than the row).
  const int64_t a_rows = ta ? c.k : c.m, a_cols = ta ? c.m : c.k;
  const int64_t b_rows = tb ? c.n : c.k, b_cols = tb ? c.k : c.n;
  const int64_t lda = a_cols + pad, ldb = b_cols + pad, ldc = c.n + pad;
  std::vector<T> a(a_rows * lda), b(b_rows * ldb), c0(c.m * ldc);
  for (auto& v : a) v = static_cast<T>(dist(rng));
  for (auto& v : b) v = static_cast<T>(dist(rng));
  for (auto& v : c0) v = static_cast<T>(dist(rng));
  std::vector<T> got = c0, want = c0;
  GemmRef<T>(ta, tb, c.m, c.n, c.k, alpha, a.data(), lda, b.data(), ldb, beta, got.data(), ldc);
  NaiveGemm<T>(ta, tb, c.m, c.n, c.k, alpha, a.data(), lda, b.data(), ldb, beta, want.data(), ldc);
  const double tol = (sizeof(T) == 4 ? 1e-5 : 1e-12) * (c.k + 1);
  for (int64_t i = 0; i < c.m; ++i) {
    for (int64_t j = 0; j < ldc; ++j) {
      const T g = got[i * ldc + j], w = want[i * ldc + j];
      if (j >= c.n) {
        ASSERT_EQ(g, c0[i * ldc + j]) << "padding column written at " << i << "," << j;
      } else {
        ASSERT_NEAR(g, w, tol) << "M=" << c.m << " N=" << c.n << " K=" << c.k << " ta=" << ta << " tb=" << tb
                               << " at " << i << "," << j;
      }
    }
  }
}

TEST(GemmRef, MatchesNaiveForOddSizesAndTransposes) {
  std::mt19937 rng(42);
  const Case cases[] = {{1, 1, 1},  {1, 7, 3},   {5, 1, 9},    {3, 17, 1},  {7, 13, 11},
                        {33, 65, 17}, {64, 256, 256}, {67, 259, 300}, {130, 31, 513}, {5, 600, 7}};
  for (const Case& c : cases) {
    for (int ta = 0; ta < 2; ++ta) {
      for (int tb = 0; tb < 2; ++tb) {
        CheckCase<float>(c, ta, tb, 1.0f, 0.0f, 0, rng);
        CheckCase<float>(c, ta, tb, 0.5f, 2.0f, 3, rng);
        CheckCase<double>(c, ta, tb, -1.5, 1.0, 1, rng);
      }
    }
  }
}

TEST(GemmRef, ZeroBetaIgnoresGarbageInC) {
  std::vector<float> a = {1, 2, 3, 4}, b = {5, 6, 7, 8};
  std::vector<float> c(4, std::nanf(""));
  f32_gemm_ref(false, false, 2, 2, 2, 1.0f, a.data(), 2, b.data(), 2, 0.0f, c.data(), 2);
  EXPECT_EQ(c, (std::vector<float>{19, 22, 43, 50}));
}

TEST(GemmRef, EmptyInnerDimensionScalesC) {
  std::vector<float> c = {1, 2, 3};
  f32_gemm_ref(false, false, 1, 3, 0, 1.0f, nullptr, 1, nullptr, 3, 2.0f, c.data(), 3);
  EXPECT_EQ(c, (std::vector<float>{2, 4, 6}));
}

}  // namespace
}  // namespace minnow::kernels
