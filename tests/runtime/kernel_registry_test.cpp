// The built-in operator set: every op the foundation issue lists is registered exactly once.
#include <gtest/gtest.h>

#include <sstream>

#include "runtime/kernel_registry.h"

namespace minnow::runtime {
namespace {

TEST(KernelRegistry, NoOpRegisteredTwice) {
  const auto& dups = KernelRegistry::BuiltIn().duplicates();
  std::string names;
  for (const auto& [domain, op] : dups) names += " " + domain + "." + op;
  EXPECT_TRUE(dups.empty()) << "registered more than once:" << names;
}

TEST(KernelRegistry, CoversTheFoundationOpSet) {
  std::istringstream ops(
      "Conv ConvTranspose Gemm MatMul Add Sub Mul Div Pow Sqrt Exp Log Neg Abs Reciprocal Floor Ceil Min Max Sum "
      "Mean Relu LeakyRelu PRelu Elu Selu Clip Sigmoid HardSigmoid HardSwish Tanh Erf Softplus Softsign Softmax "
      "LogSoftmax BatchNormalization InstanceNormalization LayerNormalization MaxPool AveragePool GlobalAveragePool "
      "GlobalMaxPool Resize Upsample Concat Split Slice Gather Reshape Flatten Transpose Squeeze Unsqueeze Shape Cast "
      "ConstantOfShape Constant Identity Expand Tile Pad ReduceMean ReduceSum ReduceMax ReduceMin ReduceL2 ReduceProd "
      "ArgMax ArgMin Where Equal Less Greater Not And Or Range Dropout DepthToSpace SpaceToDepth Sin Cos "
      "QuantizeLinear DequantizeLinear QLinearConv QLinearMatMul MatMulInteger ConvInteger DynamicQuantizeLinear");
  std::string op;
  while (ops >> op) EXPECT_TRUE(KernelRegistry::BuiltIn().Has("", op)) << op;
}

}  // namespace
}  // namespace minnow::runtime
