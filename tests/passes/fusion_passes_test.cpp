// Each fusion pass on a tiny hand-built graph: the pattern is rewritten (node counts) and the
// outputs match the unfused graph on seeded inputs; near-miss patterns are left alone.
#include <gtest/gtest.h>

#include "tests/passes/fusion_test_util.h"

namespace minnow::testing::fusion {
namespace {

using Storage = ir::Attribute::Storage;

// Builds the same model twice, runs `passes` on one, and checks outputs agree on a seeded input.
template <typename BuildFn>
ir::Model RunAndCompare(BuildFn build, const std::vector<std::string>& pass_names, const Shape& input_shape,
                        std::vector<passes::PassRunReport>* reports = nullptr) {
  Builder before, after;
  build(before);
  build(after);
  auto result = passes::RunPasses(after.model, pass_names);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (reports && result.ok()) *reports = *result;
  const std::vector<NamedTensor> feeds = {{"x", Random(input_shape, 7)}};
  auto want = RunModel(before.model, feeds);
  auto got = RunModel(after.model, feeds);
  EXPECT_TRUE(want.ok()) << want.status().ToString();
  EXPECT_TRUE(got.ok()) << got.status().ToString();
  if (want.ok() && got.ok()) ExpectClose(*want, *got);
  return std::move(after.model);
}

ir::Value* Conv(Builder& b, ir::Value* x, int64_t cin, int64_t cout, bool bias, const Shape& out_shape,
                uint32_t seed = 1) {
  std::vector<ir::Value*> in = {x, b.Init(Random({cout, cin, 3, 3}, seed))};
  if (bias) in.push_back(b.Init(Random({cout}, seed + 1)));
  return b.Op("Conv", in, {{"pads", A(Storage(std::vector<int64_t>{1, 1, 1, 1}))}}, out_shape);
}

ir::Value* BatchNorm(Builder& b, ir::Value* y, int64_t c, uint32_t seed) {
  return b.Op("BatchNormalization",
              {y, b.Init(Random({c}, seed)), b.Init(Random({c}, seed + 1)), b.Init(Random({c}, seed + 2)),
               b.Init(Random({c}, seed + 3, 0.5f, 2.0f))},
              {{"epsilon", A(Storage(1e-3f))}});
}

TEST(FoldBn, ConvWithAndWithoutBias) {
  for (bool bias : {false, true}) {
    auto m = RunAndCompare(
        [&](Builder& b) {
          ir::Value* x = b.Input("x", {2, 3, 6, 6});
          b.Output(BatchNorm(b, Conv(b, x, 3, 4, bias, {}), 4, 10));
        },
        {"fold-bn"}, {2, 3, 6, 6});
    EXPECT_EQ(CountOps(*m.graph, "BatchNormalization"), 0);
    EXPECT_EQ(CountOps(*m.graph, "Conv"), 1);
    EXPECT_EQ(m.graph->outputs()[0]->name().rfind("BatchNormalization_out", 0), 0u) << "output name kept";
  }
}

TEST(FoldBn, ConvTransposeGroupedAndGemm) {
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {1, 4, 5, 5});
        ir::Value* y = b.Op("ConvTranspose", {x, b.Init(Random({4, 3, 2, 2}, 3))},
                            {{"group", A(Storage(int64_t{2}))}, {"strides", A(Storage(std::vector<int64_t>{2, 2}))}});
        b.Output(BatchNorm(b, y, 6, 20));
      },
      {"fold-bn"}, {1, 4, 5, 5});
  EXPECT_EQ(CountOps(*m.graph, "BatchNormalization"), 0);
  for (int64_t trans_b : {0, 1}) {
    auto g = RunAndCompare(
        [&](Builder& b) {
          ir::Value* x = b.Input("x", {3, 5});
          Shape wshape = trans_b ? Shape{4, 5} : Shape{5, 4};
          ir::Value* y = b.Op("Gemm", {x, b.Init(Random(wshape, 4)), b.Init(Random({4}, 5))},
                              {{"transB", A(Storage(trans_b))}, {"alpha", A(Storage(0.5f))}, {"beta", A(Storage(2.0f))}});
          b.Output(BatchNorm(b, y, 4, 30));
        },
        {"fold-bn"}, {3, 5});
    EXPECT_EQ(CountOps(*g.graph, "BatchNormalization"), 0);
  }
}

