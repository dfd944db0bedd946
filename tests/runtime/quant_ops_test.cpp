// Tests of the quantized operators through the executor: QLinearConv with groups, strides,
// dilations, padding and per-channel weights against a direct reference; QLinearMatMul and
// MatMulInteger batching with per-row/per-column parameters; validation errors naming the node.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ir/graph.h"
#include "runtime/executor.h"

namespace minnow::runtime {
namespace {

// A model with one node; inputs given as tensors become initializers unless listed in `fed`.
struct OneNodeModel {
  ir::Model model;
  std::vector<NamedTensor> feeds;
};

OneNodeModel MakeModel(const std::string& op, const std::vector<Tensor>& inputs, std::map<std::string, ir::Attribute> attrs,
                       int outputs = 1, int64_t opset = 13) {
  OneNodeModel m;
  m.model.opset_imports[""] = opset;
  ir::Graph& g = *m.model.graph;
  std::vector<ir::Value*> ins;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].empty()) {
      ins.push_back(nullptr);
      continue;
    }
    ir::Value* v = *g.AddValue("in" + std::to_string(i));
    if (i == 0) {  // the data input is fed at run time, the rest are constants
      v->set_dtype(inputs[i].dtype());
      g.AddInput(v);
      m.feeds.push_back({v->name(), inputs[i]});
    } else {
      v->set_initializer(inputs[i]);
    }
    ins.push_back(v);
  }
  std::vector<ir::Value*> outs;
  for (int o = 0; o < outputs; ++o) outs.push_back(*g.AddValue("out" + std::to_string(o)));
  ir::Node* n = *g.AddNode(op, "", "q1", ins, outs);
  for (auto& [k, a] : attrs) n->SetAttribute(k, a);
  for (auto* o : outs) g.AddOutput(o);
  return m;
}

Expected<std::vector<NamedTensor>> RunModel(OneNodeModel& m) {
  MINNOW_ASSIGN_OR_RETURN(auto ex, Executor::Create(m.model));
  return ex->Run(m.feeds);
}

ir::Attribute Ints(std::vector<int64_t> v) { return ir::Attribute(ir::Attribute::Storage(std::move(v))); }
ir::Attribute Int(int64_t v) { return ir::Attribute(ir::Attribute::Storage(v)); }

template <typename T>
Tensor Random(DataType dt, Shape shape, std::mt19937& rng) {
  Tensor t(dt, shape);
  for (int64_t i = 0; i < t.numel(); ++i) {
    t.data<T>()[i] = static_cast<T>(static_cast<int>(rng() % 256) + (std::is_signed_v<T> ? -128 : 0));
  }
  return t;
}

uint8_t RefRequant(int64_t acc, float mult, int zp) {
  float v = std::nearbyint(static_cast<float>(acc) * mult) + static_cast<float>(zp);
  return static_cast<uint8_t>(std::clamp(v, 0.0f, 255.0f));
}

TEST(QuantOps, QLinearConvGroupsStridesDilationsPerChannel) {
  std::mt19937 rng(3);
  // x [1, 4, 7, 6], w [6, 2, 3, 2] with group 2, strides [2, 1], dilations [1, 2], pads [1, 0, 2, 1].
  Tensor x = Random<uint8_t>(DataType::kUInt8, {1, 4, 7, 6}, rng);
  Tensor w = Random<int8_t>(DataType::kInt8, {6, 2, 3, 2}, rng);
  const float xs = 0.02f, ys = 0.5f;
  const uint8_t xzp = 100, yzp = 120;
  std::vector<float> ws = {0.01f, 0.02f, 0.015f, 0.03f, 0.005f, 0.011f};
  std::vector<int8_t> wzp = {0, 1, -2, 3, 0, -1};
  std::vector<int32_t> bias = {10, -20, 30, 0, 5, -7};
  auto model = MakeModel("QLinearConv",
                         {x, Tensor::Scalar(xs), Tensor::FromVector<uint8_t>(DataType::kUInt8, {}, {xzp}), w,
                          Tensor::FromVector(DataType::kFloat32, {6}, ws), Tensor::FromVector(DataType::kInt8, {6}, wzp),
                          Tensor::Scalar(ys), Tensor::FromVector<uint8_t>(DataType::kUInt8, {}, {yzp}),
                          Tensor::FromVector(DataType::kInt32, {6}, bias)},
                         {{"group", Int(2)}, {"strides", Ints({2, 1})}, {"dilations", Ints({1, 2})},
                          {"pads", Ints({1, 0, 2, 1})}});
  auto out = RunModel(model);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Tensor& y = (*out)[0].tensor;
  // Output: H = (7 + 3 - 3) / 2 + 1 = 4, W = (6 + 1 - 3) / 1 + 1 = 5.
  ASSERT_EQ(y.shape(), (Shape{1, 6, 4, 5}));
  ASSERT_EQ(y.dtype(), DataType::kUInt8);
  for (int64_t m = 0; m < 6; ++m) {
    const int64_t g = m / 3;
    for (int64_t oh = 0; oh < 4; ++oh) {
      for (int64_t ow = 0; ow < 5; ++ow) {
        int64_t acc = bias[m];
        for (int64_t c = 0; c < 2; ++c) {
          for (int64_t kh = 0; kh < 3; ++kh) {
            for (int64_t kw = 0; kw < 2; ++kw) {
              const int64_t ih = oh * 2 - 1 + kh, iw = ow - 0 + kw * 2;
              if (ih < 0 || ih >= 7 || iw < 0 || iw >= 6) continue;
              const int64_t xv = x.data<uint8_t>()[((g * 2 + c) * 7 + ih) * 6 + iw] - xzp;
              const int64_t wv = w.data<int8_t>()[((m * 2 + c) * 3 + kh) * 2 + kw] - wzp[m];
              acc += xv * wv;
            }
          }
        }
        EXPECT_EQ(y.data<uint8_t>()[(m * 4 + oh) * 5 + ow], RefRequant(acc, xs * ws[m] / ys, yzp))
            << m << " " << oh << " " << ow;
      }
    }
  }
}

