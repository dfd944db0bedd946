// Tests of graph construction, topological sorting and the verifier.
#include <gtest/gtest.h>

#include "ir/graph.h"
#include "ir/printer.h"
#include "ir/verifier.h"

namespace minnow::ir {
namespace {

TEST(Graph, SortsNodesAndVerifies) {
  Graph g;
  Value* x = *g.AddValue("x");
  Value* a = *g.AddValue("a");
  Value* b = *g.AddValue("b");
  g.AddInput(x);
  ASSERT_TRUE(g.AddNode("Relu", "", "second", {a}, {b}).ok());
  ASSERT_TRUE(g.AddNode("Neg", "", "first", {x}, {a}).ok());
  g.AddOutput(b);
  EXPECT_FALSE(Verify(g).ok());  // out of order
  ASSERT_TRUE(g.TopologicalSort().ok());
  EXPECT_TRUE(Verify(g).ok());
  EXPECT_EQ(g.nodes()[0]->name(), "first");
  const std::string text = PrintGraph(g);
  EXPECT_NE(text.find("%a = Neg(x)"), std::string::npos) << text;
}

TEST(Graph, DetectsCycleAndDuplicateProducers) {
  Graph g;
  Value* a = *g.AddValue("a");
  Value* b = *g.AddValue("b");
  ASSERT_TRUE(g.AddNode("Relu", "", "r1", {a}, {b}).ok());
  ASSERT_TRUE(g.AddNode("Relu", "", "r2", {b}, {a}).ok());
  Status st = g.TopologicalSort();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("cycle"), std::string::npos);
  EXPECT_FALSE(g.AddNode("Neg", "", "r3", {}, {a}).ok());
  EXPECT_FALSE(g.AddValue("a").ok());
}

TEST(Graph, VerifierNamesMissingValue) {
  Graph g;
  Value* a = *g.AddValue("a");  // never defined
  Value* b = *g.AddValue("b");
  ASSERT_TRUE(g.AddNode("Relu", "", "r", {a}, {b}).ok());
  g.AddOutput(b);
  Status st = Verify(g);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("'a'"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("Relu 'r'"), std::string::npos) << st.message();
}

TEST(Tensor, RejectsBadShapes) {
  EXPECT_FALSE(Tensor::Create(DataType::kFloat32, {-1, 3}).ok());
  EXPECT_FALSE(Tensor::Create(DataType::kFloat32, {int64_t{1} << 40, int64_t{1} << 40}).ok());
  EXPECT_FALSE(Tensor::Create(DataType::kFloat32, {int64_t{1} << 62, 4}).ok());
  auto t = Tensor::Create(DataType::kInt64, {2, 3});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->nbytes(), 48u);
  EXPECT_FALSE(t->Reshaped({4}).ok());
  EXPECT_TRUE(t->Reshaped({3, 2}).ok());
}

TEST(DataType, HalfRoundTrip) {
  for (float f : {0.0f, 1.0f, -2.5f, 65504.0f, 6.1035156e-05f, 5.9604645e-08f, 0.333251953125f}) {
    EXPECT_EQ(HalfToFloat(FloatToHalf(f)), f) << f;
  }
  EXPECT_EQ(FloatToHalf(1e6f), 0x7c00);
  EXPECT_EQ(BFloat16ToFloat(FloatToBFloat16(1.5f)), 1.5f);
}

}  // namespace
}  // namespace minnow::ir