TEST(FoldBn, ParametersFromConstantNodes) {
  // Constants as nodes (not initializers) are read too, and removed once nothing reads them.
  const auto constant = [](Builder& b, Tensor t) {
    return b.Op("Constant", {}, {{"value", A(Storage(std::move(t)))}});
  };
  auto m = RunAndCompare(
      [&](Builder& b) {
        ir::Value* x = b.Input("x", {1, 2, 4, 4});
        ir::Value* y = b.Op("Conv", {x, constant(b, Random({3, 2, 1, 1}, 41))});
        b.Output(b.Op("BatchNormalization", {y, constant(b, Random({3}, 42)), constant(b, Random({3}, 43)),
                                             constant(b, Random({3}, 44)), constant(b, Random({3}, 45, 0.5f, 1.5f))}));
      },
      {"fold-bn"}, {1, 2, 4, 4});
  ASSERT_EQ(m.graph->nodes().size(), 1u);
  EXPECT_EQ(m.graph->nodes()[0]->op_type(), "Conv");
}

TEST(FoldBn, LeavesSharedConvOutputAlone) {
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {1, 3, 4, 4});
        ir::Value* c = Conv(b, x, 3, 2, true, {});
        b.Output(BatchNorm(b, c, 2, 40));
        b.Output(c);  // the unnormalized conv output is used too
      },
      {"fold-bn"}, {1, 3, 4, 4});
  EXPECT_EQ(CountOps(*m.graph, "BatchNormalization"), 1);
}

TEST(FoldConvMulAdd, PerChannelMulDivAddSub) {
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {1, 3, 5, 5});
        ir::Value* y = Conv(b, x, 3, 4, true, {});
        y = b.Op("Mul", {b.Init(Random({4, 1, 1}, 50)), y});
        y = b.Op("Div", {y, b.Init(Random({1, 4, 1, 1}, 51, 1.0f, 2.0f))});
        y = b.Op("Add", {y, b.Init(Random({4, 1, 1}, 52))});
        y = b.Op("Sub", {y, b.Scalar(0.25f)});
        b.Output(y);
      },
      {"fold-conv-mul-add"}, {1, 3, 5, 5});
  EXPECT_EQ(m.graph->nodes().size(), 1u);
}

TEST(FoldConvMulAdd, KeepsNonChannelBroadcasts) {
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {1, 3, 5, 5});
        ir::Value* y = Conv(b, x, 3, 4, true, {});
        y = b.Op("Mul", {y, b.Init(Random({5}, 53))});             // varies along W
        y = b.Op("Sub", {b.Init(Random({4, 1, 1}, 54)), y});      // constant on the left
        b.Output(y);
      },
      {"fold-conv-mul-add", "fuse-bias-add"}, {1, 3, 5, 5});
  EXPECT_EQ(m.graph->nodes().size(), 3u);
}

TEST(FuseBiasAdd, ConvAndGemm) {
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {2, 6});
        ir::Value* y = b.Op("Gemm", {x, b.Init(Random({6, 3}, 60))});
        b.Output(b.Op("Add", {y, b.Init(Random({1, 3}, 61))}));
      },
      {"fuse-bias-add"}, {2, 6});
  EXPECT_EQ(CountOps(*m.graph, "Add"), 0);
  auto c = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {1, 2, 4, 4});
        b.Output(b.Op("Add", {Conv(b, x, 2, 3, false, {}), b.Init(Random({1, 3, 1, 1}, 62))}));
      },
      {"fuse-bias-add"}, {1, 2, 4, 4});
  EXPECT_EQ(CountOps(*c.graph, "Add"), 0);
}

TEST(FuseMatMulAdd, TwoDimensionalOnly) {
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {3, 4});
        ir::Value* y = b.Op("MatMul", {x, b.Init(Random({4, 5}, 70))}, {}, {3, 5});
        b.Output(b.Op("Add", {b.Init(Random({5}, 71)), y}));
      },
      {"fuse-matmul-add"}, {3, 4});
  EXPECT_EQ(CountOps(*m.graph, "Gemm"), 1);
  EXPECT_EQ(m.graph->nodes().size(), 1u);
  auto batched = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {2, 3, 4});
        ir::Value* y = b.Op("MatMul", {x, b.Init(Random({4, 5}, 72))});
        b.Output(b.Op("Add", {y, b.Init(Random({5}, 73))}));
      },
      {"fuse-matmul-add"}, {2, 3, 4});
  EXPECT_EQ(CountOps(*batched.graph, "Gemm"), 0);
}

