// Neural-network operators through the Executor: opset-dependent Softmax semantics, MatMul/Gemm
// broadcasting, pooling options, normalization outputs, and rejection of malformed Conv models.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/runtime/nn_test_util.h"

namespace minnow::runtime::testing {
namespace {

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want, float tol = 1e-5f) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "at " << i;
}

// Softmax of `v` split into consecutive groups of `group` values.
std::vector<float> GroupSoftmax(const std::vector<float>& v, size_t group, bool log) {
  std::vector<float> out(v.size());
  for (size_t s = 0; s < v.size(); s += group) {
    double sum = 0;
    for (size_t i = s; i < s + group; ++i) sum += std::exp(v[i]);
    for (size_t i = s; i < s + group; ++i) out[i] = log ? static_cast<float>(v[i] - std::log(sum)) : std::exp(v[i]) / sum;
  }
  return out;
}

const std::vector<float> kCube = {0.1f, 1.2f, -0.3f, 2.0f, 0.5f, -1.0f, 3.0f, 0.0f};  // shape 2x2x2

TEST(SoftmaxOp, Opset11CoercesTo2DAtAxis) {
  for (bool log : {false, true}) {
    const std::string op = log ? "LogSoftmax" : "Softmax";
    // Default axis 1: rows are the last 4 elements (dims 1 and 2 flattened).
    auto r = RunOneNode({op, 11, {}, {F32({2, 2, 2}, kCube)}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ExpectNear(Values((*r)[0]), GroupSoftmax(kCube, 4, log));
    // axis 0: the whole tensor is one row.
    r = RunOneNode({op, 11, {{"axis", Int(0)}}, {F32({2, 2, 2}, kCube)}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ExpectNear(Values((*r)[0]), GroupSoftmax(kCube, 8, log));
  }
}

TEST(SoftmaxOp, Opset13NormalizesOneAxis) {
  for (bool log : {false, true}) {
    const std::string op = log ? "LogSoftmax" : "Softmax";
    // Default axis -1: groups of 2 along the last dim.
    auto r = RunOneNode({op, 13, {}, {F32({2, 2, 2}, kCube)}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ExpectNear(Values((*r)[0]), GroupSoftmax(kCube, 2, log));
    // axis 1 alone (not flattened with axis 2): pairs (0,2), (1,3), (4,6), (5,7).
    r = RunOneNode({op, 13, {{"axis", Int(1)}}, {F32({2, 2, 2}, kCube)}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const std::vector<float> got = Values((*r)[0]);
    for (int pair : {0, 1, 4, 5}) {
      const auto want = GroupSoftmax({kCube[pair], kCube[pair + 2]}, 2, log);
      EXPECT_NEAR(got[pair], want[0], 1e-5f);
      EXPECT_NEAR(got[pair + 2], want[1], 1e-5f);
    }
  }
}

TEST(SoftmaxOp, RejectsAxisOutOfRange) {
  auto r = RunOneNode({"Softmax", 13, {{"axis", Int(3)}}, {F32({2, 2, 2}, kCube)}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Softmax 'n0'"), std::string::npos) << r.status().message();
}

TEST(MatMulOp, OneDimensionalOperandsAndBroadcastBatches) {
  // [3] x [3, 2] -> [2]
  auto r = RunOneNode({"MatMul", 13, {}, {F32({3}, {1, 2, 3}), F32({3, 2}, {1, 2, 3, 4, 5, 6})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), Shape({2}));
  ExpectNear(Values((*r)[0]), {22, 28});
  // [2, 3] x [3] -> [2]
  r = RunOneNode({"MatMul", 13, {}, {F32({2, 3}, {1, 2, 3, 4, 5, 6}), F32({3}, {1, 0, -1})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {-2, -2});
  // [2, 1, 1, 2] x [3, 2, 1] -> [2, 3, 1, 1]: batch dims broadcast to [2, 3].
  r = RunOneNode({"MatMul", 13, {}, {F32({2, 1, 1, 2}, {1, 2, 3, 4}), F32({3, 2, 1}, {1, 1, 0, 1, 2, 0})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), Shape({2, 3, 1, 1}));
  ExpectNear(Values((*r)[0]), {3, 2, 2, 7, 4, 6});
  r = RunOneNode({"MatMul", 13, {}, {F32({2, 3}, {1, 2, 3, 4, 5, 6}), F32({2, 3}, {1, 2, 3, 4, 5, 6})}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("MatMul 'n0'"), std::string::npos) << r.status().message();
}

TEST(GemmOp, BroadcastsCAndHandlesTransposes) {
  const Tensor a = F32({3, 2}, {1, 2, 3, 4, 5, 6});  // transA -> 2x3
  const Tensor b = F32({2, 3}, {1, 0, 1, 0, 1, 1});  // transB -> 3x2
  // A^T * B^T = [[1+5, 3+5], [2+6, 4+6]] = [[6, 8], [8, 10]]
  std::map<std::string, ir::Attribute> attrs = {{"transA", Int(1)}, {"transB", Int(1)}, {"alpha", Float(2.0f)},
                                                {"beta", Float(0.5f)}};
  auto r = RunOneNode({"Gemm", 13, attrs, {a, b, F32({2, 1}, {10, 20})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {17, 21, 26, 30});
  r = RunOneNode({"Gemm", 13, attrs, {a, b}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {12, 16, 16, 20});
  r = RunOneNode({"Gemm", 13, attrs, {a, b, F32({3}, {1, 2, 3})}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cannot be broadcast"), std::string::npos) << r.status().message();
}

TEST(MaxPoolOp, IndicesInBothStorageOrders) {
  // 1x1x2x3, kernel 2x2 stride 1 -> 1x1x1x2
  const Tensor x = F32({1, 1, 2, 3}, {1, 9, 2, 8, 3, 7});
  auto r = RunOneNode({"MaxPool", 12, {{"kernel_shape", Ints({2, 2})}}, {x}, 2});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {9, 9});
  EXPECT_EQ((*r)[1].data<int64_t>()[0], 1);  // row-major (0, 1)
  EXPECT_EQ((*r)[1].data<int64_t>()[1], 1);
  r = RunOneNode({"MaxPool", 12, {{"kernel_shape", Ints({2, 2})}, {"storage_order", Int(1)}}, {x}, 2});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[1].data<int64_t>()[0], 2);  // column-major (0, 1) -> 1 * 2 + 0
}

TEST(AveragePoolOp, CountIncludePadChangesDivisor) {
  const Tensor x = F32({1, 1, 1, 2}, {2, 4});
  std::map<std::string, ir::Attribute> attrs = {{"kernel_shape", Ints({1, 2})}, {"pads", Ints({0, 1, 0, 1})}};
  auto r = RunOneNode({"AveragePool", 11, attrs, {x}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {2, 3, 4});
  attrs["count_include_pad"] = Int(1);
  r = RunOneNode({"AveragePool", 11, attrs, {x}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {1, 3, 2});
}

TEST(LayerNormOp, WritesMeanAndInvStdDev) {
  const Tensor x = F32({2, 2}, {1, 3, 2, 6});
  auto r = RunOneNode({"LayerNormalization", 17, {{"epsilon", Float(0.0f)}}, {x, F32({2}, {1, 2}), F32({1}, {10})}, 3});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {9, 12, 9, 12});
  EXPECT_EQ((*r)[1].shape(), Shape({2, 1}));
  ExpectNear(Values((*r)[1]), {2, 4});
  ExpectNear(Values((*r)[2]), {1, 0.5f});
  // Scale with extra leading 1s, no bias.
  r = RunOneNode({"LayerNormalization", 17, {{"epsilon", Float(0.0f)}}, {x, F32({1, 1, 2}, {1, 2})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {-1, 2, -1, 2});
  r = RunOneNode({"LayerNormalization", 17, {}, {x, F32({3}, {1, 2, 3})}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("LayerNormalization 'n0'"), std::string::npos) << r.status().message();
}

TEST(BatchNormOp, Opset7PerActivationStatistics) {
  // spatial=0: one statistic per (C, H) position.
  const Tensor x = F32({1, 1, 2}, {5, 7});
  const Tensor one = F32({1, 2}, {1, 1}), zero = F32({1, 2}, {0, 0});
  auto r = RunOneNode({"BatchNormalization", 7, {{"spatial", Int(0)}, {"epsilon", Float(0.0f)}},
                       {x, one, zero, F32({1, 2}, {1, 3}), F32({1, 2}, {4, 16})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {2, 1});
}

TEST(BatchNormOp, InferenceModePassesRunningStatisticsThrough) {
  const Tensor x = F32({1, 1, 2}, {5, 7}), one = F32({1}, {1}), zero = F32({1}, {0});
  auto r = RunOneNode({"BatchNormalization", 15, {{"epsilon", Float(0.0f)}},
                       {x, one, zero, F32({1}, {6}), F32({1}, {4})}, 3});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {-0.5f, 0.5f});
  ExpectNear(Values((*r)[1]), {6});
  ExpectNear(Values((*r)[2]), {4});
  // Before opset 14 extra outputs mean training mode, which is not implemented there.
  r = RunOneNode({"BatchNormalization", 9, {}, {x, one, zero, F32({1}, {6}), F32({1}, {4})}, 3});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("BatchNormalization 'n0'"), std::string::npos) << r.status().message();
}

// Malformed Conv models must fail with an error naming the node, never read out of bounds.
TEST(ConvOp, RejectsMalformedModels) {
  const Tensor x = F32({1, 4, 5, 5}, std::vector<float>(100, 1.0f));
  const Tensor w = F32({2, 2, 3, 3}, std::vector<float>(36, 1.0f));
  struct Bad {
    const char* what;
    std::map<std::string, ir::Attribute> attrs;
    std::vector<Tensor> inputs;
  };
  const std::vector<Bad> cases = {
      {"channels vs groups", {}, {x, w}},
      {"group 3", {{"group", Int(3)}}, {x, w}},
      {"negative pad", {{"group", Int(2)}, {"pads", Ints({-1, 0, 0, 0})}}, {x, w}},
      {"zero stride", {{"group", Int(2)}, {"strides", Ints({0, 1})}}, {x, w}},
      {"short pads", {{"group", Int(2)}, {"pads", Ints({1, 1})}}, {x, w}},
      {"kernel_shape mismatch", {{"group", Int(2)}, {"kernel_shape", Ints({2, 2})}}, {x, w}},
      {"kernel too big", {{"group", Int(2)}, {"dilations", Ints({3, 3})}}, {x, w}},
      {"bad auto_pad", {{"group", Int(2)}, {"auto_pad", Str("SAME")}}, {x, w}},
      {"bias shape", {{"group", Int(2)}}, {x, w, F32({3}, {1, 2, 3})}},
      {"weight rank", {{"group", Int(2)}}, {x, F32({2, 2, 9}, std::vector<float>(36, 1.0f))}},
      {"huge pads", {{"group", Int(2)}, {"pads", Ints({int64_t{1} << 62, 0, 0, 0})}}, {x, w}},
  };
  for (const Bad& c : cases) {
    auto r = RunOneNode({"Conv", 11, c.attrs, c.inputs});
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_NE(r.status().message().find("Conv 'n0'"), std::string::npos) << c.what << ": " << r.status().message();
  }
  auto ok = RunOneNode({"Conv", 11, {{"group", Int(2)}, {"pads", Ints({1, 1, 1, 1})}}, {x, w}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)[0].shape(), Shape({1, 2, 5, 5}));
  EXPECT_FLOAT_EQ((*ok)[0].data<float>()[12], 18.0f);  // centre: 2 channels x 9 taps
}

TEST(ConvOp, DepthwiseSameUpperStride2) {
  // 1-D depthwise, 2 channels, kernel 3, stride 2 on length 5 -> output 3, total pad 2 (1 each side).
  const Tensor x = F32({1, 2, 5}, {1, 2, 3, 4, 5, 10, 20, 30, 40, 50});
  const Tensor w = F32({2, 1, 3}, {1, 1, 1, 0, 1, 0});
  auto r = RunOneNode({"Conv", 11, {{"group", Int(2)}, {"strides", Ints({2})}, {"auto_pad", Str("SAME_UPPER")}},
                       {x, w, F32({2}, {0, 0.5f})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectNear(Values((*r)[0]), {3, 9, 9, 10.5f, 30.5f, 50.5f});
}

TEST(ConvTransposeOp, RejectsMismatchedWeights) {
  const Tensor x = F32({1, 2, 3}, std::vector<float>(6, 1.0f));
  auto r = RunOneNode({"ConvTranspose", 11, {}, {x, F32({3, 1, 2}, std::vector<float>(6, 1.0f))}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("ConvTranspose 'n0'"), std::string::npos) << r.status().message();
  // Groups: 2 input channels in 2 groups, 1 output channel each.
  r = RunOneNode({"ConvTranspose", 11, {{"group", Int(2)}, {"strides", Ints({2})}},
                  {x, F32({2, 1, 2}, {1, 2, 3, 4})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), Shape({1, 2, 6}));
  ExpectNear(Values((*r)[0]), {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4});
}

}  // namespace
}  // namespace minnow::runtime::testing
