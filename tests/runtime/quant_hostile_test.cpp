// Robustness of the quantized operators against malformed models: random input dtypes, ranks,
// shapes and attributes must give either a result or an error, never a crash or an out-of-bounds
// access (run under the ASan build to check the latter).
#include <gtest/gtest.h>

#include <iostream>
#include <random>

#include "ir/graph.h"
#include "runtime/executor.h"

namespace minnow::runtime {
namespace {

Tensor RandomTensor(std::mt19937& rng) {
  static const DataType kTypes[] = {DataType::kUInt8, DataType::kInt8, DataType::kInt32, DataType::kFloat32};
  const DataType dt = kTypes[rng() % 4];
  Shape shape(rng() % 5);
  for (auto& d : shape) d = static_cast<int64_t>(rng() % 4);
  Tensor t(dt, shape);
  auto* bytes = static_cast<uint8_t*>(t.raw_data());
  for (size_t i = 0; i < t.nbytes(); ++i) bytes[i] = static_cast<uint8_t>(rng());
  if (dt == DataType::kFloat32) {  // finite, modest floats so scales are meaningful
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = static_cast<float>(rng() % 200) / 50.0f - 1.0f;
  }
  return t;
}

std::vector<int64_t> RandomInts(std::mt19937& rng, int64_t lo, int64_t hi) {
  std::vector<int64_t> v(rng() % 5);
  for (auto& x : v) x = lo + static_cast<int64_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
  return v;
}

TEST(QuantHostile, RandomInputsNeverCrash) {
  const std::pair<const char*, int> ops[] = {{"QuantizeLinear", 3},   {"DequantizeLinear", 3}, {"DynamicQuantizeLinear", 1},
                                             {"MatMulInteger", 4},    {"QLinearMatMul", 8},    {"ConvInteger", 4},
                                             {"QLinearConv", 9}};
  std::mt19937 rng(1234);
  int ran = 0, ok = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    const auto& [op, max_inputs] = ops[iter % 7];
    ir::Model model;
    model.opset_imports[""] = (rng() % 2) ? 13 : 10;
    ir::Graph& g = *model.graph;
    std::vector<ir::Value*> ins;
    const int n_inputs = 1 + static_cast<int>(rng() % max_inputs);
    std::vector<NamedTensor> feeds;
    for (int i = 0; i < n_inputs; ++i) {
      if (i > 0 && rng() % 8 == 0) {
        ins.push_back(nullptr);
        continue;
      }
      ir::Value* v = *g.AddValue("in" + std::to_string(i));
      Tensor t = RandomTensor(rng);
      v->set_dtype(t.dtype());
      g.AddInput(v);
      feeds.push_back({v->name(), t});
      ins.push_back(v);
    }
    std::vector<ir::Value*> outs;
    for (int o = 0; o < 3; ++o) outs.push_back(*g.AddValue("out" + std::to_string(o)));
    if (std::string(op) != "DynamicQuantizeLinear") outs.resize(1);
    ir::Node* n = *g.AddNode(op, "", "h", ins, outs);
    if (rng() % 2) n->SetAttribute("axis", ir::Attribute(ir::Attribute::Storage(static_cast<int64_t>(rng() % 9) - 4)));
    if (rng() % 2) n->SetAttribute("group", ir::Attribute(ir::Attribute::Storage(static_cast<int64_t>(rng() % 4) - 1)));
    if (rng() % 2) n->SetAttribute("strides", ir::Attribute(ir::Attribute::Storage(RandomInts(rng, -1, 3))));
    if (rng() % 2) n->SetAttribute("dilations", ir::Attribute(ir::Attribute::Storage(RandomInts(rng, -1, 3))));
    if (rng() % 2) n->SetAttribute("pads", ir::Attribute(ir::Attribute::Storage(RandomInts(rng, -1, 3))));
    if (rng() % 3 == 0) n->SetAttribute("kernel_shape", ir::Attribute(ir::Attribute::Storage(RandomInts(rng, 0, 3))));
    if (rng() % 3 == 0) {
      static const char* kPads[] = {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "bogus"};
      n->SetAttribute("auto_pad", ir::Attribute(ir::Attribute::Storage(std::string(kPads[rng() % 5]))));
    }
    for (auto* o : outs) g.AddOutput(o);
    auto ex = Executor::Create(model);
    if (!ex.ok()) continue;
    ++ran;
    auto result = (*ex)->Run(feeds);
    if (result.ok()) {
      ++ok;
    } else {
      EXPECT_FALSE(result.status().message().empty());
    }
  }
  std::cout << ran << " models ran, " << ok << " produced outputs\n";
  EXPECT_GT(ran, 2000);
  EXPECT_GT(ok, 0);  // some random combinations are valid models
}

}  // namespace
}  // namespace minnow::runtime