TEST(QuantOps, ConvIntegerSameUpperPadsAtTheEnd) {
  // 1-D: x [1, 1, 4] = 1..4, w [1, 1, 2] = [1, 1], stride 1, SAME_UPPER -> pad end by 1.
  auto model = MakeModel("ConvInteger",
                         {Tensor::FromVector<uint8_t>(DataType::kUInt8, {1, 1, 4}, {1, 2, 3, 4}),
                          Tensor::FromVector<uint8_t>(DataType::kUInt8, {1, 1, 2}, {1, 1}),
                          Tensor::FromVector<uint8_t>(DataType::kUInt8, {}, {1})},
                         {{"auto_pad", ir::Attribute(ir::Attribute::Storage(std::string("SAME_UPPER")))}});
  auto out = RunModel(model);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Tensor& y = (*out)[0].tensor;
  ASSERT_EQ(y.shape(), (Shape{1, 1, 4}));
  // (x - 1) = 0,1,2,3 then padding contributes 0: sums 1, 3, 5, 3.
  EXPECT_EQ(std::vector<int32_t>(y.data<int32_t>(), y.data<int32_t>() + 4), (std::vector<int32_t>{1, 3, 5, 3}));
}

TEST(QuantOps, MatMulIntegerBroadcastsBatchesWithPerRowAndColumnZeroPoints) {
  std::mt19937 rng(5);
  Tensor a = Random<uint8_t>(DataType::kUInt8, {2, 1, 3, 4}, rng);
  Tensor b = Random<int8_t>(DataType::kInt8, {3, 4, 5}, rng);
  std::vector<uint8_t> azp = {1, 2, 3};
  std::vector<int8_t> bzp = {0, -1, 2, 3, -4};
  auto model = MakeModel("MatMulInteger",
                         {a, b, Tensor::FromVector(DataType::kUInt8, {3}, azp),
                          Tensor::FromVector(DataType::kInt8, {1, 5}, bzp)},
                         {});
  auto out = RunModel(model);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Tensor& y = (*out)[0].tensor;
  ASSERT_EQ(y.shape(), (Shape{2, 3, 3, 5}));
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t j = 0; j < 3; ++j) {
      for (int64_t m = 0; m < 3; ++m) {
        for (int64_t n = 0; n < 5; ++n) {
          int64_t ref = 0;
          for (int64_t k = 0; k < 4; ++k) {
            ref += (int64_t{a.data<uint8_t>()[(i * 3 + m) * 4 + k]} - azp[m]) *
                   (int64_t{b.data<int8_t>()[(j * 4 + k) * 5 + n]} - bzp[n]);
          }
          EXPECT_EQ(y.data<int32_t>()[((i * 3 + j) * 3 + m) * 5 + n], ref);
        }
      }
    }
  }
}

