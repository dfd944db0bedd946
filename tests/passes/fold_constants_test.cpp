// fold-constants on hand-built graphs: what is folded, what is kept, and why.
#include "passes/cleanup/fold_constants.h"

#include "tests/passes/pass_test_util.h"

namespace minnow::passes {
namespace {

using namespace testing;

TEST(FoldConstants, FoldsAChainOfConstantNodesInOneRun) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {2, 3});
  ir::Value* c = b.Const("c", F32({6}, {1, 2, 3, 4, 5, 6}));
  ir::Value* shape = b.Const("shape", I64({2}, {3, 2}));
  ir::Value* r = b.Op("Reshape", "r", {c, shape});
  ir::Value* t = b.Op("Transpose", "t", {r}, {{"perm", Ints({1, 0})}});
  ir::Value* y = b.Op("Add", "add", {x, t});
  b.Output(y);
  const auto feeds = SeededInputs(b.graph(), {}, 1);
  auto before = RunModel(b.model(), feeds);
  ASSERT_TRUE(before.ok()) << before.status().ToString();

  PassResult result = RunPass(b.model(), "fold-constants");
  EXPECT_EQ(Stat(result, "folded"), 2);
  ASSERT_EQ(b.graph().nodes().size(), 1u);
  EXPECT_EQ(b.graph().nodes()[0]->op_type(), "Add");
  ASSERT_TRUE(t->is_initializer());
  EXPECT_EQ(t->initializer().shape(), (Shape{2, 3}));
  EXPECT_EQ(Values<float>(t->initializer()), (std::vector<float>{1, 3, 5, 2, 4, 6}));
  // The inputs of folded nodes are gone; the folded value keeps its name.
  EXPECT_EQ(b.graph().FindValue("c"), nullptr);
  EXPECT_EQ(b.graph().FindValue("t_out0"), t);
  auto after = RunModel(b.model(), feeds);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  ExpectSameOutputs(*before, *after, "fold-constants");
}

TEST(FoldConstants, FoldedGraphOutputKeepsItsName) {
  GraphBuilder b;
  ir::Value* c = b.Const("c", F32({2}, {1, -2}));
  ir::Value* y = b.Op("Neg", "neg", {c});
  b.Output(y);
  EXPECT_EQ(Stat(RunPass(b.model(), "fold-constants"), "folded"), 1);
  EXPECT_TRUE(b.graph().nodes().empty());
  ASSERT_EQ(b.graph().outputs().size(), 1u);
  EXPECT_EQ(b.graph().outputs()[0]->name(), "neg_out0");
  EXPECT_EQ(Values<float>(b.graph().outputs()[0]->initializer()), (std::vector<float>{-1, 2}));
}

TEST(FoldConstants, KeepsNodesReadingInputsOrOverridableInitializers) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {2});
  ir::Value* w = b.Const("w", F32({2}, {1, 2}));
  b.graph().AddInput(w);  // an initializer listed as input: a default the caller may replace
  b.Output(b.Op("Neg", "neg_w", {w}));
  b.Output(b.Op("Neg", "neg_x", {x}));
  PassResult result = RunPass(b.model(), "fold-constants");
  EXPECT_FALSE(result.changed);
  EXPECT_EQ(b.graph().nodes().size(), 2u);
}

TEST(FoldConstants, SkipsLargeResultsUnlessSmallerThanTheInputs) {
  GraphBuilder b;
  ir::Value* one = b.Const("one", F32({}, {1}));
  ir::Value* big_shape = b.Const("big_shape", I64({1}, {100}));
  b.Output(b.Op("Expand", "expand", {one, big_shape}));  // 400 bytes from 12
  ir::Value* w = b.Const("w", F32({100}, std::vector<float>(100, 2.f)));
  ir::Value* axes = b.Const("axes", I64({1}, {0}));
  b.Output(b.Op("ReduceSum", "sum", {w, axes}));  // 4 bytes from 408
  FoldConstantsPass pass(/*max_bytes=*/64);
  auto result = pass.Run(b.model());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(Stat(*result, "folded"), 1);
  EXPECT_EQ(Stat(*result, "skipped-too-large"), 1);
  ASSERT_EQ(b.graph().nodes().size(), 1u);
  EXPECT_EQ(b.graph().nodes()[0]->op_type(), "Expand");
  EXPECT_EQ(Values<float>(b.graph().outputs()[1]->initializer()), (std::vector<float>{200}));
  EXPECT_TRUE(ir::Verify(b.graph()).ok());
}

TEST(FoldConstants, NeverFoldsTrainingDropoutOrDequantizeLinear) {
  GraphBuilder b;
  ir::Value* c = b.Const("c", F32({4}, {1, 2, 3, 4}));
  ir::Value* ratio = b.Const("ratio", F32({}, {0.5f}));
  ir::Value* training = b.Const("training", Bool(true));
  b.Output(b.Op("Dropout", "drop", {c, ratio, training}));
  ir::Value* q = b.Const("q", Tensor::FromVector(DataType::kInt8, {2}, std::vector<int8_t>{1, 2}));
  ir::Value* scale = b.Const("scale", F32({}, {0.5f}));
  b.Output(b.Op("DequantizeLinear", "dq", {q, scale}));
  EXPECT_FALSE(RunPass(b.model(), "fold-constants").changed);
  EXPECT_EQ(b.graph().nodes().size(), 2u);
}

TEST(FoldConstants, LeavesNodesThatWouldFailForRunTime) {
  GraphBuilder b;
  ir::Value* c = b.Const("c", F32({6}, {1, 2, 3, 4, 5, 6}));
  ir::Value* bad = b.Const("bad", I64({2}, {4, 4}));
  b.Output(b.Op("Reshape", "r", {c, bad}));
  PassResult result = RunPass(b.model(), "fold-constants");
  EXPECT_EQ(Stat(result, "skipped-failed"), 1);
  EXPECT_EQ(b.graph().nodes().size(), 1u);
  EXPECT_FALSE(RunModel(b.model(), {}).ok());  // the error still surfaces when the model runs
}

TEST(FoldConstants, FoldedViewsOwnTheirBytes) {
  GraphBuilder b;
  ir::Value* c = b.Const("c", F32({4}, {1, 2, 3, 4}));
  ir::Value* shape = b.Const("shape", I64({2}, {2, 2}));
  ir::Value* r = b.Op("Reshape", "r", {c, shape});
  ir::Value* x = b.Input("x", {2, 2});
  ir::Value* x4 = b.Input("x4", {4});
  b.Output(b.Op("Add", "add", {x, r}));
  b.Output(b.Op("Add", "add4", {x4, c}));  // keeps c alive beside the folded reshape
  EXPECT_EQ(Stat(RunPass(b.model(), "fold-constants"), "folded"), 1);
  ASSERT_TRUE(r->is_initializer());
  EXPECT_FALSE(r->initializer().SharesBufferWith(c->initializer()));
}

}  // namespace
}  // namespace minnow::passes
