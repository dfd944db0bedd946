// remove-identity on hand-built graphs: rewiring, graph outputs keeping their names, Dropout modes.
#include "tests/passes/pass_test_util.h"

namespace minnow::passes {
namespace {

using namespace testing;

TEST(RemoveIdentity, RewiresReadersToTheInput) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {3});
  ir::Value* a = b.Op("Relu", "relu", {x});
  ir::Value* i1 = b.Op("Identity", "id1", {a});
  ir::Value* i2 = b.Op("Identity", "id2", {i1});
  b.Output(b.Op("Neg", "neg", {i2}));
  PassResult result = RunPass(b.model(), "remove-identity");
  EXPECT_EQ(Stat(result, "identity"), 2);
  ASSERT_EQ(b.graph().nodes().size(), 2u);
  EXPECT_EQ(b.graph().nodes()[1]->input(0), a);
  EXPECT_EQ(b.graph().FindValue("id1_out0"), nullptr);
}

TEST(RemoveIdentity, GraphOutputKeepsItsNameAndOtherReadersFollow) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {3});
  ir::Value* a = b.Op("Relu", "relu", {x});
  ir::Value* y = b.Op("Identity", "id", {a});
  ir::Value* z = b.Op("Neg", "neg", {a});
  b.Output(y);
  b.Output(z);
  const auto feeds = SeededInputs(b.graph(), {}, 3);
  auto before = RunModel(b.model(), feeds);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(Stat(RunPass(b.model(), "remove-identity"), "identity"), 1);
  EXPECT_EQ(CountOps(b.graph(), "Identity"), 0);
  EXPECT_EQ(b.graph().outputs()[0], y);
  ASSERT_NE(y->producer(), nullptr);
  EXPECT_EQ(y->producer()->op_type(), "Relu");
  EXPECT_EQ(b.graph().FindValue("relu_out0"), nullptr);
  auto after = RunModel(b.model(), feeds);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  ExpectSameOutputs(*before, *after, "remove-identity");
}

TEST(RemoveIdentity, KeepsIdentityBetweenInterfaceValues) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {3});
  ir::Value* a = b.Op("Relu", "relu", {x});
  b.Output(a);
  b.Output(b.Op("Identity", "copy_of_input", {x}));
  b.Output(b.Op("Identity", "copy_of_output", {a}));
  b.Output(b.Op("Identity", "copy_of_const", {b.Const("c", F32({1}, {1}))}));
  EXPECT_FALSE(RunPass(b.model(), "remove-identity").changed);
  EXPECT_EQ(CountOps(b.graph(), "Identity"), 3);
}

TEST(RemoveIdentity, RemovesOnlyInferenceDropoutWithUnusedMask) {
  GraphBuilder b(/*opset=*/13);
  ir::Value* x = b.Input("x", {3});
  ir::Value* ratio = b.Const("ratio", F32({}, {0.3f}));
  ir::Value* off = b.Const("off", Bool(false));
  ir::Value* on = b.Const("on", Bool(true));
  ir::Value* d1 = b.Op("Dropout", "plain", {x});
  ir::Value* d2 = b.Op("Dropout", "explicit_off", {d1, ratio, off}, {}, 2);  // mask unused
  ir::Value* d3 = b.Op("Dropout", "training", {d2, ratio, on});
  ir::Value* d4 = b.Op("Dropout", "mask_read", {d3}, {}, 2);
  b.Output(d4);
  b.Output(b.graph().FindValue("mask_read_out1"));
  PassResult result = RunPass(b.model(), "remove-identity");
  EXPECT_EQ(Stat(result, "dropout"), 2);
  ASSERT_EQ(b.graph().nodes().size(), 2u);
  EXPECT_EQ(b.graph().nodes()[0]->name(), "training");
  EXPECT_EQ(b.graph().nodes()[0]->input(0), x);
  EXPECT_EQ(b.graph().nodes()[1]->name(), "mask_read");
}

}  // namespace
}  // namespace minnow::passes