TEST(QuantOps, QLinearMatMulPerColumnScales) {
  // a [1, 2] (per-tensor), b [2, 2] with per-column scale and zero point.
  auto model = MakeModel("QLinearMatMul",
                         {Tensor::FromVector<uint8_t>(DataType::kUInt8, {1, 2}, {10, 20}), Tensor::Scalar(0.1f),
                          Tensor::FromVector<uint8_t>(DataType::kUInt8, {}, {0}),
                          Tensor::FromVector<uint8_t>(DataType::kUInt8, {2, 2}, {1, 5, 2, 6}),
                          Tensor::FromVector<float>(DataType::kFloat32, {2}, {1.0f, 0.5f}),
                          Tensor::FromVector<uint8_t>(DataType::kUInt8, {2}, {0, 4}), Tensor::Scalar(1.0f),
                          Tensor::FromVector<uint8_t>(DataType::kUInt8, {}, {3})},
                         {});
  auto out = RunModel(model);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Tensor& y = (*out)[0].tensor;
  // col 0: (10*1 + 20*2) * 0.1 * 1 = 5 -> 8; col 1: (10*1 + 20*2) * 0.1 * 0.5 = 2.5 -> 2 -> 5.
  EXPECT_EQ(std::vector<uint8_t>(y.data<uint8_t>(), y.data<uint8_t>() + 2), (std::vector<uint8_t>{8, 5}));
}

TEST(QuantOps, QLinearConvInt8SameLowerPadsAtTheStart) {
  // 1-D int8: x [1, 1, 4] = [-4, -2, 0, 2] (zp -2), w [1, 1, 2] = [1, 2], SAME_LOWER pads the start by 1.
  auto model = MakeModel("QLinearConv",
                         {Tensor::FromVector<int8_t>(DataType::kInt8, {1, 1, 4}, {-4, -2, 0, 2}), Tensor::Scalar(1.0f),
                          Tensor::FromVector<int8_t>(DataType::kInt8, {}, {-2}),
                          Tensor::FromVector<int8_t>(DataType::kInt8, {1, 1, 2}, {1, 2}), Tensor::Scalar(1.0f),
                          Tensor::FromVector<int8_t>(DataType::kInt8, {}, {0}), Tensor::Scalar(2.0f),
                          Tensor::FromVector<int8_t>(DataType::kInt8, {}, {-1})},
                         {{"auto_pad", ir::Attribute(ir::Attribute::Storage(std::string("SAME_LOWER")))}});
  auto out = RunModel(model);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Tensor& y = (*out)[0].tensor;
  ASSERT_EQ(y.dtype(), DataType::kInt8);
  ASSERT_EQ(y.shape(), (Shape{1, 1, 4}));
  // x - zp = [-2, 0, 2, 4]; sums with padding first: [2*-2, -2 + 0, 0 + 4, 2 + 8] = [-4, -2, 4, 10];
  // / 2 -> [-2, -1, 2, 5]; + (-1) -> [-3, -2, 1, 4].
  EXPECT_EQ(std::vector<int8_t>(y.data<int8_t>(), y.data<int8_t>() + 4), (std::vector<int8_t>{-3, -2, 1, 4}));
}

TEST(QuantOps, QLinearMatMulPerRowScalesInBatches) {
  // a [2, 2, 1] with scales [2, 2, 1] (per batch and row), b [1, 1] per-tensor.
  auto model = MakeModel("QLinearMatMul",
                         {Tensor::FromVector<uint8_t>(DataType::kUInt8, {2, 2, 1}, {10, 10, 10, 10}),
                          Tensor::FromVector<float>(DataType::kFloat32, {2, 2, 1}, {1.0f, 2.0f, 3.0f, 4.0f}),
                          Tensor::FromVector<uint8_t>(DataType::kUInt8, {2, 2, 1}, {0, 0, 5, 5}),
                          Tensor::FromVector<uint8_t>(DataType::kUInt8, {1, 1}, {1}), Tensor::Scalar(1.0f),
                          Tensor::FromVector<uint8_t>(DataType::kUInt8, {}, {0}), Tensor::Scalar(1.0f),
                          Tensor::FromVector<uint8_t>(DataType::kUInt8, {}, {0})},
                         {});
  auto out = RunModel(model);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Tensor& y = (*out)[0].tensor;
  ASSERT_EQ(y.shape(), (Shape{2, 2, 1}));
  EXPECT_EQ(std::vector<uint8_t>(y.data<uint8_t>(), y.data<uint8_t>() + 4), (std::vector<uint8_t>{10, 20, 15, 20}));
}

TEST(QuantOps, DynamicQuantizeLinearOutputsScaleAndZeroPoint) {
  auto model = MakeModel("DynamicQuantizeLinear",
                         {Tensor::FromVector<float>(DataType::kFloat32, {3}, {-1.0f, 0.5f, 3.0f})}, {}, 3, 11);
  auto out = RunModel(model);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const float scale = (*out)[1].tensor.data<float>()[0];
  EXPECT_FLOAT_EQ(scale, 4.0f / 255.0f);
  EXPECT_EQ((*out)[2].tensor.data<uint8_t>()[0], 64);
  const uint8_t* y = (*out)[0].tensor.data<uint8_t>();
  EXPECT_EQ(y[0], 0);    // round(-63.75) + 64 = 0
  EXPECT_EQ(y[1], 96);   // round(31.875) + 64
  EXPECT_EQ(y[2], 255);  // round(191.25) + 64 = 255
}

