// cse on hand-built graphs: duplicate initializers and nodes merge, differing ones do not.
#include "tests/passes/pass_test_util.h"

namespace minnow::passes {
namespace {

using namespace testing;

TEST(Cse, MergesEqualInitializersThenTheNodesReadingThem) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {2});
  ir::Value* c1 = b.Const("c1", F32({2}, {1, 2}));
  ir::Value* c2 = b.Const("c2", F32({2}, {1, 2}));
  ir::Value* c3 = b.Const("c3", F32({2}, {1, 3}));
  ir::Value* a1 = b.Op("Add", "a1", {x, c1});
  ir::Value* a2 = b.Op("Add", "a2", {x, c2});
  ir::Value* r1 = b.Op("Relu", "r1", {a1});
  ir::Value* r2 = b.Op("Relu", "r2", {a2});
  b.Output(b.Op("Mul", "mul", {r1, r2}));
  b.Output(b.Op("Add", "a3", {x, c3}));
  const auto feeds = SeededInputs(b.graph(), {}, 5);
  auto before = RunModel(b.model(), feeds);
  ASSERT_TRUE(before.ok());
  PassResult result = RunPass(b.model(), "cse");
  EXPECT_EQ(Stat(result, "initializers"), 1);
  EXPECT_EQ(Stat(result, "nodes"), 2);  // a2, then r2 once its input is a1
  ASSERT_EQ(b.graph().nodes().size(), 4u);
  EXPECT_EQ(b.graph().nodes()[2]->input(0), r1);
  EXPECT_EQ(b.graph().nodes()[2]->input(1), r1);
  EXPECT_EQ(b.graph().FindValue("c2"), nullptr);
  EXPECT_EQ(b.graph().nodes()[3]->input(1), c3);  // different bytes: kept
  auto after = RunModel(b.model(), feeds);
  ASSERT_TRUE(after.ok());
  ExpectSameOutputs(*before, *after, "cse");
}

TEST(Cse, DifferentAttributesOrInputOrderDoNotMerge) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {2, 3});
  ir::Value* y = b.Input("y", {2, 3});
  ir::Value* t1 = b.Op("LeakyRelu", "l1", {x}, {{"alpha", Float(0.1f)}});
  ir::Value* t2 = b.Op("LeakyRelu", "l2", {x}, {{"alpha", Float(0.2f)}});
  ir::Value* t3 = b.Op("LeakyRelu", "l3", {x}, {{"alpha", Float(0.1f)}});  // same as l1
  ir::Value* s1 = b.Op("Sub", "s1", {x, y});
  ir::Value* s2 = b.Op("Sub", "s2", {y, x});
  ir::Value* sum = b.Op("Sum", "sum", {t1, t2, t3, s1, s2});
  b.Output(sum);
  PassResult result = RunPass(b.model(), "cse");
  EXPECT_EQ(Stat(result, "nodes"), 1);
  EXPECT_EQ(CountOps(b.graph(), "LeakyRelu"), 2);
  EXPECT_EQ(CountOps(b.graph(), "Sub"), 2);
  EXPECT_EQ(sum->producer()->input(2), t1);
}

TEST(Cse, NodesWritingGraphOutputsStay) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {2});
  b.Output(b.Op("Relu", "r1", {x}));
  b.Output(b.Op("Relu", "r2", {x}));
  ir::Value* w = b.Const("w", F32({1}, {1}));
  b.Output(w);
  b.Output(b.Op("Add", "add", {x, b.Const("w_copy", F32({1}, {1}))}));
  EXPECT_FALSE(RunPass(b.model(), "cse").changed);
  EXPECT_EQ(CountOps(b.graph(), "Relu"), 2);
  EXPECT_EQ(b.graph().outputs()[2], w);
  EXPECT_EQ(b.graph().outputs()[0]->name(), "r1_out0");
  EXPECT_EQ(b.graph().outputs()[1]->name(), "r2_out0");
}

}  // namespace
}  // namespace minnow::passes
