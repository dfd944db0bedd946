// Tests of the reduction operators: axes as attribute or input, keepdims, noop_with_empty_axes,
// numeric stability and ArgMax/ArgMin index selection.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/runtime/single_node.h"

namespace minnow::testing {
namespace {

const Tensor kX = F32({2, 3}, {1, 2, 3, 4, 5, 6});

TEST(ReductionOps, AxesAttributeAndInput) {
  auto r = RunSingleNode("ReduceSum", 11, {kX}, {{"axes", Ints({1})}, {"keepdims", Int(0)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{2}));
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{6, 15}));
  r = RunSingleNode("ReduceSum", 13, {kX, I64({1}, {-2})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{1, 3}));
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{5, 7, 9}));
  r = RunSingleNode("ReduceMean", 13, {kX});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{1, 1}));
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{3.5f}));
  EXPECT_FALSE(RunSingleNode("ReduceSum", 13, {kX, I64({2}, {1, -1})}).ok());  // repeated axis
  EXPECT_FALSE(RunSingleNode("ReduceMax", 13, {kX}, {{"axes", Ints({2})}}).ok());
}

TEST(ReductionOps, NoopWithEmptyAxes) {
  auto r = RunSingleNode("ReduceSum", 13, {kX, I64({0}, {})}, {{"noop_with_empty_axes", Int(1)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), kX.shape());
  r = RunSingleNode("ReduceSum", 13, {kX, I64({0}, {})}, {{"keepdims", Int(0)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].rank(), 0);
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{21}));
}

TEST(ReductionOps, VariantsAndTypes) {
  auto one = [](const std::string& op, const Tensor& x) {
    auto r = RunSingleNode(op, 13, {x}, {{"keepdims", Int(0)}});
    EXPECT_TRUE(r.ok()) << op << ": " << r.status().ToString();
    return r.ok() ? (*r)[0].GetAsDouble(0) : NAN;
  };
  const Tensor v = F32({3}, {-1, 2, -2});
  EXPECT_DOUBLE_EQ(one("ReduceL1", v), 5);
  EXPECT_DOUBLE_EQ(one("ReduceL2", v), 3);
  EXPECT_DOUBLE_EQ(one("ReduceSumSquare", v), 9);
  EXPECT_DOUBLE_EQ(one("ReduceProd", v), 4);
  EXPECT_DOUBLE_EQ(one("ReduceMin", v), -2);
  EXPECT_DOUBLE_EQ(one("ReduceMax", v), 2);
  EXPECT_NEAR(one("ReduceLogSum", F32({2}, {1, 2})), std::log(3.0), 1e-6);
  // exp(1000) overflows; the max-shifted form does not.
  EXPECT_NEAR(one("ReduceLogSumExp", F32({2}, {1000, 1000})), 1000 + std::log(2.0), 1e-3);
  EXPECT_TRUE(std::isnan(one("ReduceMax", F32({3}, {1, NAN, 2}))));
  EXPECT_EQ(one("ReduceSum", I64({2}, {int64_t{1} << 40, 1})), static_cast<double>((int64_t{1} << 40) + 1));
  EXPECT_EQ(one("ReduceMean", Tensor::FromVector<int32_t>(DataType::kInt32, {2}, {3, 4})), 3);
}

TEST(ReductionOps, HalfPrecisionComputesInFloat) {
  auto half = [](std::vector<float> v) {
    std::vector<uint16_t> bits;
    for (float f : v) bits.push_back(FloatToHalf(f));
    return Tensor::FromVector<uint16_t>(DataType::kFloat16, {static_cast<int64_t>(v.size())}, bits);
  };
  auto r = RunSingleNode("ReduceMean", 13, {half({1, 2, 4.5f})}, {{"keepdims", Int(0)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].dtype(), DataType::kFloat16);
  EXPECT_FLOAT_EQ(static_cast<float>((*r)[0].GetAsDouble(0)), 2.5f);
  r = RunSingleNode("ArgMax", 13, {half({1, 7, 4.5f})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<int64_t>((*r)[0]), (std::vector<int64_t>{1}));
}

TEST(ReductionOps, ArgMaxArgMin) {
  const Tensor x = F32({2, 3}, {1, 3, 3, 2, 0, 0});
  auto r = RunSingleNode("ArgMax", 13, {x}, {{"axis", Int(1)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{2, 1}));
  EXPECT_EQ(Values<int64_t>((*r)[0]), (std::vector<int64_t>{1, 0}));
  r = RunSingleNode("ArgMax", 13, {x}, {{"axis", Int(-1)}, {"select_last_index", Int(1)}, {"keepdims", Int(0)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{2}));
  EXPECT_EQ(Values<int64_t>((*r)[0]), (std::vector<int64_t>{2, 0}));
  r = RunSingleNode("ArgMin", 13, {x}, {{"axis", Int(1)}, {"select_last_index", Int(1)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<int64_t>((*r)[0]), (std::vector<int64_t>{0, 2}));
  r = RunSingleNode("ArgMin", 13, {x});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<int64_t>((*r)[0]), (std::vector<int64_t>{0, 1, 1}));
  EXPECT_FALSE(RunSingleNode("ArgMax", 13, {x}, {{"axis", Int(2)}}).ok());
  EXPECT_FALSE(RunSingleNode("ArgMax", 13, {F32({2, 0}, {})}, {{"axis", Int(1)}}).ok());
}

}  // namespace
}  // namespace minnow::testing