TEST(FuseActivation, EachActivationOnConv) {
  using Act = std::function<ir::Value*(Builder&, ir::Value*)>;
  const std::vector<std::pair<std::string, Act>> acts = {
      {"Relu", [](Builder& b, ir::Value* y) { return b.Op("Relu", {y}); }},
      {"Clip", [](Builder& b, ir::Value* y) { return b.Op("Clip", {y, b.Scalar(0.0f), b.Scalar(0.5f)}); }},
      {"LeakyRelu", [](Builder& b, ir::Value* y) { return b.Op("LeakyRelu", {y}, {{"alpha", A(Storage(0.2f))}}); }},
      {"Sigmoid", [](Builder& b, ir::Value* y) { return b.Op("Sigmoid", {y}); }},
      {"Tanh", [](Builder& b, ir::Value* y) { return b.Op("Tanh", {y}); }},
      {"HardSigmoid",
       [](Builder& b, ir::Value* y) {
         return b.Op("HardSigmoid", {y}, {{"alpha", A(Storage(0.3f))}, {"beta", A(Storage(0.4f))}});
       }},
      {"HardSwish", [](Builder& b, ir::Value* y) { return b.Op("HardSwish", {y}); }},
      {"HardSwish",
       [](Builder& b, ir::Value* y) {
         ir::Value* hs = b.Op("HardSigmoid", {y}, {{"alpha", A(Storage(1.0f / 6))}, {"beta", A(Storage(0.5f))}});
         return b.Op("Mul", {y, hs});
       }},
      {"SiLU", [](Builder& b, ir::Value* y) { return b.Op("Mul", {b.Op("Sigmoid", {y}), y}); }},
      // PaddlePaddle's hardswish export: x * relu6(x + 3) / 6, in both groupings.
      {"HardSwish",
       [](Builder& b, ir::Value* y) {
         ir::Value* r = b.Op("Clip", {b.Op("Add", {y, b.Scalar(3.0f)}), b.Scalar(0.0f), b.Scalar(6.0f)});
         return b.Op("Div", {b.Op("Mul", {y, r}), b.Scalar(6.0f)});
       }},
      {"HardSwish",
       [](Builder& b, ir::Value* y) {
         ir::Value* r = b.Op("Clip", {b.Op("Add", {b.Scalar(3.0f), y}), b.Scalar(0.0f), b.Scalar(6.0f)});
         return b.Op("Mul", {b.Op("Mul", {r, b.Scalar(1.0f / 6)}), y});
       }},
  };
  for (const auto& [name, act] : acts) {
    SCOPED_TRACE(name);
    std::vector<passes::PassRunReport> reports;
    auto m = RunAndCompare(
        [&](Builder& b) {
          ir::Value* x = b.Input("x", {1, 3, 5, 5});
          b.Output(act(b, Conv(b, x, 3, 4, true, {})));
        },
        {"fuse-activation"}, {1, 3, 5, 5}, &reports);
    ASSERT_EQ(m.graph->nodes().size(), 1u);
    const ir::Node& n = *m.graph->nodes()[0];
    EXPECT_EQ(n.op_type(), "FusedConv");
    EXPECT_EQ(n.domain(), "com.microsoft");
    EXPECT_EQ(n.GetString("activation", ""), name);
    EXPECT_EQ(m.opset_imports.at("com.microsoft"), 1);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].result.stats.at(name), 1);
  }
}

TEST(FuseActivation, GemmAndSharedOutputs) {
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {2, 6});
        ir::Value* y = b.Op("Gemm", {x, b.Init(Random({3, 6}, 80))}, {{"transB", A(Storage(int64_t{1}))}});
        b.Output(b.Op("LeakyRelu", {y}, {{"alpha", A(Storage(0.1f))}}));
      },
      {"fuse-activation"}, {2, 6});
  ASSERT_EQ(m.graph->nodes().size(), 1u);
  EXPECT_EQ(m.graph->nodes()[0]->op_type(), "FusedGemm");
  // The conv output is read by the Relu and another node: nothing to fuse.
  auto shared = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {1, 3, 5, 5});
        ir::Value* y = Conv(b, x, 3, 4, true, {});
        b.Output(b.Op("Add", {b.Op("Relu", {y}), y}));
      },
      {"fuse-activation"}, {1, 3, 5, 5});
  EXPECT_EQ(CountOps(*shared.graph, "Relu"), 1);
}

TEST(FuseActivation, FusedNodeTakesThePlaceOfThePattern) {
  // Conv, Relu, Neg, then an independent Sigmoid: the FusedConv must run where the Conv did, not
  // be moved behind unrelated nodes (that would keep more tensors alive at once).
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {1, 3, 5, 5});
        b.Output(b.Op("Neg", {b.Op("Relu", {Conv(b, x, 3, 4, true, {})})}));
        b.Output(b.Op("Sigmoid", {x}));
      },
      {"fuse-activation"}, {1, 3, 5, 5});
  std::vector<std::string> order;
  for (const auto& n : m.graph->nodes()) order.push_back(n->op_type());
  EXPECT_EQ(order, (std::vector<std::string>{"FusedConv", "Neg", "Sigmoid"}));
}

