// Tests of the tensor (shape and data movement) operators through single-node graphs, covering
// opset differences, clamping rules and validation errors.
#include <gtest/gtest.h>

#include <limits>

#include "tests/runtime/single_node.h"

namespace minnow::testing {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

std::vector<float> Iota(int n) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = static_cast<float>(i);
  return v;
}

TEST(TensorOpsSlice, NegativeStepsAndClamping) {
  const Tensor x = F32({10}, Iota(10));
  auto r = RunSingleNode("Slice", 13, {x, I64({1}, {8}), I64({1}, {1}), Tensor(), I64({1}, {-3})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{8, 5, 2}));
  // Extreme bounds clamp to the whole axis, reversed.
  r = RunSingleNode("Slice", 13, {x, I64({1}, {kMax}), I64({1}, {kMin}), I64({1}, {0}), I64({1}, {-1})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
  // The most negative step takes one element without overflowing.
  r = RunSingleNode("Slice", 13, {x, I64({1}, {5}), I64({1}, {-100}), Tensor(), I64({1}, {kMin})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{5}));
  // Start beyond the end gives an empty result.
  r = RunSingleNode("Slice", 13, {x, I64({1}, {20}), I64({1}, {30})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{0}));
}

TEST(TensorOpsSlice, TwoAxesNegativeSteps) {
  auto r = RunSingleNode("Slice", 13,
                         {F32({3, 4}, Iota(12)), I64({2}, {2, -1}), I64({2}, {-4, 0}), I64({2}, {0, 1}), I64({2}, {-2, -2})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{2, 2}));
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{11, 9, 3, 1}));
}

TEST(TensorOpsSlice, Opset9AttributesAndZeroStep) {
  auto r = RunSingleNode("Slice", 9, {F32({2, 3}, Iota(6))},
                         {{"starts", Ints({1})}, {"ends", Ints({1000})}, {"axes", Ints({1})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{1, 2, 4, 5}));
  r = RunSingleNode("Slice", 13, {F32({4}, Iota(4)), I64({1}, {0}), I64({1}, {4}), Tensor(), I64({1}, {0})});
  EXPECT_FALSE(r.ok());
  r = RunSingleNode("Slice", 13, {F32({4}, Iota(4)), I64({1}, {0}), I64({1}, {4}), I64({1}, {1})});
  EXPECT_FALSE(r.ok()) << "axis 1 of a 1-D input must be rejected";
}

TEST(TensorOpsGather, NegativeIndicesAndRangeError) {
  const Tensor data = F32({3, 2}, Iota(6));
  auto r = RunSingleNode("Gather", 13, {data, I64({2}, {-1, 0})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{4, 5, 0, 1}));
  r = RunSingleNode("Gather", 13, {data, I64({2, 1}, {1, 0})}, {{"axis", Int(1)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{3, 2, 1}));
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{1, 0, 3, 2, 5, 4}));
  for (int64_t bad : {int64_t{3}, int64_t{-4}, kMax, kMin}) {
    r = RunSingleNode("Gather", 13, {data, I64({2}, {0, bad})}, {}, 1, "g1");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("Gather 'g1'"), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("out of range"), std::string::npos) << r.status().message();
  }
}

TEST(TensorOpsReshape, ZeroMinusOneAllowZeroAndViews) {
  const Tensor x = F32({2, 3, 4}, Iota(24));
  auto r = RunSingleNode("Reshape", 14, {x, I64({2}, {0, -1})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{2, 12}));
  EXPECT_TRUE((*r)[0].SharesBufferWith(x));
  const Tensor empty = F32({0, 4}, {});
  r = RunSingleNode("Reshape", 14, {empty, I64({2}, {4, 0})}, {{"allowzero", Int(1)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{4, 0}));
  EXPECT_FALSE(RunSingleNode("Reshape", 14, {empty, I64({2}, {4, 0})}).ok());  // 0 copies dim 1 -> 4x4
  EXPECT_FALSE(RunSingleNode("Reshape", 14, {x, I64({2}, {-1, -1})}).ok());
  EXPECT_FALSE(RunSingleNode("Reshape", 14, {x, I64({2}, {5, -1})}).ok());
  EXPECT_FALSE(RunSingleNode("Reshape", 14, {x, I64({1}, {-2})}).ok());
  EXPECT_FALSE(RunSingleNode("Reshape", 14, {x, I64({3}, {kMax, kMax, 0})}).ok());
  r = RunSingleNode("Reshape", 1, {x}, {{"shape", Ints({4, -1})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{4, 6}));
}

TEST(TensorOpsSqueeze, AttributeBeforeOpset13InputAfter) {
  const Tensor x = F32({1, 3, 1}, Iota(3));
  auto r = RunSingleNode("Squeeze", 11, {x}, {{"axes", Ints({0})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{3, 1}));
  EXPECT_TRUE((*r)[0].SharesBufferWith(x));
  r = RunSingleNode("Squeeze", 13, {x, I64({1}, {-1})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{1, 3}));
  r = RunSingleNode("Squeeze", 13, {x});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{3}));
  r = RunSingleNode("Squeeze", 13, {x, I64({0}, {})});  // an empty axes list squeezes all size-1 axes
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{3}));
  EXPECT_FALSE(RunSingleNode("Squeeze", 13, {x, I64({1}, {1})}).ok());  // size 3
  EXPECT_FALSE(RunSingleNode("Squeeze", 13, {x, I64({1}, {3})}).ok());  // out of range

  r = RunSingleNode("Unsqueeze", 11, {F32({2, 3}, Iota(6))}, {{"axes", Ints({0, 3})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{1, 2, 3, 1}));
  r = RunSingleNode("Unsqueeze", 13, {F32({2, 3}, Iota(6)), I64({2}, {-1, 0})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{1, 2, 3, 1}));
  EXPECT_FALSE(RunSingleNode("Unsqueeze", 13, {F32({2}, Iota(2)), I64({2}, {0, 0})}).ok());
}

