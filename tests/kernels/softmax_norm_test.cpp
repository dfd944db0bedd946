// SoftmaxRef and the normalization kernels against straightforward formulas, including strided
// (inner > 1) softmax axes and inputs large enough to overflow a naive exp.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/norm.h"
#include "kernels/softmax.h"

namespace minnow::kernels {
namespace {

TEST(SoftmaxRef, StridedAxisMatchesFormula) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> dist(-5.0, 5.0);
  const int64_t outer = 3, axis = 4, inner = 5;
  std::vector<double> x(outer * axis * inner);
  for (auto& v : x) v = dist(rng) + 500.0;  // exp(505) overflows double without the max shift
  std::vector<double> y(x.size()), ly(x.size());
  SoftmaxRef<double>(outer, axis, inner, x.data(), y.data(), false);
  SoftmaxRef<double>(outer, axis, inner, x.data(), ly.data(), true);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      double sum = 0;
      for (int64_t a = 0; a < axis; ++a) sum += std::exp(x[(o * axis + a) * inner + i] - 500.0);
      for (int64_t a = 0; a < axis; ++a) {
        const int64_t k = (o * axis + a) * inner + i;
        const double want = std::exp(x[k] - 500.0) / sum;
        EXPECT_NEAR(y[k], want, 1e-12);
        EXPECT_NEAR(ly[k], std::log(want), 1e-10);
      }
    }
}

TEST(NormRef, LayerAndInstanceNormMatchFormula) {
  const std::vector<float> x = {1, 2, 3, 4, -1, 0, 1, 10};
  const std::vector<float> scale = {1, 2, 1, 0.5f}, bias = {0, 1, 0, -1};
  std::vector<float> y(8), mean(2), inv(2);
  LayerNormRef<float>(2, 4, x.data(), scale.data(), bias.data(), 1e-5f, y.data(), mean.data(), inv.data());
  for (int r = 0; r < 2; ++r) {
    double m = 0, v = 0;
    for (int i = 0; i < 4; ++i) m += x[r * 4 + i] / 4.0;
    for (int i = 0; i < 4; ++i) v += (x[r * 4 + i] - m) * (x[r * 4 + i] - m) / 4.0;
    EXPECT_NEAR(mean[r], m, 1e-5);
    EXPECT_NEAR(inv[r], 1 / std::sqrt(v + 1e-5), 1e-5);
    for (int i = 0; i < 4; ++i) {
      EXPECT_NEAR(y[r * 4 + i], (x[r * 4 + i] - m) / std::sqrt(v + 1e-5) * scale[i] + bias[i], 1e-5);
    }
  }
  // Instance norm of [N=1, C=2, 4]: each channel row normalised, then channel scale/bias.
  std::vector<float> yi(8);
  const std::vector<float> cs = {2, 3}, cb = {1, -1};
  InstanceNormRef<float>(1, 2, 4, x.data(), cs.data(), cb.data(), 1e-5f, yi.data());
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 4; ++i) {
      const float norm = (y[c * 4 + i] - bias[i]) / scale[i];  // layer norm without affine = same rows
      EXPECT_NEAR(yi[c * 4 + i], norm * cs[c] + cb[c], 1e-4);
    }
}

TEST(NormRef, BatchNormTrainingUsesBatchStatistics) {
  // [N=2, C=1, 2]: batch mean 2.5, variance 1.25.
  const std::vector<float> x = {1, 2, 3, 4}, one = {1}, zero = {0};
  std::vector<float> y(4), m(1), v(1);
  BatchNormTrainingRef<float>(2, 1, 2, x.data(), one.data(), zero.data(), 0.0f, y.data(), m.data(), v.data());
  EXPECT_FLOAT_EQ(m[0], 2.5f);
  EXPECT_FLOAT_EQ(v[0], 1.25f);
  EXPECT_NEAR(y[0], -1.5 / std::sqrt(1.25), 1e-6);
  std::vector<float> yi(4);
  BatchNormInferenceRef<float>(2, 1, 2, x.data(), one.data(), zero.data(), m.data(), v.data(), 0.0f, yi.data());
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(yi[i], y[i], 1e-6);
}

}  // namespace
}  // namespace minnow::kernels
