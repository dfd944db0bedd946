// dce on hand-built graphs.
#include "tests/passes/pass_test_util.h"

namespace minnow::passes {
namespace {

using namespace testing;

TEST(Dce, RemovesDeadChainsAndUnusedInitializers) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {2});
  ir::Value* w = b.Const("w", F32({2}, {1, 2}));
  b.Const("unused", F32({1}, {3}));
  ir::Value* a = b.Op("Add", "dead1", {x, w});
  b.Op("Relu", "dead2", {a});
  b.Output(b.Op("Neg", "live", {x}));
  PassResult result = RunPass(b.model(), "dce");
  EXPECT_EQ(Stat(result, "nodes"), 2);
  EXPECT_EQ(Stat(result, "initializers"), 2);  // w became unused with dead1
  ASSERT_EQ(b.graph().nodes().size(), 1u);
  EXPECT_EQ(b.graph().nodes()[0]->name(), "live");
  EXPECT_TRUE(b.graph().Initializers().empty());
  EXPECT_EQ(b.graph().FindValue("dead1_out0"), nullptr);
  EXPECT_NE(b.graph().FindValue("x"), nullptr);
}

TEST(Dce, KeepsNodesWithAnyLiveOutputAndUnusedGraphInputs) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {4});
  b.Input("ignored", {1});
  ir::Value* split = b.Op("Split", "split", {x}, {{"axis", Int(0)}}, 2);
  b.Output(split);  // output 1 of the Split is unused
  PassResult result = RunPass(b.model(), "dce");
  EXPECT_FALSE(result.changed);
  EXPECT_EQ(b.graph().nodes().size(), 1u);
  EXPECT_EQ(b.graph().inputs().size(), 2u);
}

TEST(Dce, KeepsInitializersThatAreGraphOutputs) {
  GraphBuilder b;
  b.Output(b.Const("c", F32({1}, {1})));
  EXPECT_FALSE(RunPass(b.model(), "dce").changed);
  EXPECT_EQ(b.graph().Initializers().size(), 1u);
}

}  // namespace
}  // namespace minnow::passes
