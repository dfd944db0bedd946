// infer-shapes, --shape input fixing and fold-shapes on hand-built graphs.
#include "passes/infer_shapes.h"

#include "tests/passes/pass_test_util.h"

namespace minnow::passes {
namespace {

using namespace testing;

std::string Dims(const ir::Value* v) {
  if (!v->shape()) return "?";
  std::string s;
  for (const ir::Dim& d : *v->shape()) {
    if (!s.empty()) s += 'x';
    s += d.ToString();
  }
  return s;
}

TEST(InferShapes, RecordsInferredShapesOnIntermediateValues) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {-1, 3});
  ir::Value* a = b.Op("Relu", "relu", {x});
  ir::Value* y = b.Op("Transpose", "t", {a}, {{"perm", Ints({1, 0})}});
  b.Output(y);
  y->set_dtype(DataType::kFloat32);  // graph outputs need a type to be exported
  PassResult result = RunPass(b.model(), "infer-shapes");
  EXPECT_TRUE(result.changed);
  EXPECT_EQ(a->dtype(), DataType::kFloat32);
  EXPECT_EQ(Dims(a), "Nx3");
  EXPECT_EQ(Dims(y), "3xN");

  ASSERT_TRUE(FixInputShapes(b.model(), {{"x", {5, 3}}}).ok());
  EXPECT_EQ(Dims(x), "5x3");
  RunPass(b.model(), "infer-shapes");
  EXPECT_EQ(Dims(a), "5x3");
  EXPECT_EQ(Dims(y), "3x5");
}

// Ops ONNX does not know (the fused ops of later passes) leave their outputs unknown; inference
// still runs for the rest of the graph.
TEST(InferShapes, ToleratesOpsOutsideTheOnnxDomains) {
  GraphBuilder b;
  b.model().opset_imports["com.example"] = 1;
  ir::Value* x = b.Input("x", {2, 3});
  ir::Value* a = b.Op("Relu", "relu", {x});
  ir::Value* m = *b.graph().AddValue("mystery_out");
  ASSERT_TRUE(b.graph().AddNode("Mystery", "com.example", "mystery", {a}, {m}).ok());
  ir::Value* y = b.Op("Neg", "neg", {m});
  y->set_dtype(DataType::kFloat32);
  b.Output(y);
  PassResult result = RunPass(b.model(), "infer-shapes");
  EXPECT_EQ(Stat(result, "inference-failed"), 0);
  EXPECT_EQ(Dims(a), "2x3");
  EXPECT_EQ(m->shape(), std::nullopt);
}

// ONNX leaves a Reshape to a computed target shapeless; the pass records its rank and infers on.
TEST(InferShapes, ReshapeToAComputedTargetKeepsItsRank) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {-1, -1, 6});
  ir::Value* s = b.Op("Shape", "shape", {x});
  ir::Value* d0 = b.Op("Gather", "g0", {s, b.Const("i0", I64({}, {0}))}, {{"axis", Int(0)}});
  ir::Value* d1 = b.Op("Gather", "g1", {s, b.Const("i1", I64({}, {1}))}, {{"axis", Int(0)}});
  ir::Value* rows = b.Op("Unsqueeze", "u", {b.Op("Mul", "rows", {d0, d1}), b.Const("axes", I64({1}, {0}))});
  ir::Value* target = b.Op("Concat", "cat", {rows, b.Const("six", I64({1}, {6}))}, {{"axis", Int(0)}});
  ir::Value* r = b.Op("Reshape", "reshape", {x, target});
  ir::Value* m = b.Op("MatMul", "matmul", {r, b.Const("w", F32({6, 3}, std::vector<float>(18, 1.f)))});
  ir::Value* width = b.Op("Gather", "width", {b.Op("Shape", "shape2", {m}), b.Const("i1b", I64({}, {1}))},
                          {{"axis", Int(0)}});
  ir::Value* y = b.Op("Add", "add", {width, d0});
  y->set_dtype(DataType::kInt64);
  b.Output(y);
  PassResult result = RunPass(b.model(), "infer-shapes");
  EXPECT_GE(Stat(result, "reshape-ranks"), 1);
  EXPECT_EQ(r->shape()->size(), 2u);
  EXPECT_EQ(Dims(m).substr(Dims(m).find('x')), "x3");
  EXPECT_EQ(Stat(RunPass(b.model(), "fold-shapes"), "gather-of-shape"), 1);
  ASSERT_TRUE(width->is_initializer());
  EXPECT_EQ(Values<int64_t>(width->initializer()), (std::vector<int64_t>{3}));
  auto run = RunModel(b.model(), {{"x", Tensor(DataType::kFloat32, {5, 2, 6})}});
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(Values<int64_t>((*run)[0].tensor), (std::vector<int64_t>{8}));
}

