// Tests of the elementwise operators through the kernel registry: broadcasting, type rules,
// opset-dependent attributes/inputs and error reporting.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ir/graph.h"
#include "runtime/kernel_registry.h"

namespace minnow::runtime {
namespace {

struct OpResult {
  Status status;
  std::vector<Tensor> outputs;
};

// Runs one node of `op` on `inputs` (an empty Tensor is an omitted optional input).
OpResult RunOp(const std::string& op, const std::vector<Tensor>& inputs, int64_t opset = 17,
               std::map<std::string, ir::Attribute> attrs = {}, size_t num_outputs = 1) {
  ir::Graph g;
  std::vector<ir::Value*> in_values, out_values;
  for (size_t i = 0; i < inputs.size(); ++i) {
    in_values.push_back(inputs[i].empty() ? nullptr : *g.AddValue("in" + std::to_string(i)));
  }
  for (size_t i = 0; i < num_outputs; ++i) out_values.push_back(*g.AddValue("out" + std::to_string(i)));
  ir::Node* node = *g.AddNode(op, "", "n", in_values, out_values);
  for (auto& [name, a] : attrs) node->SetAttribute(name, a);
  OpResult result;
  const KernelFactory* factory = KernelRegistry::BuiltIn().Find("", op);
  if (!factory) {
    result.status = NotFound(op + " is not registered");
    return result;
  }
  auto kernel = (*factory)(KernelInit{*node, opset});
  if (!kernel.ok()) {
    result.status = kernel.status();
    return result;
  }
  std::vector<const Tensor*> ptrs;
  for (const Tensor& t : inputs) ptrs.push_back(t.empty() ? nullptr : &t);
  result.outputs.resize(num_outputs);
  KernelContext ctx(*node, ptrs, &result.outputs);
  result.status = (*kernel)->Compute(ctx);
  return result;
}

Tensor F32(Shape s, std::vector<float> v) { return Tensor::FromVector(DataType::kFloat32, std::move(s), v); }
Tensor I32(Shape s, std::vector<int32_t> v) { return Tensor::FromVector(DataType::kInt32, std::move(s), v); }
Tensor I64(Shape s, std::vector<int64_t> v) { return Tensor::FromVector(DataType::kInt64, std::move(s), v); }
Tensor Bool(Shape s, std::vector<uint8_t> v) { return Tensor::FromVector(DataType::kBool, std::move(s), v); }

template <typename T>
std::vector<T> Values(const Tensor& t) {
  return std::vector<T>(t.data<T>(), t.data<T>() + t.numel());
}

TEST(ElementwiseOps, AddBroadcastsRowAgainstMatrix) {
  auto r = RunOp("Add", {F32({2, 3}, {1, 2, 3, 4, 5, 6}), F32({3}, {10, 20, 30})});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.outputs[0].shape(), (Shape{2, 3}));
  EXPECT_EQ(Values<float>(r.outputs[0]), (std::vector<float>{11, 22, 33, 14, 25, 36}));
}

TEST(ElementwiseOps, SubBroadcastsBothWays) {
  auto r = RunOp("Sub", {F32({3, 1}, {1, 2, 3}), F32({1, 2}, {10, 20})});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.outputs[0].shape(), (Shape{3, 2}));
  EXPECT_EQ(Values<float>(r.outputs[0]), (std::vector<float>{-9, -19, -8, -18, -7, -17}));
}

TEST(ElementwiseOps, NonBroadcastableShapesAreAnErrorNamingTheNode) {
  auto r = RunOp("Mul", {F32({2, 3}, {1, 2, 3, 4, 5, 6}), F32({2}, {1, 2})});
  ASSERT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("Mul 'n'"), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find("broadcast"), std::string::npos) << r.status.message();
}

TEST(ElementwiseOps, MismatchedInputTypesAreRejected) {
  auto r = RunOp("Add", {F32({1}, {1}), I32({1}, {1})});
  EXPECT_FALSE(r.status.ok());
  auto logic = RunOp("And", {F32({1}, {1}), F32({1}, {1})});
  EXPECT_EQ(logic.status.code(), StatusCode::kUnsupported) << logic.status.ToString();
}

