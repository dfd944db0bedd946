// Tests of the reduction planning and kernels over non-contiguous axis sets.
#include <gtest/gtest.h>

#include "kernels/reduce.h"

namespace minnow::kernels {
namespace {

TEST(ReduceKernel, OuterAndInnerAxes) {
  // 2x3x2, reduce axes 0 and 2 -> 3 outputs.
  std::vector<float> x(12);
  for (int i = 0; i < 12; ++i) x[i] = static_cast<float>(i);
  const ReducePlan plan = MakeReducePlan({2, 3, 2}, {true, false, true});
  ASSERT_EQ(plan.output_offsets.size(), 3u);
  ASSERT_EQ(plan.count(), 4);
  EXPECT_EQ(plan.inner_run, 2);  // the trailing reduced axis is contiguous
  std::vector<float> y(3);
  Reduce<float>(x.data(), y.data(), plan, ReduceOp::kSum);
  // j=0: 0+1+6+7, j=1: 2+3+8+9, j=2: 4+5+10+11
  EXPECT_EQ(y, (std::vector<float>{14, 22, 30}));
  Reduce<float>(x.data(), y.data(), plan, ReduceOp::kMax);
  EXPECT_EQ(y, (std::vector<float>{7, 9, 11}));
}

TEST(ReduceKernel, EmptyReductionIdentities) {
  ReducePlan plan;
  plan.output_offsets = {0};
  float y = -1;
  Reduce<float>(nullptr, &y, plan, ReduceOp::kSum);
  EXPECT_EQ(y, 0.0f);
  Reduce<float>(nullptr, &y, plan, ReduceOp::kProd);
  EXPECT_EQ(y, 1.0f);
  int32_t i = -1;
  Reduce<int32_t>(nullptr, &i, plan, ReduceOp::kMean);  // no division by zero for integers
  EXPECT_EQ(i, 0);
}

TEST(ReduceKernel, ArgReduceTies) {
  const int x[] = {3, 1, 3, 1};  // [outer=1, axis=4, inner=1]
  int64_t out = -1;
  ArgReduce<int>(x, &out, 1, 4, 1, true, false);
  EXPECT_EQ(out, 0);
  ArgReduce<int>(x, &out, 1, 4, 1, true, true);
  EXPECT_EQ(out, 2);
  ArgReduce<int>(x, &out, 1, 4, 1, false, true);
  EXPECT_EQ(out, 3);
}

}  // namespace
}  // namespace minnow::kernels