TEST(TensorOpsShape, FlattenShapeSizeIdentity) {
  const Tensor x = F32({2, 3, 4}, Iota(24));
  auto r = RunSingleNode("Flatten", 13, {x}, {{"axis", Int(-1)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{6, 4}));
  EXPECT_FALSE(RunSingleNode("Flatten", 13, {x}, {{"axis", Int(4)}}).ok());
  r = RunSingleNode("Shape", 15, {x}, {{"start", Int(-2)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<int64_t>((*r)[0]), (std::vector<int64_t>{3, 4}));
  r = RunSingleNode("Size", 13, {x});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<int64_t>((*r)[0]), (std::vector<int64_t>{24}));
  r = RunSingleNode("Identity", 13, {x});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE((*r)[0].SharesBufferWith(x));
}

TEST(TensorOpsSplit, AttributeInputAndEqualParts) {
  const Tensor x = F32({6}, Iota(6));
  auto r = RunSingleNode("Split", 11, {x}, {{"split", Ints({1, 5})}}, 2);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[1]), (std::vector<float>{1, 2, 3, 4, 5}));
  r = RunSingleNode("Split", 13, {x, I64({3}, {2, 0, 4})}, {}, 3);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[1].shape(), (Shape{0}));
  EXPECT_EQ(Values<float>((*r)[2]), (std::vector<float>{2, 3, 4, 5}));
  r = RunSingleNode("Split", 13, {F32({2, 4}, Iota(8))}, {{"axis", Int(1)}}, 2);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[1]), (std::vector<float>{2, 3, 6, 7}));
  EXPECT_FALSE(RunSingleNode("Split", 13, {x, I64({2}, {2, 2})}, {}, 2).ok());   // sums to 4
  EXPECT_FALSE(RunSingleNode("Split", 13, {x, I64({2}, {-1, 7})}, {}, 2).ok());  // negative
  EXPECT_FALSE(RunSingleNode("Split", 13, {x}, {}, 4).ok());                      // 6 % 4 != 0
}

TEST(TensorOpsConcat, JoinsAndRejectsMismatch) {
  auto r = RunSingleNode("Concat", 13, {F32({2, 1}, {0, 1}), F32({2, 2}, {2, 3, 4, 5})}, {{"axis", Int(-1)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{0, 2, 3, 1, 4, 5}));
  r = RunSingleNode("Concat", 13, {F32({2, 1}, {0, 1}), F32({3, 1}, {2, 3, 4})}, {{"axis", Int(1)}});
  EXPECT_FALSE(r.ok());
  r = RunSingleNode("Concat", 13, {F32({2, 1}, {0, 1}), I64({2, 1}, {2, 3})}, {{"axis", Int(0)}});
  EXPECT_FALSE(r.ok());
}

TEST(TensorOpsPad, AttributeAndInputFormsAndModes) {
  const Tensor x = F32({3}, {1, 2, 3});
  auto r = RunSingleNode("Pad", 2, {x}, {{"pads", Ints({1, 2})}, {"mode", Str("reflect")}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{2, 1, 2, 3, 2, 1}));
  r = RunSingleNode("Pad", 2, {x}, {{"pads", Ints({5, 4})}, {"mode", Str("reflect")}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();  // numpy: pads wider than the input keep reflecting
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3}));
  r = RunSingleNode("Pad", 13, {x, I64({2}, {-1, 1}), F32({}, {9})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{2, 3, 9}));
  r = RunSingleNode("Pad", 13, {x, I64({2}, {1, 1})}, {{"mode", Str("edge")}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{1, 1, 2, 3, 3}));
  EXPECT_FALSE(RunSingleNode("Pad", 13, {x, I64({2}, {-2, -2})}).ok());    // crops below zero
  EXPECT_FALSE(RunSingleNode("Pad", 13, {x, I64({3}, {1, 1, 1})}).ok());   // wrong pad count
  EXPECT_FALSE(RunSingleNode("Pad", 13, {x, I64({2}, {kMax, 0})}).ok());   // absurd pad
  EXPECT_FALSE(RunSingleNode("Pad", 13, {F32({0}, {}), I64({2}, {1, 0})}, {{"mode", Str("edge")}}).ok());
}

