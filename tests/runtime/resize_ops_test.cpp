// Tests of Resize/Upsample against hand-computed results for each coordinate transformation mode,
// nearest rounding mode and opset form.
#include <gtest/gtest.h>

#include "tests/runtime/single_node.h"

namespace minnow::testing {
namespace {

void ExpectNear(const Tensor& t, const std::vector<float>& want) {
  ASSERT_EQ(t.numel(), static_cast<int64_t>(want.size()));
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(t.data<float>()[i], want[i], 1e-5) << "element " << i;
}

// Resize-13 of the 2x2 image [[1, 2], [3, 4]] to 4x4 with linear interpolation.
Expected<std::vector<Tensor>> Linear2x2To4x4(const std::string& coordinate_mode) {
  return RunSingleNode("Resize", 13,
                       {F32({1, 1, 2, 2}, {1, 2, 3, 4}), Tensor(), Tensor(), I64({4}, {1, 1, 4, 4})},
                       {{"mode", Str("linear")}, {"coordinate_transformation_mode", Str(coordinate_mode)}});
}

TEST(ResizeOps, LinearHalfPixel) {
  // x_original = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25; outside coordinates clamp to the edge.
  auto r = Linear2x2To4x4("half_pixel");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear((*r)[0], {1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4});
}

TEST(ResizeOps, LinearAlignCorners) {
  // x_original = x * (2 - 1) / (4 - 1).
  auto r = Linear2x2To4x4("align_corners");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const float t = 1.0f / 3, u = 2.0f / 3;
  ExpectNear((*r)[0], {1, 1 + t, 1 + u, 2, 1 + 2 * t, 1 + 2 * t + t, 1 + 2 * t + u, 2 + 2 * t, 1 + 2 * u,
                       1 + 2 * u + t, 1 + 2 * u + u, 2 + 2 * u, 3, 3 + t, 3 + u, 4});
}

TEST(ResizeOps, LinearAsymmetric) {
  // x_original = x / 2 = 0, 0.5, 1, 1.5.
  auto r = Linear2x2To4x4("asymmetric");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear((*r)[0], {1, 1.5, 2, 2, 2, 2.5, 3, 3, 3, 3.5, 4, 4, 3, 3.5, 4, 4});
}

TEST(ResizeOps, PytorchHalfPixelDiffersForSingleOutput) {
  const Tensor x = F32({4}, {1, 2, 3, 4});
  auto half = RunSingleNode("Resize", 13, {x, Tensor(), Tensor(), I64({1}, {1})},
                            {{"mode", Str("linear")}, {"coordinate_transformation_mode", Str("half_pixel")}});
  auto torch = RunSingleNode("Resize", 13, {x, Tensor(), Tensor(), I64({1}, {1})},
                             {{"mode", Str("linear")}, {"coordinate_transformation_mode", Str("pytorch_half_pixel")}});
  ASSERT_TRUE(half.ok() && torch.ok());
  ExpectNear((*half)[0], {2.5f});  // (0 + 0.5) / 0.25 - 0.5 = 1.5
  ExpectNear((*torch)[0], {1.0f});  // -0.5, clamped to the first element
}

TEST(ResizeOps, NearestModes) {
  const Tensor x = F32({4}, {10, 20, 30, 40});
  auto run = [&](int64_t size, const std::string& nearest_mode) {
    auto r = RunSingleNode("Resize", 13, {x, Tensor(), Tensor(), I64({1}, {size})},
                           {{"coordinate_transformation_mode", Str("asymmetric")}, {"nearest_mode", Str(nearest_mode)}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? Values<float>((*r)[0]) : std::vector<float>{};
  };
  // x_original = x / 0.75 = 0, 1.33, 2.67.
  EXPECT_EQ(run(3, "round_prefer_floor"), (std::vector<float>{10, 20, 40}));
  EXPECT_EQ(run(3, "floor"), (std::vector<float>{10, 20, 30}));
  EXPECT_EQ(run(3, "ceil"), (std::vector<float>{10, 30, 40}));
  // x_original = x / 2 has exact halves, where the two round modes differ.
  EXPECT_EQ(run(8, "round_prefer_floor"), (std::vector<float>{10, 10, 20, 20, 30, 30, 40, 40}));
  EXPECT_EQ(run(8, "round_prefer_ceil"), (std::vector<float>{10, 20, 20, 30, 30, 40, 40, 40}));
}

TEST(ResizeOps, TfCropAndResizeExtrapolates) {
  // x_original = 0.5 * 3 + x * 1 * 3 / 2 = 1.5, 3, 4.5 (outside -> extrapolation_value).
  auto r = RunSingleNode("Resize", 13, {F32({4}, {10, 20, 30, 40}), F32({2}, {0.5f, 1.5f}), Tensor(), I64({1}, {3})},
                         {{"mode", Str("linear")},
                          {"coordinate_transformation_mode", Str("tf_crop_and_resize")},
                          {"extrapolation_value", Float(7)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear((*r)[0], {25, 40, 7});
}

TEST(ResizeOps, CubicKeepsInputAtScaleOne) {
  const Tensor x = F32({2, 3}, {1, 5, 2, 8, 3, 7});
  auto r = RunSingleNode("Resize", 13, {x, Tensor(), F32({2}, {1, 1})}, {{"mode", Str("cubic")}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear((*r)[0], Values<float>(x));
}

TEST(ResizeOps, OlderOpsetsUseAsymmetricSampling) {
  auto r = RunSingleNode("Upsample", 7, {F32({1, 2}, {1, 2})}, {{"scales", Floats({1, 2})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear((*r)[0], {1, 1, 2, 2});
  r = RunSingleNode("Upsample", 9, {F32({1, 2}, {1, 2}), F32({2}, {1, 2})}, {{"mode", Str("linear")}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear((*r)[0], {1, 1.5, 2, 2});
  r = RunSingleNode("Resize", 10, {F32({2}, {1, 2}), F32({1}, {2})}, {{"mode", Str("linear")}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear((*r)[0], {1, 1.5, 2, 2});
  // Resize-11 takes roi, scales and sizes; an empty scales tensor defers to sizes.
  r = RunSingleNode("Resize", 11, {F32({2}, {1, 2}), F32({0}, {}), F32({0}, {}), I64({1}, {4})},
                    {{"coordinate_transformation_mode", Str("asymmetric")}, {"nearest_mode", Str("floor")}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear((*r)[0], {1, 1, 2, 2});
}

TEST(ResizeOps, LinearHalfPrecision) {
  const Tensor x = Tensor::FromVector<uint16_t>(DataType::kFloat16, {2}, {FloatToHalf(1), FloatToHalf(2)});
  auto r = RunSingleNode("Resize", 13, {x, Tensor(), F32({1}, {2})},
                         {{"mode", Str("linear")}, {"coordinate_transformation_mode", Str("asymmetric")}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].dtype(), DataType::kFloat16);
  std::vector<double> got;
  for (int64_t i = 0; i < (*r)[0].numel(); ++i) got.push_back((*r)[0].GetAsDouble(i));
  EXPECT_EQ(got, (std::vector<double>{1, 1.5, 2, 2}));
}

TEST(ResizeOps, RejectsBadScalesAndSizes) {
  const Tensor x = F32({2}, {1, 2});
  EXPECT_FALSE(RunSingleNode("Resize", 13, {x, Tensor(), F32({1}, {-2})}).ok());
  EXPECT_FALSE(RunSingleNode("Resize", 13, {x, Tensor(), F32({1}, {1e30f})}).ok());
  EXPECT_FALSE(RunSingleNode("Resize", 13, {x, Tensor(), F32({2}, {1, 1})}).ok());       // wrong rank
  EXPECT_FALSE(RunSingleNode("Resize", 13, {x, Tensor(), F32({1}, {2}), I64({1}, {4})}).ok());  // both
  EXPECT_FALSE(RunSingleNode("Resize", 13, {x, Tensor(), Tensor(), I64({1}, {-4})}).ok());
  EXPECT_FALSE(RunSingleNode("Resize", 13, {x}).ok());
  EXPECT_FALSE(RunSingleNode("Resize", 13, {x, Tensor(), F32({1}, {2})}, {{"mode", Str("bogus")}}).ok());
}

}  // namespace
}  // namespace minnow::testing