TEST(FuseResidual, AddThenReluBecomesOneFusedConv) {
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {1, 4, 5, 5});
        ir::Value* y = Conv(b, x, 4, 4, true, {1, 4, 5, 5});
        b.Output(b.Op("Relu", {b.Op("Add", {x, y})}));
      },
      {"fuse-residual", "fuse-activation"}, {1, 4, 5, 5});
  ASSERT_EQ(m.graph->nodes().size(), 1u);
  const ir::Node& n = *m.graph->nodes()[0];
  EXPECT_EQ(n.op_type(), "FusedConv");
  EXPECT_EQ(n.num_inputs(), 4u);
  EXPECT_EQ(n.input(3)->name(), "x");
  EXPECT_EQ(n.GetString("activation", ""), "Relu");
}

TEST(FuseResidual, NeedsEqualKnownShapes) {
  for (bool known : {false, true}) {
    auto m = RunAndCompare(
        [&](Builder& b) {
          ir::Value* x = b.Input("x", {1, 4, 5, 5});
          ir::Value* y = Conv(b, x, 4, 4, true, known ? Shape{1, 4, 5, 5} : Shape{});
          // z broadcasts over the conv output: ORT's Z must have the output's shape.
          b.Output(b.Op("Add", {y, b.Init(Random({1, 4, 5, 1}, 90))}));
        },
        {"fuse-residual"}, {1, 4, 5, 5});
    EXPECT_EQ(CountOps(*m.graph, "Add"), 1);
  }
}

ir::Value* GeluVariant(Builder& b, ir::Value* x, int variant) {
  ir::Value* s = variant == 1 ? b.Op("Mul", {x, b.Scalar(0.70710678f)}) : b.Op("Div", {x, b.Scalar(1.4142135f)});
  ir::Value* a = b.Op("Add", {b.Scalar(1.0f), b.Op("Erf", {s})});
  if (variant == 0) return b.Op("Mul", {b.Op("Mul", {x, a}), b.Scalar(0.5f)});
  if (variant == 1) return b.Op("Mul", {a, b.Op("Mul", {x, b.Scalar(0.5f)})});
  return b.Op("Mul", {x, b.Op("Mul", {a, b.Scalar(0.5f)})});
}

TEST(FuseGelu, ThreeOperandOrders) {
  for (int variant = 0; variant < 3; ++variant) {
    SCOPED_TRACE(variant);
    auto m = RunAndCompare(
        [&](Builder& b) {
          ir::Value* x = b.Input("x", {2, 7});
          b.Output(GeluVariant(b, x, variant));
        },
        {"fuse-gelu"}, {2, 7});
    ASSERT_EQ(m.graph->nodes().size(), 1u);
    EXPECT_EQ(m.graph->nodes()[0]->op_type(), "Gelu");
    EXPECT_EQ(m.graph->nodes()[0]->domain(), "com.microsoft");
  }
}

TEST(FuseGelu, WrongConstantIsLeftAlone) {
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {2, 7});
        ir::Value* a = b.Op("Add", {b.Op("Erf", {b.Op("Div", {x, b.Scalar(2.0f)})}), b.Scalar(1.0f)});
        b.Output(b.Op("Mul", {b.Op("Mul", {x, a}), b.Scalar(0.5f)}));
      },
      {"fuse-gelu"}, {2, 7});
  EXPECT_EQ(CountOps(*m.graph, "Gelu"), 0);
}

ir::Value* LayerNormSubgraph(Builder& b, ir::Value* x, bool affine, int64_t d) {
  const std::map<std::string, ir::Attribute> last = {{"axes", A(Storage(std::vector<int64_t>{-1}))}};
  ir::Value* diff = b.Op("Sub", {x, b.Op("ReduceMean", {x}, last)});
  ir::Value* var = b.Op("ReduceMean", {b.Op("Pow", {diff, b.Scalar(2.0f)})}, last);
  ir::Value* y = b.Op("Div", {diff, b.Op("Sqrt", {b.Op("Add", {var, b.Scalar(1e-5f)})})});
  if (!affine) return y;
  y = b.Op("Mul", {y, b.Init(Random({d}, 100))});
  return b.Op("Add", {y, b.Init(Random({d}, 101))});
}