TEST(TensorOpsTranspose, PermutationsAndDepthToSpace) {
  auto r = RunSingleNode("Transpose", 13, {F32({2, 3}, Iota(6))});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{0, 3, 1, 4, 2, 5}));
  EXPECT_FALSE(RunSingleNode("Transpose", 13, {F32({2, 3}, Iota(6))}, {{"perm", Ints({0, 0})}}).ok());
  EXPECT_FALSE(RunSingleNode("Transpose", 13, {F32({2, 3}, Iota(6))}, {{"perm", Ints({0, 2})}}).ok());

  const Tensor x = F32({1, 8, 1, 1}, Iota(8));
  r = RunSingleNode("DepthToSpace", 13, {x}, {{"blocksize", Int(2)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].shape(), (Shape{1, 2, 2, 2}));
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{0, 2, 4, 6, 1, 3, 5, 7}));
  r = RunSingleNode("DepthToSpace", 13, {x}, {{"blocksize", Int(2)}, {"mode", Str("CRD")}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7}));
  // SpaceToDepth inverts DCR DepthToSpace.
  auto back = RunSingleNode("SpaceToDepth", 13, {(*RunSingleNode("DepthToSpace", 13, {x}, {{"blocksize", Int(2)}}))[0]},
                            {{"blocksize", Int(2)}});
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(Values<float>((*back)[0]), Iota(8));
  EXPECT_FALSE(RunSingleNode("DepthToSpace", 13, {F32({1, 6, 1, 1}, Iota(6))}, {{"blocksize", Int(2)}}).ok());
  EXPECT_FALSE(RunSingleNode("DepthToSpace", 13, {x}, {{"blocksize", Int(0)}}).ok());
}

TEST(TensorOpsTile, RepeatsAndErrors) {
  auto r = RunSingleNode("Tile", 13, {F32({2}, {1, 2}), I64({1}, {3})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{1, 2, 1, 2, 1, 2}));
  EXPECT_FALSE(RunSingleNode("Tile", 13, {F32({2}, {1, 2}), I64({1}, {-1})}).ok());
  EXPECT_FALSE(RunSingleNode("Tile", 13, {F32({2}, {1, 2}), I64({2}, {1, 1})}).ok());
  EXPECT_FALSE(RunSingleNode("Tile", 13, {F32({2}, {1, 2}), I64({1}, {kMax})}).ok());
}

TEST(TensorOpsConstants, RangeConstantOfShapeConstant) {
  auto r = RunSingleNode("Range", 11,
                         {Tensor::FromVector<int32_t>(DataType::kInt32, {}, {10}),
                          Tensor::FromVector<int32_t>(DataType::kInt32, {}, {4}),
                          Tensor::FromVector<int32_t>(DataType::kInt32, {}, {-3})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<int32_t>((*r)[0]), (std::vector<int32_t>{10, 7}));
  EXPECT_FALSE(RunSingleNode("Range", 11, {F32({}, {0}), F32({}, {1}), F32({}, {0})}).ok());
  EXPECT_FALSE(RunSingleNode("Range", 11, {I64({}, {kMin}), I64({}, {kMax}), I64({}, {1})}).ok());

  ir::Attribute value(ir::Attribute::Storage(I64({1}, {5})));
  r = RunSingleNode("ConstantOfShape", 11, {I64({2}, {2, 2})}, {{"value", value}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<int64_t>((*r)[0]), (std::vector<int64_t>{5, 5, 5, 5}));
  EXPECT_FALSE(RunSingleNode("ConstantOfShape", 11, {I64({2}, {2, -2})}).ok());

  r = RunSingleNode("Constant", 13, {}, {{"value_ints", Ints({1, 2, 3})}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<int64_t>((*r)[0]), (std::vector<int64_t>{1, 2, 3}));
  r = RunSingleNode("Constant", 13, {}, {{"value_float", Float(2.5f)}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].rank(), 0);
  EXPECT_EQ(Values<float>((*r)[0]), (std::vector<float>{2.5f}));
}

}  // namespace
}  // namespace minnow::testing
