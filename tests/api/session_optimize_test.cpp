// SessionOptions::optimize runs the pass pipeline at load; outputs must match the graph as exported.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "minnow/minnow.h"

namespace minnow {
namespace {

Tensor SeededInput(const Shape& shape) {
  Tensor t(DataType::kFloat32, shape);
  uint32_t state = 12345;
  for (int64_t i = 0; i < t.numel(); ++i) {
    state = state * 1664525u + 1013904223u;
    t.data<float>()[i] = static_cast<float>(state >> 8) / static_cast<float>(1u << 24);
  }
  return t;
}

TEST(SessionOptimize, PaddleOcrClassifierKeepsItsOutputs) {
  const std::string model = std::string(MINNOW_SOURCE_DIR) + "/models/ch_ppocr_mobile_v2.0_cls_infer.onnx";
  const Tensor x = SeededInput({1, 3, 48, 192});
  auto plain = Session::LoadFile(model);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  SessionOptions options;
  options.optimize = true;
  options.input_shapes["x"] = {1, 3, 48, 192};
  auto optimized = Session::LoadFile(model, options);
  ASSERT_TRUE(optimized.ok()) << optimized.status().ToString();
  EXPECT_EQ((*optimized)->inputs()[0].shape, (std::vector<int64_t>{1, 3, 48, 192}));

  auto want = (*plain)->Run({{"x", x}});
  auto got = (*optimized)->Run({{"x", x}});
  ASSERT_TRUE(want.ok() && got.ok());
  const Tensor& a = (*want)[0].tensor;
  const Tensor& b = (*got)[0].tensor;
  ASSERT_EQ(a.shape(), b.shape());
  float max_abs = 0, max_diff = 0;
  for (int64_t i = 0; i < a.numel(); ++i) {
    max_abs = std::max(max_abs, std::fabs(a.data<float>()[i]));
    max_diff = std::max(max_diff, std::fabs(a.data<float>()[i] - b.data<float>()[i]));
  }
  EXPECT_LE(max_diff, 1e-4f * max_abs);

  // The second Run is served from the memory plan, fused ops included: same bits as the first.
  RunStats stats;
  auto again = (*optimized)->Run({{"x", x}}, {}, &stats);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(stats.memory_planned);
  const Tensor& c = (*again)[0].tensor;
  ASSERT_EQ(c.nbytes(), b.nbytes());
  EXPECT_EQ(std::memcmp(c.raw_data(), b.raw_data(), b.nbytes()), 0);

  // The fixed input now only accepts its shape.
  EXPECT_FALSE((*optimized)->Run({{"x", SeededInput({1, 3, 48, 96})}}).ok());
}

TEST(SessionOptimize, InputShapesWithoutOptimizeIsAnError) {
  SessionOptions options;
  options.input_shapes["x"] = {1, 3, 48, 192};
  auto s = Session::LoadFile(std::string(MINNOW_SOURCE_DIR) + "/models/ch_ppocr_mobile_v2.0_cls_infer.onnx", options);
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace minnow
