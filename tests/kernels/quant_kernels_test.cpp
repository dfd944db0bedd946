// Tests of the quantization reference kernels: rounding, saturation, per-axis layouts, the
// integer GEMM's exact int32 accumulation, im2col padding and DynamicQuantizeLinear's formula.
#include <gtest/gtest.h>

#include <random>

#include "kernels/quant.h"
#include "kernels/quant_gemm.h"
#include "kernels/quant_im2col.h"

namespace minnow::kernels {
namespace {

TEST(QuantKernels, SaturateRoundIsHalfToEvenAndClamps) {
  EXPECT_EQ(SaturateRound<uint8_t>(2.5f), 2);
  EXPECT_EQ(SaturateRound<uint8_t>(3.5f), 4);
  EXPECT_EQ(SaturateRound<int8_t>(-2.5f), -2);
  EXPECT_EQ(SaturateRound<int8_t>(-3.5f), -4);
  EXPECT_EQ(SaturateRound<uint8_t>(-7.0f), 0);
  EXPECT_EQ(SaturateRound<uint8_t>(300.0f), 255);
  EXPECT_EQ(SaturateRound<int8_t>(-1e30f), -128);
  EXPECT_EQ(SaturateRound<int8_t>(std::numeric_limits<float>::infinity()), 127);
  EXPECT_EQ(SaturateRound<int8_t>(std::nanf("")), 0);
}

TEST(QuantKernels, QuantizePerAxisUsesEachChannelsScaleAndZeroPoint) {
  // Shape [2 (outer), 2 (channels), 2 (inner)].
  const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<float> scale = {1.0f, 2.0f};
  const std::vector<int8_t> zp = {0, -10};
  AxisLayout l{2, 2, 2, 1, 1};
  std::vector<int8_t> y(8);
  QuantizeLinear<float, int8_t>(x.data(), l, scale.data(), zp.data(), y.data());
  // channel 1: round(3/2)=2 -> -8, round(4/2)=2 -> -8, round(7/2)=4 -> -6, round(8/2)=4 -> -6.
  EXPECT_EQ(y, (std::vector<int8_t>{1, 2, -8, -8, 5, 6, -6, -6}));
  std::vector<float> back(8);
  DequantizeLinear<int8_t>(y.data(), l, scale.data(), zp.data(), back.data());
  EXPECT_EQ(back, (std::vector<float>{1, 2, 4, 4, 5, 6, 8, 8}));
}

TEST(QuantKernels, RequantizeRoundsThenAddsZeroPointAndSaturates) {
  EXPECT_EQ(Requantize<uint8_t>(5, 0.5f, 10), 12);   // 2.5 -> 2, + 10
  EXPECT_EQ(Requantize<uint8_t>(7, 0.5f, 10), 14);   // 3.5 -> 4, + 10
  EXPECT_EQ(Requantize<int8_t>(1000, 1.0f, 0), 127);
  EXPECT_EQ(Requantize<int8_t>(-1000, 1.0f, 5), -128);
}

TEST(QuantKernels, IntegerGemmMatchesNaiveWithPerRowAndColumnZeroPoints) {
  std::mt19937 rng(7);
  const int64_t M = 5, N = 7, K = 9;
  std::vector<uint8_t> a(M * K);
  std::vector<int8_t> b(K * N);
  for (auto& v : a) v = static_cast<uint8_t>(rng() % 256);
  for (auto& v : b) v = static_cast<int8_t>(static_cast<int>(rng() % 256) - 128);
  std::vector<int32_t> azp(M), bzp(N);
  for (auto& v : azp) v = static_cast<int32_t>(rng() % 256);
  for (auto& v : bzp) v = static_cast<int32_t>(rng() % 256) - 128;
  std::vector<int32_t> c(M * N);
  IntegerGemm<uint8_t, int8_t>(M, N, K, a.data(), K, azp.data(), 1, b.data(), N, bzp.data(), 1, c.data(), N);
  for (int64_t m = 0; m < M; ++m) {
    for (int64_t n = 0; n < N; ++n) {
      int64_t ref = 0;
      for (int64_t k = 0; k < K; ++k) ref += (int64_t{a[m * K + k]} - azp[m]) * (int64_t{b[k * N + n]} - bzp[n]);
      EXPECT_EQ(c[m * N + n], ref) << m << "," << n;
    }
  }
}

TEST(QuantKernels, IntegerGemmWrapsLikeInt32) {
  // 70000 products of 255*255 exceed int32; the result must be the value modulo 2^32.
  const int64_t K = 70000;
  std::vector<uint8_t> a(K, 255), b(K, 255);
  const int32_t zero = 0;
  int32_t c = 0;
  IntegerGemm<uint8_t, uint8_t>(1, 1, K, a.data(), K, &zero, 0, b.data(), 1, &zero, 0, &c, 1);
  const int64_t exact = K * 255 * 255;
  EXPECT_EQ(c, static_cast<int32_t>(static_cast<uint32_t>(exact)));
}

TEST(QuantKernels, Im2ColFillsPaddingWithZeroPoint) {
  // One channel 2x2, kernel 2x2, pads 1 on every side, stride 2 -> output 2x2.
  const std::vector<uint8_t> x = {1, 2, 3, 4};
  ConvGeometry g{{2, 2}, {2, 2}, {2, 2}, {2, 2}, {1, 1}, {1, 1, 1, 1}};
  std::vector<uint8_t> col(4 * 4);
  Im2Col<uint8_t>(x.data(), 1, g, 9, col.data());
  // Row k = kernel tap (kh, kw); columns = output positions (0,0) (0,1) (1,0) (1,1).
  EXPECT_EQ(col, (std::vector<uint8_t>{9, 9, 9, 4,  //
                                        9, 9, 3, 9,  //
                                        9, 2, 9, 9,  //
                                        1, 9, 9, 9}));
}

TEST(QuantKernels, DynamicQuantParamsFollowTheSpecFormula) {
  const std::vector<float> x = {-1.0f, 0.5f, 3.0f};
  DynamicQuantParams p = ComputeDynamicQuantParams(x.data(), 3);
  EXPECT_FLOAT_EQ(p.scale, 4.0f / 255.0f);
  EXPECT_EQ(p.zero_point, 64);  // round(1 / (4/255)) = round(63.75)
  const std::vector<float> pos = {2.0f, 5.1f};  // range includes 0 -> zero point 0
  p = ComputeDynamicQuantParams(pos.data(), 2);
  EXPECT_EQ(p.zero_point, 0);
  const std::vector<float> zeros = {0.0f, 0.0f};
  p = ComputeDynamicQuantParams(zeros.data(), 2);
  EXPECT_EQ(p.scale, 1.0f);
  EXPECT_EQ(p.zero_point, 0);
}

}  // namespace
}  // namespace minnow::kernels