TEST(ElementwiseOps, IntegerDivTruncatesTowardZero) {
  auto r = RunOp("Div", {I32({4}, {7, -7, 7, 9}), I32({4}, {2, 2, -2, 0})});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(Values<int32_t>(r.outputs[0]), (std::vector<int32_t>{3, -3, -3, 0}));
}

TEST(ElementwiseOps, CastFloatToHalfRoundsToNearestEven) {
  const float tie_down = 1.0f + std::ldexp(1.0f, -11);   // halfway, even neighbour is 1.0
  const float tie_up = 1.0f + 3 * std::ldexp(1.0f, -11);  // halfway, even neighbour above
  auto r = RunOp("Cast", {F32({3}, {tie_down, tie_up, 70000.0f})}, 13,
                 {{"to", ir::Attribute(int64_t{10})}});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.outputs[0].dtype(), DataType::kFloat16);
  EXPECT_EQ(Values<uint16_t>(r.outputs[0]), (std::vector<uint16_t>{0x3c00, 0x3c02, 0x7c00}));
  // And back: f16 -> f64 is exact.
  auto back = RunOp("Cast", {r.outputs[0]}, 13, {{"to", ir::Attribute(int64_t{11})}});
  ASSERT_TRUE(back.status.ok());
  EXPECT_EQ(back.outputs[0].GetAsDouble(1), 1.0 + std::ldexp(1.0, -9));
}

TEST(ElementwiseOps, CastRejectsStringAndUnknownTargets) {
  EXPECT_EQ(RunOp("Cast", {F32({1}, {1})}, 13, {{"to", ir::Attribute(int64_t{8})}}).status.code(),
            StatusCode::kUnsupported);
  EXPECT_FALSE(RunOp("Cast", {F32({1}, {1})}, 13, {{"to", ir::Attribute(int64_t{99})}}).status.ok());
  EXPECT_FALSE(RunOp("Cast", {F32({1}, {1})}, 13).status.ok());
  // Cast-1 names the type.
  auto old = RunOp("Cast", {F32({1}, {2.9f})}, 1, {{"to", ir::Attribute(std::string("INT64"))}});
  ASSERT_TRUE(old.status.ok()) << old.status.ToString();
  EXPECT_EQ(old.outputs[0].GetAsInt64(0), 2);
}

TEST(ElementwiseOps, PowWithMixedTypesKeepsBaseType) {
  auto r = RunOp("Pow", {I32({3}, {1, 2, 3}), F32({3}, {1.0f, 2.0f, 0.5f})});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.outputs[0].dtype(), DataType::kInt32);
  EXPECT_EQ(Values<int32_t>(r.outputs[0]), (std::vector<int32_t>{1, 4, 1}));
  auto f = RunOp("Pow", {F32({2}, {2.0f, 3.0f}), I64({1}, {3})});
  ASSERT_TRUE(f.status.ok()) << f.status.ToString();
  EXPECT_EQ(Values<float>(f.outputs[0]), (std::vector<float>{8.0f, 27.0f}));
}

TEST(ElementwiseOps, PReluSlopeMustBroadcastToInput) {
  auto ok = RunOp("PRelu", {F32({2, 2}, {-1, 2, -3, 4}), F32({2}, {0.5f, 0.25f})});
  ASSERT_TRUE(ok.status.ok()) << ok.status.ToString();
  EXPECT_EQ(Values<float>(ok.outputs[0]), (std::vector<float>{-0.5f, 2, -1.5f, 4}));
  // Bidirectional broadcasting would give 2x2 here; PRelu must refuse to grow X.
  auto bad = RunOp("PRelu", {F32({2}, {-1, 2}), F32({2, 2}, {1, 1, 1, 1})});
  EXPECT_FALSE(bad.status.ok());
}