TEST(QuantOps, QuantizeLinearInt8RoundsHalfToEvenAndSaturates) {
  auto model = MakeModel("QuantizeLinear",
                         {Tensor::FromVector<float>(DataType::kFloat32, {5}, {0.5f, 1.5f, -2.5f, 1000.0f, -1000.0f}),
                          Tensor::Scalar(1.0f), Tensor::FromVector<int8_t>(DataType::kInt8, {}, {1})},
                         {});
  auto out = RunModel(model);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Tensor& y = (*out)[0].tensor;
  ASSERT_EQ(y.dtype(), DataType::kInt8);
  EXPECT_EQ(std::vector<int8_t>(y.data<int8_t>(), y.data<int8_t>() + 5), (std::vector<int8_t>{1, 3, -1, 127, -128}));
}

TEST(QuantOps, DequantizeLinearInt32WithoutZeroPoint) {
  auto model = MakeModel("DequantizeLinear",
                         {Tensor::FromVector<int32_t>(DataType::kInt32, {2}, {-4, 6}), Tensor::Scalar(0.5f)}, {});
  auto out = RunModel(model);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)[0].tensor.data<float>()[0], -2.0f);
  EXPECT_EQ((*out)[0].tensor.data<float>()[1], 3.0f);
}

TEST(QuantOps, ErrorsNameTheNode) {
  // Per-axis scale with the wrong length.
  auto m1 = MakeModel("DequantizeLinear",
                      {Tensor(DataType::kUInt8, {2, 3}), Tensor::FromVector<float>(DataType::kFloat32, {2}, {1, 1}),
                       Tensor::FromVector<uint8_t>(DataType::kUInt8, {2}, {0, 0})},
                      {{"axis", Int(1)}});
  auto r1 = RunModel(m1);
  ASSERT_FALSE(r1.ok());
  EXPECT_NE(r1.status().message().find("DequantizeLinear 'q1'"), std::string::npos) << r1.status().message();

  // Per-axis scale is not allowed before opset 13.
  auto m2 = MakeModel("QuantizeLinear",
                      {Tensor(DataType::kFloat32, {2, 2}), Tensor::FromVector<float>(DataType::kFloat32, {2}, {1, 1})}, {},
                      1, 10);
  EXPECT_FALSE(RunModel(m2).ok());

  // Weight zero points of the wrong count.
  auto m3 = MakeModel("ConvInteger",
                      {Tensor(DataType::kUInt8, {1, 1, 3, 3}), Tensor(DataType::kUInt8, {2, 1, 2, 2}),
                       Tensor(), Tensor(DataType::kUInt8, {3})},
                      {});
  auto r3 = RunModel(m3);
  ASSERT_FALSE(r3.ok());
  EXPECT_NE(r3.status().message().find("ConvInteger 'q1'"), std::string::npos) << r3.status().message();
  EXPECT_NE(r3.status().message().find("w_zero_point"), std::string::npos) << r3.status().message();

  // Channel mismatch with groups, kernel larger than the input, hostile huge stride.
  auto m4 = MakeModel("ConvInteger", {Tensor(DataType::kUInt8, {1, 3, 3, 3}), Tensor(DataType::kUInt8, {2, 1, 2, 2})},
                      {{"group", Int(2)}});
  EXPECT_FALSE(RunModel(m4).ok());
  auto m5 = MakeModel("ConvInteger", {Tensor(DataType::kUInt8, {1, 1, 2, 2}), Tensor(DataType::kUInt8, {1, 1, 3, 3})}, {});
  EXPECT_FALSE(RunModel(m5).ok());
  auto m6 = MakeModel("ConvInteger", {Tensor(DataType::kUInt8, {1, 1, 2, 2}), Tensor(DataType::kUInt8, {1, 1, 1, 1})},
                      {{"strides", Ints({int64_t{1} << 62, 1})}});
  EXPECT_FALSE(RunModel(m6).ok());

  // MatMul inner dimension mismatch and a per-row zero point of the wrong length.
  auto m7 = MakeModel("MatMulInteger", {Tensor(DataType::kUInt8, {2, 3}), Tensor(DataType::kUInt8, {4, 2})}, {});
  EXPECT_FALSE(RunModel(m7).ok());
  auto m8 = MakeModel("MatMulInteger",
                      {Tensor(DataType::kUInt8, {2, 3}), Tensor(DataType::kUInt8, {3, 2}), Tensor(DataType::kUInt8, {3})},
                      {});
  auto r8 = RunModel(m8);
  ASSERT_FALSE(r8.ok());
  EXPECT_NE(r8.status().message().find("a_zero_point"), std::string::npos) << r8.status().message();
}

}  // namespace
}  // namespace minnow::runtime
