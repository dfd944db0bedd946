// Tests of the elementwise kernels: broadcast planning and loops, integer division and modulo,
// element conversions (f16/bf16 rounding, float -> int, bool).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "kernels/elementwise_binary.h"
#include "kernels/elementwise_broadcast.h"
#include "kernels/elementwise_cast.h"
#include "kernels/elementwise_unary.h"

namespace minnow::kernels {
namespace {

using Dims = std::vector<int64_t>;

// Naive broadcast add by multi-index, to check the collapsed loops against.
std::vector<int> NaiveAdd(const std::vector<int>& a, const Dims& as, const std::vector<int>& b, const Dims& bs,
                          const Dims& out) {
  int64_t n = 1;
  for (int64_t d : out) n *= d;
  std::vector<int> y(n);
  for (int64_t i = 0; i < n; ++i) {
    int64_t rem = i, oa = 0, ob = 0, sa = 1, sb = 1;
    for (int64_t d = static_cast<int64_t>(out.size()) - 1; d >= 0; --d) {
      const int64_t idx = rem % out[d];
      rem /= out[d];
      const int64_t da = d - static_cast<int64_t>(out.size() - as.size());
      const int64_t db = d - static_cast<int64_t>(out.size() - bs.size());
      if (da >= 0) {
        oa += (as[da] == 1 ? 0 : idx) * sa;
        sa *= as[da];
      }
      if (db >= 0) {
        ob += (bs[db] == 1 ? 0 : idx) * sb;
        sb *= bs[db];
      }
    }
    y[i] = a[oa] + b[ob];
  }
  return y;
}

std::vector<int> Iota(const Dims& s, int start) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  std::vector<int> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = start + static_cast<int>(i);
  return v;
}

TEST(ElementwiseBroadcast, MatchesNaiveOnAssortedShapes) {
  struct Case { Dims a, b, out; };
  const std::vector<Case> cases = {
      {{2, 3, 4}, {2, 3, 4}, {2, 3, 4}}, {{2, 3, 4}, {}, {2, 3, 4}},       {{}, {5}, {5}},
      {{2, 3, 4, 5}, {3, 1, 1}, {2, 3, 4, 5}}, {{3, 1}, {1, 4}, {3, 4}},   {{1, 3, 1, 5}, {2, 1, 4, 1}, {2, 3, 4, 5}},
      {{4}, {2, 3, 1}, {2, 3, 4}}, {{2, 1, 3}, {2, 1, 3}, {2, 1, 3}},     {{1, 1}, {1}, {1, 1}},
      {{0, 3}, {3}, {0, 3}},       {{2, 3, 1, 1}, {1, 1, 4, 5}, {2, 3, 4, 5}},
  };
  for (const auto& c : cases) {
    const auto a = Iota(c.a, 1), b = Iota(c.b, 100);
    std::vector<int> y(NaiveAdd(a, c.a, b, c.b, c.out).size(), -1);
    const BroadcastPlan plan = MakeBroadcastPlan(c.out, {c.a, c.b});
    BroadcastBinary(a.data(), b.data(), y.data(), plan, [](int x, int z) { return x + z; });
    EXPECT_EQ(y, NaiveAdd(a, c.a, b, c.b, c.out)) << ::testing::PrintToString(c.a) << " + "
                                                   << ::testing::PrintToString(c.b);
  }
}

TEST(ElementwiseBroadcast, CollapsesCommonCasesToOneInnerLoop) {
  const BroadcastPlan same = MakeBroadcastPlan({2, 3, 4}, {{2, 3, 4}, {2, 3, 4}});
  EXPECT_TRUE(same.outer_dims.empty());
  EXPECT_EQ(same.inner, 24);
  const BroadcastPlan scalar = MakeBroadcastPlan({2, 3, 4}, {{2, 3, 4}, {}});
  EXPECT_TRUE(scalar.outer_dims.empty());
  EXPECT_EQ(scalar.inner_stride, (Dims{1, 0}));
  // Per-channel bias: N x C x (H*W), bias constant along the inner loop.
  const BroadcastPlan bias = MakeBroadcastPlan({2, 3, 4, 5}, {{2, 3, 4, 5}, {3, 1, 1}});
  EXPECT_EQ(bias.outer_dims, (Dims{2, 3}));
  EXPECT_EQ(bias.inner, 20);
  EXPECT_EQ(bias.inner_stride, (Dims{1, 0}));
}

TEST(ElementwiseBroadcast, TernaryAndCopy) {
  const std::vector<uint8_t> cond = {1, 0};       // shape [2, 1]
  const std::vector<int> x = {1, 2, 3};           // shape [3]
  const std::vector<int> y = {-1};                // scalar
  std::vector<int> out(6);
  BroadcastTernary(cond.data(), x.data(), y.data(), out.data(), MakeBroadcastPlan({2, 3}, {{2, 1}, {3}, {}}),
                   [](uint8_t c, int a, int b) { return c ? a : b; });
  EXPECT_EQ(out, (std::vector<int>{1, 2, 3, -1, -1, -1}));
  std::vector<int> copy(6);
  BroadcastCopy(x.data(), copy.data(), MakeBroadcastPlan({2, 3}, {{3}}));
  EXPECT_EQ(copy, (std::vector<int>{1, 2, 3, 1, 2, 3}));
}

TEST(ElementwiseArithmetic, IntegerDivisionTruncatesAndNeverTraps) {
  const DivFn div;
  EXPECT_EQ(div(int32_t{7}, int32_t{2}), 3);
  EXPECT_EQ(div(int32_t{-7}, int32_t{2}), -3);
  EXPECT_EQ(div(int32_t{7}, int32_t{-2}), -3);
  EXPECT_EQ(div(int64_t{5}, int64_t{0}), 0);
  EXPECT_EQ(div(std::numeric_limits<int32_t>::min(), int32_t{-1}), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(div(uint8_t{200}, uint8_t{3}), 66);
  EXPECT_FLOAT_EQ(div(7.0f, 2.0f), 3.5f);
}

TEST(ElementwiseArithmetic, ModSignFollowsDivisorUnlessFmod) {
  EXPECT_EQ((ModFn{false}(int32_t{-7}, int32_t{3})), 2);
  EXPECT_EQ((ModFn{true}(int32_t{-7}, int32_t{3})), -1);
  EXPECT_EQ((ModFn{false}(int32_t{7}, int32_t{-3})), -2);
  EXPECT_EQ((ModFn{false}(int32_t{7}, int32_t{0})), 0);
  EXPECT_FLOAT_EQ((ModFn{true}(-7.5f, 2.0f)), -1.5f);
  EXPECT_FLOAT_EQ((ModFn{false}(-7.5f, 2.0f)), 0.5f);
}

TEST(ElementwiseArithmetic, IntegerPowerIsExactAndWraps) {
  const PowFn pow;
  EXPECT_EQ(pow(int64_t{3}, int64_t{39}), int64_t{4052555153018976267});
  EXPECT_EQ(pow(int32_t{2}, int32_t{-1}), 0);
  EXPECT_EQ(pow(int32_t{-1}, int32_t{-3}), -1);
  EXPECT_EQ(pow(uint8_t{2}, uint8_t{9}), 0);  // 512 wraps to 0
}

TEST(ElementwiseCast, HalfRoundsToNearestEvenWithoutDoubleRounding) {
  // 1 + 2^-11 is halfway between two halves: ties to the even one (1.0).
  EXPECT_EQ(ConvertValue<Half>(1.0f + std::ldexp(1.0f, -11)).bits, 0x3c00);
  // 1 + 3 * 2^-11 is halfway too, the even neighbour is above.
  EXPECT_EQ(ConvertValue<Half>(1.0f + 3 * std::ldexp(1.0f, -11)).bits, 0x3c02);
  // Just above halfway in double, but rounding to float first would land exactly on the tie.
  const double above_tie = 1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40);
  EXPECT_EQ(ConvertValue<Half>(above_tie).bits, 0x3c01);
  EXPECT_EQ(ConvertValue<Half>(1e6).bits, 0x7c00);  // overflow -> inf
  EXPECT_EQ(ConvertValue<double>(Half{0x3555}), static_cast<double>(HalfToFloat(0x3555)));
}

TEST(ElementwiseCast, BFloat16TruncatesLikeTheOnnxReference) {
  EXPECT_EQ(ConvertValue<BFloat16>(1.0f + std::ldexp(1.0f, -8) + std::ldexp(1.0f, -9)).bits, 0x3f80);
  EXPECT_TRUE(std::isnan(ConvertValue<float>(ConvertValue<BFloat16>(std::nanf("")))));
}

TEST(ElementwiseCast, FloatToIntTruncatesAndNeverOverflows) {
  EXPECT_EQ(ConvertValue<int32_t>(2.7f), 2);
  EXPECT_EQ(ConvertValue<int32_t>(-2.7), -2);
  EXPECT_EQ(ConvertValue<int64_t>(std::nan("")), 0);
  EXPECT_EQ(ConvertValue<int64_t>(1e30), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ConvertValue<int64_t>(-1e30f), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(ConvertValue<uint64_t>(1.5e19), uint64_t{15000000000000000000u});
  EXPECT_EQ(ConvertValue<uint8_t>(-1.0f), 255);
  EXPECT_EQ(ConvertValue<int8_t>(int32_t{300}), 44);
}

TEST(ElementwiseCast, BoolConversions) {
  EXPECT_TRUE(ConvertValue<Bool8>(0.5f).value());
  EXPECT_FALSE(ConvertValue<Bool8>(-0.0).value());
  EXPECT_TRUE(ConvertValue<Bool8>(std::nanf("")).value());
  EXPECT_TRUE(ConvertValue<Bool8>(int64_t{-3}).value());
  EXPECT_EQ(ConvertValue<float>(Bool8{7}), 1.0f);  // any nonzero byte is true
  EXPECT_EQ(ConvertValue<uint16_t>(Half{0x3c00}), 1);
  EXPECT_EQ(ConvertValue<Half>(Bool8{1}).bits, 0x3c00);
}

TEST(ElementwiseUnary, SpecialValues) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan((HardSigmoidFn{0.2f, 0.5f}(nan))));
  EXPECT_TRUE(std::isnan(HardSwishFn{}(nan)));
  EXPECT_TRUE(std::isnan(SignFn{}(nan)));
  EXPECT_TRUE(std::isnan(MaxFn{}(1.0f, nan)));
  EXPECT_TRUE(std::isnan(MinFn{}(nan, 1.0f)));
  EXPECT_EQ(RoundFn{}(2.5f), 2.0f);  // half to even
  EXPECT_EQ(RoundFn{}(-3.5), -4.0);
  EXPECT_EQ(SoftplusFn{}(1000.0f), 1000.0f);  // no overflow to inf
  EXPECT_FLOAT_EQ(SigmoidFn{}(-1000.0f), 0.0f);
  EXPECT_EQ(ReluFn{}(int8_t{-3}), 0);
  EXPECT_EQ(AbsFn{}(std::numeric_limits<int32_t>::min()), std::numeric_limits<int32_t>::min());  // wraps
  EXPECT_EQ(SignFn{}(int64_t{-9}), -1);
}

}  // namespace
}  // namespace minnow::kernels