TEST(FuseLayerNorm, OpsetDecidesDomain) {
  for (int64_t opset : {13, 17}) {
    for (bool affine : {false, true}) {
      SCOPED_TRACE(std::to_string(opset) + (affine ? " affine" : ""));
      Builder before(opset), after(opset);
      for (Builder* b : {&before, &after}) b->Output(LayerNormSubgraph(*b, b->Input("x", {2, 3, 8}), affine, 8));
      ASSERT_TRUE(passes::RunPasses(after.model, {"fuse-layernorm"}).ok());
      ASSERT_EQ(after.g().nodes().size(), 1u);
      EXPECT_EQ(after.g().nodes()[0]->op_type(), "LayerNormalization");
      EXPECT_EQ(after.g().nodes()[0]->domain(), opset >= 17 ? "" : "com.microsoft");
      const std::vector<NamedTensor> feeds = {{"x", Random({2, 3, 8}, 5)}};
      ExpectClose(*RunModel(before.model, feeds), *RunModel(after.model, feeds));
    }
  }
}

TEST(FuseLayerNorm, OtherAxisIsLeftAlone) {
  auto m = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {2, 3, 8});
        const std::map<std::string, ir::Attribute> ax = {{"axes", A(Storage(std::vector<int64_t>{1}))}};
        ir::Value* diff = b.Op("Sub", {x, b.Op("ReduceMean", {x}, ax)});
        ir::Value* var = b.Op("ReduceMean", {b.Op("Pow", {diff, b.Scalar(2.0f)})}, ax);
        b.Output(b.Op("Div", {diff, b.Op("Sqrt", {b.Op("Add", {var, b.Scalar(1e-5f)})})}));
      },
      {"fuse-layernorm"}, {2, 3, 8});
  EXPECT_EQ(CountOps(*m.graph, "LayerNormalization"), 0);
}

TEST(FoldTransposeReshape, ComposesAndRemoves) {
  const auto perm = [](std::vector<int64_t> p) { return std::map<std::string, ir::Attribute>{{"perm", A(Storage(p))}}; };
  auto m = RunAndCompare(
      [&](Builder& b) {
        ir::Value* x = b.Input("x", {2, 3, 4});
        ir::Value* t = b.Op("Transpose", {b.Op("Transpose", {x}, perm({1, 2, 0}))}, perm({2, 0, 1}));  // identity
        ir::Value* u = b.Op("Transpose", {b.Op("Transpose", {t}, perm({0, 2, 1}))}, perm({1, 0, 2}));
        b.Output(b.Op("Relu", {u}));
      },
      {"fold-transpose-reshape"}, {2, 3, 4});
  EXPECT_EQ(CountOps(*m.graph, "Transpose"), 1);
  auto r = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {2, 3, 4});
        ir::Value* y = b.Op("Reshape", {x, b.Init(Tensor::FromVector(DataType::kInt64, {2}, std::vector<int64_t>{6, 4}))});
        y = b.Op("Reshape", {y, b.Init(Tensor::FromVector(DataType::kInt64, {2}, std::vector<int64_t>{-1, 3}))});
        b.Output(y);
      },
      {"fold-transpose-reshape"}, {2, 3, 4});
  EXPECT_EQ(CountOps(*r.graph, "Reshape"), 1);
  // A 0 in the second shape copies a dim of the first reshape's output: not collapsible.
  auto z = RunAndCompare(
      [](Builder& b) {
        ir::Value* x = b.Input("x", {2, 3, 4});
        ir::Value* y = b.Op("Reshape", {x, b.Init(Tensor::FromVector(DataType::kInt64, {2}, std::vector<int64_t>{6, 4}))});
        y = b.Op("Reshape", {y, b.Init(Tensor::FromVector(DataType::kInt64, {3}, std::vector<int64_t>{0, 2, 2}))});
        b.Output(y);
      },
      {"fold-transpose-reshape"}, {2, 3, 4});
  EXPECT_EQ(CountOps(*z.graph, "Reshape"), 2);
}

TEST(FusionPasses, InDefaultPipelineInOrder) {
  const auto pipeline = passes::PassRegistry::BuiltIn().DefaultPipeline();
  const auto pos = [&](const std::string& n) { return std::find(pipeline.begin(), pipeline.end(), n) - pipeline.begin(); };
  for (const char* n : {"fold-bn", "fuse-residual", "fuse-activation", "fuse-gelu", "fuse-layernorm"}) {
    EXPECT_LT(pos(n), static_cast<long>(pipeline.size())) << n;
  }
  EXPECT_LT(pos("fold-bn"), pos("fuse-residual"));
  EXPECT_LT(pos("fuse-residual"), pos("fuse-activation"));
}

}  // namespace
}  // namespace minnow::testing::fusion