TEST(ElementwiseOps, WhereBroadcastsThreeWays) {
  auto r = RunOp("Where", {Bool({2, 1}, {1, 0}), F32({3}, {1, 2, 3}), F32({}, {-1})});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.outputs[0].shape(), (Shape{2, 3}));
  EXPECT_EQ(Values<float>(r.outputs[0]), (std::vector<float>{1, 2, 3, -1, -1, -1}));
  EXPECT_FALSE(RunOp("Where", {F32({1}, {1}), F32({1}, {1}), F32({1}, {1})}).status.ok());
}

TEST(ElementwiseOps, ExpandBroadcastsBothWaysAndValidatesShape) {
  auto r = RunOp("Expand", {F32({1, 3}, {1, 2, 3}), I64({2}, {2, 1})});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.outputs[0].shape(), (Shape{2, 3}));
  EXPECT_EQ(Values<float>(r.outputs[0]), (std::vector<float>{1, 2, 3, 1, 2, 3}));
  EXPECT_FALSE(RunOp("Expand", {F32({1}, {1}), I64({1}, {-4})}).status.ok());
  EXPECT_FALSE(RunOp("Expand", {F32({3}, {1, 2, 3}), I64({1}, {2})}).status.ok());
  // A huge shape is an error, not an attempt to allocate it.
  EXPECT_FALSE(RunOp("Expand", {F32({1}, {1}), I64({3}, {1 << 30, 1 << 30, 1 << 30})}).status.ok());
}

TEST(ElementwiseOps, ClipUsesAttributesBeforeOpset11AndInputsAfter) {
  auto old = RunOp("Clip", {F32({3}, {-5, 0, 5})}, 6,
                   {{"min", ir::Attribute(-1.0f)}, {"max", ir::Attribute(1.0f)}});
  ASSERT_TRUE(old.status.ok()) << old.status.ToString();
  EXPECT_EQ(Values<float>(old.outputs[0]), (std::vector<float>{-1, 0, 1}));
  auto only_max = RunOp("Clip", {F32({3}, {-5, 0, 5}), Tensor(), F32({}, {2})}, 13);
  ASSERT_TRUE(only_max.status.ok()) << only_max.status.ToString();
  EXPECT_EQ(Values<float>(only_max.outputs[0]), (std::vector<float>{-5, 0, 2}));
  auto crossed = RunOp("Clip", {I32({3}, {-5, 0, 5}), I32({}, {3}), I32({}, {1})}, 13);
  ASSERT_TRUE(crossed.status.ok()) << crossed.status.ToString();
  EXPECT_EQ(Values<int32_t>(crossed.outputs[0]), (std::vector<int32_t>{1, 1, 1}));
  EXPECT_FALSE(RunOp("Clip", {F32({3}, {-5, 0, 5}), F32({2}, {0, 1})}, 13).status.ok());
}

TEST(ElementwiseOps, VariadicMaxAndMeanBroadcast) {
  auto mx = RunOp("Max", {F32({2}, {1, 5}), F32({2, 1}, {3, 0}), F32({}, {2})});
  ASSERT_TRUE(mx.status.ok()) << mx.status.ToString();
  EXPECT_EQ(mx.outputs[0].shape(), (Shape{2, 2}));
  EXPECT_EQ(Values<float>(mx.outputs[0]), (std::vector<float>{3, 5, 2, 5}));
  auto mean = RunOp("Mean", {F32({2}, {1, 2}), F32({2}, {3, 6})});
  ASSERT_TRUE(mean.status.ok());
  EXPECT_EQ(Values<float>(mean.outputs[0]), (std::vector<float>{2, 4}));
  EXPECT_FALSE(RunOp("Mean", {I32({1}, {1})}).status.ok());
}

