// Robustness: tensor and reduction ops fed random and extreme parameters must return a result or
// an error, never read or write out of bounds (run under MINNOW_ASAN to catch violations).
#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "tests/runtime/single_node.h"

namespace minnow::testing {
namespace {

class Hostile : public ::testing::Test {
 protected:
  std::mt19937_64 rng{12345};

  int64_t Param() {
    static const int64_t kSpecial[] = {0, 1, -1, 2, -2, 3, -3, 7, -7, 100, -100, std::numeric_limits<int64_t>::max(),
                                       std::numeric_limits<int64_t>::min(), int64_t{1} << 40};
    return kSpecial[rng() % (sizeof(kSpecial) / sizeof(kSpecial[0]))];
  }
  std::vector<int64_t> Params(size_t n) {
    std::vector<int64_t> v(n);
    for (auto& x : v) x = Param();
    return v;
  }
  Tensor RandomInput() {
    const size_t rank = rng() % 4;
    Shape shape(rank);
    for (auto& d : shape) d = static_cast<int64_t>(rng() % 4);
    Tensor t(DataType::kFloat32, shape);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = static_cast<float>(i);
    return t;
  }
  // The op either fails cleanly or produces outputs whose element count matches their shape.
  void Check(const Expected<std::vector<Tensor>>& r) {
    if (!r.ok()) {
      EXPECT_FALSE(r.status().message().empty());
      return;
    }
    for (const Tensor& t : *r) EXPECT_EQ(t.numel(), *CheckedNumElements(t.shape()));
  }
};

TEST_F(Hostile, IndexingOps) {
  for (int iter = 0; iter < 400; ++iter) {
    const Tensor x = RandomInput();
    const size_t n = rng() % 3 + 1;
    Check(RunSingleNode("Slice", 13, {x, I64({(int64_t)n}, Params(n)), I64({(int64_t)n}, Params(n)),
                                      I64({(int64_t)n}, Params(n)), I64({(int64_t)n}, Params(n))}));
    Check(RunSingleNode("Gather", 13, {x, I64({(int64_t)n}, Params(n))}, {{"axis", Int(Param())}}));
    Check(RunSingleNode("Pad", 13, {x, I64({2 * x.rank()}, Params(2 * x.rank()))},
                        {{"mode", Str(iter % 3 == 0 ? "reflect" : iter % 3 == 1 ? "edge" : "constant")}}));
    Check(RunSingleNode("Tile", 13, {x, I64({x.rank()}, Params(x.rank()))}));
    Check(RunSingleNode("Reshape", 14, {x, I64({(int64_t)n}, Params(n))}));
    Check(RunSingleNode("Split", 13, {x, I64({2}, Params(2))}, {{"axis", Int(Param())}}, 2));
    Check(RunSingleNode("Transpose", 13, {x}, {{"perm", Ints(Params(x.rank()))}}));
    Check(RunSingleNode("Unsqueeze", 13, {x, I64({(int64_t)n}, Params(n))}));
    Check(RunSingleNode("Squeeze", 13, {x, I64({(int64_t)n}, Params(n))}));
    Check(RunSingleNode("Flatten", 13, {x}, {{"axis", Int(Param())}}));
    Check(RunSingleNode("Concat", 13, {x, RandomInput()}, {{"axis", Int(Param())}}));
    Check(RunSingleNode("ConstantOfShape", 13, {I64({(int64_t)n}, Params(n))}));
    Check(RunSingleNode("DepthToSpace", 13, {x}, {{"blocksize", Int(Param())}}));
    Check(RunSingleNode("SpaceToDepth", 13, {x}, {{"blocksize", Int(Param())}}));
    // Range bounds stay small: a legitimately huge range is an allocation, not a bounds problem.
    auto small = [&] { return static_cast<int64_t>(rng() % 41) - 20; };
    Check(RunSingleNode("Range", 13, {I64({}, {small()}), I64({}, {small()}), I64({}, {small()})}));
  }
}

TEST_F(Hostile, ResizeAndReductions) {
  const char* modes[] = {"nearest", "linear", "cubic"};
  const char* coords[] = {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn",
                          "tf_crop_and_resize"};
  for (int iter = 0; iter < 300; ++iter) {
    const Tensor x = RandomInput();
    const int64_t r = x.rank();
    std::vector<float> scales(static_cast<size_t>(r)), roi(static_cast<size_t>(2 * r));
    for (auto& s : scales) s = static_cast<float>(rng() % 9) / 3.0f;
    for (auto& v : roi) v = static_cast<float>(static_cast<int>(rng() % 7) - 3) / 2.0f;
    const std::map<std::string, ir::Attribute> attrs = {
        {"mode", Str(modes[rng() % 3])},
        {"coordinate_transformation_mode", Str(coords[rng() % 6])},
        {"exclude_outside", Int(static_cast<int64_t>(rng() % 2))}};
    Check(RunSingleNode("Resize", 13, {x, F32({2 * r}, roi), F32({r}, scales)}, attrs));
    std::vector<int64_t> sizes(static_cast<size_t>(r));
    for (auto& s : sizes) s = static_cast<int64_t>(rng() % 6) - 1;
    Check(RunSingleNode("Resize", 13, {x, F32({2 * r}, roi), Tensor(), I64({r}, sizes)}, attrs));

    const size_t n = rng() % 3;
    for (const char* op : {"ReduceSum", "ReduceMax", "ReduceLogSumExp", "ReduceMean"}) {
      Check(RunSingleNode(op, 18, {x, I64({(int64_t)n}, Params(n))}, {{"keepdims", Int(Param() & 1)}}));
    }
    Check(RunSingleNode("ArgMax", 13, {x}, {{"axis", Int(Param())}, {"keepdims", Int(Param() & 1)}}));
  }
}

// A tensor with a zero dim holds no data however large its other dims are; partial shape
// products then overflow, and ops must neither compute with them nor build per-dim tables.
TEST_F(Hostile, EmptyTensorsWithHugeDims) {
  const int64_t big = int64_t{1} << 62;
  const Tensor x = *Tensor::Create(DataType::kFloat32, {big, 0, 4});
  Check(RunSingleNode("Flatten", 13, {x}, {{"axis", Int(2)}}));
  Check(RunSingleNode("Flatten", 13, {*Tensor::Create(DataType::kFloat32, {big, 0, big, big})}, {{"axis", Int(2)}}));
  Check(RunSingleNode("Transpose", 13, {*Tensor::Create(DataType::kFloat32, {big, 0, big, big})}));
  Check(RunSingleNode("ReduceL2", 13, {*Tensor::Create(DataType::kFloat32, {big, 0, big, big})}));
  Check(RunSingleNode("Concat", 13, {x, x, x}, {{"axis", Int(0)}}));
  Check(RunSingleNode("Gather", 13, {x, I64({1}, {0})}, {{"axis", Int(0)}}));
  Check(RunSingleNode("Split", 13, {x}, {{"axis", Int(2)}}, 2));
  Check(RunSingleNode("Split", 13, {x, I64({4}, {big, big, big, big})}, {}, 4));
  Check(RunSingleNode("Transpose", 13, {x}));
  Check(RunSingleNode("Slice", 13, {x, I64({1}, {0}), I64({1}, {big})}));
  Check(RunSingleNode("Pad", 13, {x, I64({6}, {0, 1, 0, 0, 1, 0})}));
  Check(RunSingleNode("Tile", 13, {x, I64({3}, {1, 2, 3})}));
  Check(RunSingleNode("ReduceSum", 13, {x, I64({1}, {1})}));
  Check(RunSingleNode("ReduceMax", 13, {x, I64({1}, {0})}, {{"keepdims", Int(0)}}));
  Check(RunSingleNode("ArgMax", 13, {x}, {{"axis", Int(2)}}));
  Check(RunSingleNode("Resize", 13, {x, Tensor(), F32({3}, {1, 1, 2})}, {{"mode", Str("linear")}}));
  Check(RunSingleNode("DepthToSpace", 13, {*Tensor::Create(DataType::kFloat32, {1, big, 0, 2})}, {{"blocksize", Int(2)}}));
}

TEST_F(Hostile, IntegerOverflowWraps) {
  const int64_t mx = std::numeric_limits<int64_t>::max();
  auto r = RunSingleNode("ReduceSum", 13, {I64({2}, {mx, 1})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<int64_t>((*r)[0]), (std::vector<int64_t>{std::numeric_limits<int64_t>::min()}));
  Check(RunSingleNode("ReduceProd", 13, {I64({3}, {mx, mx, -mx})}));
  r = RunSingleNode("Range", 13, {I64({}, {-mx - 1}), I64({}, {mx}), I64({}, {int64_t{1} << 62})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Values<int64_t>((*r)[0]),
            (std::vector<int64_t>{-mx - 1, -(int64_t{1} << 62), 0, int64_t{1} << 62}));
}

}  // namespace
}  // namespace minnow::testing
