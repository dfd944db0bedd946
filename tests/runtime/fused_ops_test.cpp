// FusedConv / FusedGemm / Gelu / com.microsoft LayerNormalization kernels against the unfused
// operators run one by one.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/passes/fusion_test_util.h"

namespace minnow::testing::fusion {
namespace {

using Storage = ir::Attribute::Storage;

struct ActCase {
  std::string name;
  std::vector<float> params;
  std::string op;  // the standalone op computing the same function ("" for SiLU)
  std::map<std::string, ir::Attribute> attrs;
};

std::vector<ActCase> Cases() {
  return {
      {"", {}, "Identity", {}},
      {"Relu", {}, "Relu", {}},
      {"LeakyRelu", {0.3f}, "LeakyRelu", {{"alpha", A(Storage(0.3f))}}},
      {"Clip", {-0.2f, 0.4f}, "Clip", {{"min", A(Storage(-0.2f))}, {"max", A(Storage(0.4f))}}},
      {"Sigmoid", {}, "Sigmoid", {}},
      {"Tanh", {}, "Tanh", {}},
      {"HardSigmoid", {0.3f, 0.6f}, "HardSigmoid", {{"alpha", A(Storage(0.3f))}, {"beta", A(Storage(0.6f))}}},
      {"HardSwish", {}, "HardSwish", {}},
      {"SiLU", {}, "", {}},
  };
}

// reference: act(Conv(x, w, b) + z) from standalone nodes (Clip at opset 6 takes attributes).
ir::Value* Unfused(Builder& b, ir::Value* y, const ActCase& c) {
  if (c.op.empty()) return b.Op("Mul", {y, b.Op("Sigmoid", {y})});
  return b.Op(c.op, {y}, c.attrs);
}

TEST(FusedConv, MatchesConvAddActivation) {
  for (bool residual : {false, true}) {
    for (const auto& c : Cases()) {
      SCOPED_TRACE(c.name + (residual ? " +Z" : ""));
      // 150 outputs: the vector loop and its scalar tail both run.
      const Tensor w = Random({3, 3, 3, 3}, 1), bias = Random({3}, 2), z = Random({2, 3, 5, 5}, 3);
      Builder ref(6), fused(6);
      {
        ir::Value* x = ref.Input("x", {2, 3, 5, 5});
        ir::Value* y = ref.Op("Conv", {x, ref.Init(w), ref.Init(bias)}, {{"pads", A(Storage(std::vector<int64_t>{1, 1, 1, 1}))}});
        if (residual) y = ref.Op("Add", {y, ref.Init(z)});
        ref.Output(Unfused(ref, y, c));
      }
      {
        ir::Value* x = fused.Input("x", {2, 3, 5, 5});
        std::vector<ir::Value*> in = {x, fused.Init(w), fused.Init(bias)};
        if (residual) in.push_back(fused.Init(z));
        std::map<std::string, ir::Attribute> attrs = {{"pads", A(Storage(std::vector<int64_t>{1, 1, 1, 1}))},
                                                      {"activation", A(Storage(c.name))}};
        if (!c.params.empty()) attrs["activation_params"] = A(Storage(c.params));
        fused.model.opset_imports["com.microsoft"] = 1;
        fused.Output(fused.Op("FusedConv", in, attrs, {}, "com.microsoft"));
      }
      const std::vector<NamedTensor> feeds = {{"x", Random({2, 3, 5, 5}, 4)}};
      auto want = RunModel(ref.model, feeds);
      auto got = RunModel(fused.model, feeds);
      ASSERT_TRUE(want.ok()) << want.status().ToString();
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      ExpectClose(*want, *got, 1e-6);
    }
  }
}

TEST(FusedGemm, MatchesGemmActivationWithOrtAttributes) {
  Builder ref(13), fused(13);
  const Tensor w = Random({6, 4}, 5), c = Random({4}, 6);
  const std::map<std::string, ir::Attribute> gemm = {{"alpha", A(Storage(0.5f))}, {"beta", A(Storage(2.0f))}};
  ir::Value* x = ref.Input("x", {3, 6});
  ref.Output(ref.Op("LeakyRelu", {ref.Op("Gemm", {x, ref.Init(w), ref.Init(c)}, gemm)}, {{"alpha", A(Storage(0.2f))}}));
  auto attrs = gemm;
  attrs["activation"] = A(Storage(std::string("LeakyRelu")));
  attrs["activation_alpha"] = A(Storage(0.2f));
  ir::Value* fx = fused.Input("x", {3, 6});
  fused.Output(fused.Op("FusedGemm", {fx, fused.Init(w), fused.Init(c)}, attrs, {}, "com.microsoft"));
  const std::vector<NamedTensor> feeds = {{"x", Random({3, 6}, 7)}};
  ExpectClose(*RunModel(ref.model, feeds), *RunModel(fused.model, feeds), 1e-6);
}

TEST(FusedConv, RejectsBadResidualAndUnknownActivation) {
  Builder b(13);
  ir::Value* x = b.Input("x", {1, 2, 4, 4});
  b.Output(b.Op("FusedConv", {x, b.Init(Random({3, 2, 1, 1}, 1)), nullptr, b.Init(Random({1, 3, 4, 1}, 2))},
                {{"activation", A(Storage(std::string("Relu")))}}, {}, "com.microsoft"));
  auto r = RunModel(b.model, {{"x", Random({1, 2, 4, 4}, 3)}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("residual Z"), std::string::npos) << r.status().ToString();

  Builder u(13);
  ir::Value* ux = u.Input("x", {1, 2, 4, 4});
  u.Output(u.Op("FusedConv", {ux, u.Init(Random({3, 2, 1, 1}, 1))}, {{"activation", A(Storage(std::string("Mish")))}},
                {}, "com.microsoft"));
  auto e = runtime::Executor::Create(u.model);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("Mish"), std::string::npos);
}

TEST(Gelu, MatchesErfFormula) {
  Builder b(13);
  b.Output(b.Op("Gelu", {b.Input("x", {5, 40})}, {}, {}, "com.microsoft"));
  const Tensor x = Random({5, 40}, 9, -4.0f, 4.0f);
  auto y = RunModel(b.model, {{"x", x}});
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  for (int64_t i = 0; i < x.numel(); ++i) {
    const double v = x.data<float>()[i];
    EXPECT_NEAR((*y)[0].data<float>()[i], 0.5 * v * (1 + std::erf(v / std::sqrt(2.0))), 1e-6);
  }
}

TEST(MsLayerNormalization, SameAsOnnxOp) {
  Builder onnx(17), ms(13);
  const Tensor g = Random({6}, 1), beta = Random({6}, 2);
  const std::map<std::string, ir::Attribute> attrs = {{"epsilon", A(Storage(1e-3f))}};
  onnx.Output(onnx.Op("LayerNormalization", {onnx.Input("x", {2, 6}), onnx.Init(g), onnx.Init(beta)}, attrs));
  ms.Output(ms.Op("LayerNormalization", {ms.Input("x", {2, 6}), ms.Init(g), ms.Init(beta)}, attrs, {}, "com.microsoft"));
  const std::vector<NamedTensor> feeds = {{"x", Random({2, 6}, 3)}};
  ExpectClose(*RunModel(onnx.model, feeds), *RunModel(ms.model, feeds), 0);
}

}  // namespace
}  // namespace minnow::testing::fusion