TEST(ElementwiseOps, HalfInputsComputeInFloatAndStayHalf) {
  Tensor a(DataType::kFloat16, {2});
  a.data<uint16_t>()[0] = FloatToHalf(1.5f);
  a.data<uint16_t>()[1] = FloatToHalf(-2.0f);
  auto r = RunOp("Relu", {a});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.outputs[0].dtype(), DataType::kFloat16);
  EXPECT_EQ(r.outputs[0].GetAsDouble(0), 1.5);
  EXPECT_EQ(r.outputs[0].GetAsDouble(1), 0.0);
  auto cmp = RunOp("Less", {a, a});
  ASSERT_TRUE(cmp.status.ok());
  EXPECT_EQ(cmp.outputs[0].dtype(), DataType::kBool);
}

TEST(ElementwiseOps, DropoutIsIdentityAtInferenceAndScalesInTraining) {
  auto inf = RunOp("Dropout", {F32({3}, {1, 2, 3})}, 13, {}, 2);
  ASSERT_TRUE(inf.status.ok()) << inf.status.ToString();
  EXPECT_EQ(Values<float>(inf.outputs[0]), (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(inf.outputs[1].dtype(), DataType::kBool);
  EXPECT_EQ(Values<uint8_t>(inf.outputs[1]), (std::vector<uint8_t>{1, 1, 1}));

  std::vector<float> ones(1000, 1.0f);
  auto train = RunOp("Dropout", {F32({1000}, ones), F32({}, {0.75f}), Bool({}, {1})}, 13,
                     {{"seed", ir::Attribute(int64_t{42})}}, 2);
  ASSERT_TRUE(train.status.ok()) << train.status.ToString();
  int kept = 0;
  for (int i = 0; i < 1000; ++i) {
    const float y = train.outputs[0].data<float>()[i];
    const bool mask = train.outputs[1].data<uint8_t>()[i] != 0;
    EXPECT_EQ(y, mask ? 4.0f : 0.0f);
    kept += mask;
  }
  EXPECT_GT(kept, 180);
  EXPECT_LT(kept, 320);
  EXPECT_FALSE(RunOp("Dropout", {F32({1}, {1}), F32({}, {1.0f}), Bool({}, {1})}, 13).status.ok());
}

TEST(ElementwiseOps, LegacyBroadcastAlignsAtAxisBeforeOpset7) {
  std::vector<float> a(24, 0.0f);
  auto r = RunOp("Add", {F32({2, 3, 4}, a), F32({3}, {1, 2, 3})}, 6,
                 {{"broadcast", ir::Attribute(int64_t{1})}, {"axis", ir::Attribute(int64_t{1})}});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.outputs[0].shape(), (Shape{2, 3, 4}));
  EXPECT_EQ(r.outputs[0].data<float>()[4], 2.0f);   // [0, 1, 0]
  EXPECT_EQ(r.outputs[0].data<float>()[23], 3.0f);  // [1, 2, 3]
  // From opset 7 the same shapes broadcast numpy-style, from the right: 4 vs 3 fails.
  EXPECT_FALSE(RunOp("Add", {F32({2, 3, 4}, a), F32({3}, {1, 2, 3})}, 7).status.ok());
  EXPECT_FALSE(RunOp("Add", {F32({2, 3, 4}, a), F32({3}, {1, 2, 3})}, 6,
                     {{"broadcast", ir::Attribute(int64_t{1})}, {"axis", ir::Attribute(int64_t{2})}})
                   .status.ok());
}

TEST(ElementwiseOps, ComparisonAndLogicProduceBool) {
  auto eq = RunOp("Equal", {I64({3}, {1, 2, 3}), I64({1}, {2})});
  ASSERT_TRUE(eq.status.ok());
  EXPECT_EQ(Values<uint8_t>(eq.outputs[0]), (std::vector<uint8_t>{0, 1, 0}));
  auto x = RunOp("Xor", {Bool({2, 2}, {0, 1, 0, 1}), Bool({2, 1}, {1, 0})});
  ASSERT_TRUE(x.status.ok());
  EXPECT_EQ(Values<uint8_t>(x.outputs[0]), (std::vector<uint8_t>{1, 0, 0, 1}));
}

}  // namespace
}  // namespace minnow::runtime
