// Tests of the Resize coordinate transforms and sampling taps.
#include <gtest/gtest.h>

#include "kernels/resize.h"

namespace minnow::kernels {
namespace {

TEST(ResizeKernel, CoordinateTransforms) {
  const ResizeAxis a{4, 8, 2.0, 0.0, 1.0};
  EXPECT_DOUBLE_EQ(ResizeOriginalCoordinate(3, a, ResizeCoordinateMode::kHalfPixel), 1.25);
  EXPECT_DOUBLE_EQ(ResizeOriginalCoordinate(3, a, ResizeCoordinateMode::kPytorchHalfPixel), 1.25);
  EXPECT_DOUBLE_EQ(ResizeOriginalCoordinate(3, a, ResizeCoordinateMode::kAsymmetric), 1.5);
  EXPECT_DOUBLE_EQ(ResizeOriginalCoordinate(3, a, ResizeCoordinateMode::kTfHalfPixelForNn), 1.75);
  EXPECT_DOUBLE_EQ(ResizeOriginalCoordinate(7, a, ResizeCoordinateMode::kAlignCorners), 3.0);
  const ResizeAxis crop{5, 3, 0.6, 0.25, 0.75};
  // start*(in-1) + x*(end-start)*(in-1)/(out-1) = 1 + x * 1.
  EXPECT_DOUBLE_EQ(ResizeOriginalCoordinate(2, crop, ResizeCoordinateMode::kTfCropAndResize), 3.0);
  // align_corners divides by scale*in - 1, which is fractional for scales like 0.6 (as the ONNX reference).
  const ResizeAxis down{4, 2, 0.6, 0.0, 1.0};
  EXPECT_NEAR(ResizeOriginalCoordinate(1, down, ResizeCoordinateMode::kAlignCorners), 3.0 / 1.4, 1e-12);
}

TEST(ResizeKernel, CubicTapsReproduceLinearFunctions) {
  // Keys' cubic convolution reproduces linear functions only for a = -0.5 (for any a the weights
  // still sum to one).
  ResizeOptions opt;
  opt.mode = ResizeInterpolation::kCubic;
  opt.cubic_coeff_a = -0.5;
  opt.coordinate_mode = ResizeCoordinateMode::kAsymmetric;
  const ResizeAxis a{16, 37, 37.0 / 16.0, 0.0, 1.0};
  const ResizeTaps taps = ResizeInterpolationTaps(a, opt);
  ASSERT_EQ(taps.taps, 4);
  // Away from the edges, weights sum to one and interpolate f(i) = i exactly.
  for (int64_t j = 5; j < 30; ++j) {
    double sum = 0, f = 0;
    for (int k = 0; k < 4; ++k) {
      sum += taps.weight[j * 4 + k];
      f += taps.weight[j * 4 + k] * static_cast<double>(taps.index[j * 4 + k]);
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
    EXPECT_NEAR(f, j * 16.0 / 37.0, 1e-12);
  }
}

TEST(ResizeKernel, ExcludeOutsideRenormalises) {
  ResizeOptions opt;
  opt.mode = ResizeInterpolation::kCubic;
  opt.exclude_outside = true;
  const ResizeAxis a{4, 8, 2.0, 0.0, 1.0};
  const ResizeTaps taps = ResizeInterpolationTaps(a, opt);
  // Output 0 samples at -0.25: taps -2..1, the two outside ones get no weight.
  double sum = 0;
  for (int k = 0; k < 4; ++k) {
    EXPECT_GE(taps.index[k], 0);
    sum += taps.weight[k];
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_EQ(taps.weight[0], 0.0);
  EXPECT_EQ(taps.weight[1], 0.0);
}

TEST(ResizeKernel, NearestSimpleModeAndExtrapolation) {
  ResizeOptions opt;
  opt.coordinate_mode = ResizeCoordinateMode::kAsymmetric;
  opt.nearest_mode = ResizeNearestMode::kSimple;
  // Upsampling truncates, downsampling rounds up (pre-opset-11 behaviour).
  EXPECT_EQ(ResizeNearestIndices({3, 7, 7.0 / 3.0, 0, 1}, opt), (std::vector<int64_t>{0, 0, 0, 1, 1, 2, 2}));
  EXPECT_EQ(ResizeNearestIndices({5, 2, 0.4, 0, 1}, opt), (std::vector<int64_t>{0, 3}));
  opt.coordinate_mode = ResizeCoordinateMode::kTfCropAndResize;
  opt.nearest_mode = ResizeNearestMode::kRoundPreferFloor;
  // Samples at 1.5 (rounds down), 3 and 4.5 (outside the input).
  EXPECT_EQ(ResizeNearestIndices({4, 3, 1.0, 0.5, 1.5}, opt), (std::vector<int64_t>{1, 3, -1}));
}

TEST(ResizeKernel, AxisPassLinear) {
  ResizeOptions opt;
  opt.mode = ResizeInterpolation::kLinear;
  opt.coordinate_mode = ResizeCoordinateMode::kAlignCorners;
  const ResizeTaps taps = ResizeInterpolationTaps({2, 3, 1.5, 0, 1}, opt);
  // [outer=1, in=2, inner=2] -> [1, 3, 2]
  const float in[] = {0, 10, 2, 20};
  float out[6];
  ResizeAxisPass<float>(in, out, 1, 2, 2, taps, 0.0);
  EXPECT_FLOAT_EQ(out[0], 0);
  EXPECT_FLOAT_EQ(out[1], 10);
  EXPECT_FLOAT_EQ(out[2], 1);
  EXPECT_FLOAT_EQ(out[3], 15);
  EXPECT_FLOAT_EQ(out[4], 2);
  EXPECT_FLOAT_EQ(out[5], 20);
}

}  // namespace
}  // namespace minnow::kernels