TEST(InferShapes, FixInputShapesRejectsWhatTheModelContradicts) {
  GraphBuilder b;
  b.Input("x", {-1, 3});
  b.Const("w", F32({1}, {0}));
  EXPECT_EQ(FixInputShapes(b.model(), {{"nope", {1, 3}}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FixInputShapes(b.model(), {{"w", {1}}}).code(), StatusCode::kInvalidArgument);
  Status rank = FixInputShapes(b.model(), {{"x", {1, 3, 1}}});
  EXPECT_NE(rank.message().find("rank 2"), std::string::npos) << rank.message();
  Status dim = FixInputShapes(b.model(), {{"x", {1, 4}}});
  EXPECT_NE(dim.message().find("dimension 1 is 3"), std::string::npos) << dim.message();
  EXPECT_TRUE(FixInputShapes(b.model(), {{"x", {2, 3}}}).ok());
}

TEST(FoldShapes, KnownShapesAndSizesBecomeConstants) {
  GraphBuilder b(/*opset=*/15);
  ir::Value* x = b.Input("x", {2, 3, 4});
  b.Output(b.Op("Shape", "shape", {x}));
  b.Output(b.Op("Shape", "tail", {x}, {{"start", Int(-2)}}));
  b.Output(b.Op("Size", "size", {x}));
  PassResult result = RunPass(b.model(), "fold-shapes");
  EXPECT_EQ(Stat(result, "shape"), 2);
  EXPECT_EQ(Stat(result, "size"), 1);
  EXPECT_TRUE(b.graph().nodes().empty());
  EXPECT_EQ(Values<int64_t>(b.graph().outputs()[0]->initializer()), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(Values<int64_t>(b.graph().outputs()[1]->initializer()), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(b.graph().outputs()[2]->initializer().rank(), 0);
  EXPECT_EQ(Values<int64_t>(b.graph().outputs()[2]->initializer()), (std::vector<int64_t>{24}));
}

TEST(FoldShapes, PicksOfKnownDimsFoldWhileDynamicOnesStay) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {-1, 3, 4});
  ir::Value* shape = b.Op("Shape", "shape", {x});
  b.Output(b.Op("Size", "size", {x}));
  b.Output(b.Op("Gather", "channels", {shape, b.Const("i1", I64({}, {1}))}, {{"axis", Int(0)}}));
  b.Output(b.Op("Gather", "batch", {shape, b.Const("i0", I64({}, {0}))}, {{"axis", Int(0)}}));
  b.Output(b.Op("Gather", "last_two", {shape, b.Const("i12", I64({2}, {-2, -1}))}, {{"axis", Int(0)}}));
  b.Output(b.Op("Slice", "slice_tail", {shape, b.Const("s1", I64({1}, {1})), b.Const("e", I64({1}, {100}))}));
  b.Output(b.Op("Slice", "slice_all", {shape, b.Const("s0", I64({1}, {0})), b.Const("e2", I64({1}, {2}))}));
  PassResult result = RunPass(b.model(), "fold-shapes");
  EXPECT_EQ(Stat(result, "gather-of-shape"), 2);
  EXPECT_EQ(Stat(result, "slice-of-shape"), 1);
  EXPECT_EQ(Stat(result, "shape"), 0);
  EXPECT_EQ(Stat(result, "size"), 0);
  const auto& outs = b.graph().outputs();
  EXPECT_FALSE(outs[0]->is_initializer());
  ASSERT_TRUE(outs[1]->is_initializer());
  EXPECT_EQ(outs[1]->initializer().rank(), 0);
  EXPECT_EQ(Values<int64_t>(outs[1]->initializer()), (std::vector<int64_t>{3}));
  EXPECT_FALSE(outs[2]->is_initializer());
  EXPECT_EQ(Values<int64_t>(outs[3]->initializer()), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(Values<int64_t>(outs[4]->initializer()), (std::vector<int64_t>{3, 4}));
  EXPECT_FALSE(outs[5]->is_initializer());
  // The dynamic picks still run: batch 7 comes out of the graph.
  auto run = RunModel(b.model(), {{"x", Tensor(DataType::kFloat32, {7, 3, 4})}});
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(Values<int64_t>((*run)[2].tensor), (std::vector<int64_t>{7}));
  EXPECT_EQ(Values<int64_t>((*run)[0].tensor), (std::vector<int64_t>{84}));
}

// The chain exporters write for a reshape: with the batch fixed, the default pipeline leaves
// a single Reshape reading a constant shape.
TEST(FoldShapes, DefaultPipelineCollapsesAShapeChainOnceInputsAreFixed) {
  GraphBuilder b;
  ir::Value* x = b.Input("x", {-1, 4, 2});
  ir::Value* s = b.Op("Shape", "shape", {x});
  ir::Value* n = b.Op("Gather", "g0", {s, b.Const("zero", I64({}, {0}))}, {{"axis", Int(0)}});
  ir::Value* n1 = b.Op("Unsqueeze", "u0", {n, b.Const("axes", I64({1}, {0}))});
  ir::Value* target = b.Op("Concat", "cat", {n1, b.Const("minus_one", I64({1}, {-1}))}, {{"axis", Int(0)}});
  ir::Value* y = b.Op("Reshape", "reshape", {x, target});
  y->set_dtype(DataType::kFloat32);
  b.Output(y);
  ASSERT_TRUE(FixInputShapes(b.model(), {{"x", {3, 4, 2}}}).ok());
  const auto feeds = SeededInputs(b.graph(), {}, 9);
  auto before = RunModel(b.model(), feeds);
  ASSERT_TRUE(before.ok());
  auto reports = RunPasses(b.model(), PassRegistry::BuiltIn().DefaultPipeline());
  ASSERT_TRUE(reports.ok()) << reports.status().ToString();
  ASSERT_EQ(b.graph().nodes().size(), 1u);
  const ir::Node& reshape = *b.graph().nodes()[0];
  EXPECT_EQ(reshape.op_type(), "Reshape");
  ASSERT_TRUE(reshape.input(1)->is_initializer());
  EXPECT_EQ(Values<int64_t>(reshape.input(1)->initializer()), (std::vector<int64_t>{3, -1}));
  auto after = RunModel(b.model(), feeds);
  ASSERT_TRUE(after.ok());
  ExpectSameOutputs(*before, *after, "default pipeline");
}

}  // namespace
}  // namespace minnow::passes
