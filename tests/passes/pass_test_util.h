// Test helpers for the passes: building small IR graphs by hand, running one pass with the
// verifier, and running a model through the Executor to compare results before and after.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ir/verifier.h"
#include "passes/pass_manager.h"
#include "runtime/executor.h"

namespace minnow::passes::testing {

// Builds a graph value by value: inputs, initializers, nodes with fresh output values.
class GraphBuilder {
 public:
  explicit GraphBuilder(int64_t opset = 13) { model_.opset_imports[""] = opset; }
  ir::Model& model() { return model_; }
  ir::Graph& graph() { return *model_.graph; }

  // dims: >= 0 known, -1 symbolic ("N").
  ir::Value* Input(const std::string& name, std::vector<int64_t> dims, DataType dtype = DataType::kFloat32) {
    ir::Value* v = *graph().AddValue(name);
    v->set_dtype(dtype);
    std::vector<ir::Dim> shape;
    for (int64_t d : dims) shape.push_back(d >= 0 ? ir::Dim::Known(d) : ir::Dim::Symbolic("N"));
    v->set_shape(std::move(shape));
    graph().AddInput(v);
    return v;
  }
  ir::Value* Const(const std::string& name, Tensor t) {
    ir::Value* v = *graph().AddValue(name);
    v->set_initializer(std::move(t));
    return v;
  }
  // One node with `num_outputs` new outputs named "<name>_out<i>"; returns the first.
  ir::Value* Op(const std::string& op, const std::string& name, std::vector<ir::Value*> inputs,
                std::map<std::string, ir::Attribute> attrs = {}, size_t num_outputs = 1) {
    std::vector<ir::Value*> outs;
    for (size_t i = 0; i < num_outputs; ++i) outs.push_back(*graph().AddValue(name + "_out" + std::to_string(i)));
    ir::Node* n = *graph().AddNode(op, "", name, std::move(inputs), outs);
    for (auto& [k, a] : attrs) n->SetAttribute(k, std::move(a));
    return outs[0];
  }
  void Output(ir::Value* v) { graph().AddOutput(v); }

 private:
  ir::Model model_;
};

inline Tensor F32(Shape shape, const std::vector<float>& v) { return Tensor::FromVector(DataType::kFloat32, std::move(shape), v); }
inline Tensor I64(Shape shape, const std::vector<int64_t>& v) { return Tensor::FromVector(DataType::kInt64, std::move(shape), v); }
inline Tensor Bool(bool b) { return Tensor::FromVector(DataType::kBool, {}, std::vector<uint8_t>{b ? uint8_t{1} : uint8_t{0}}); }
inline ir::Attribute Ints(std::vector<int64_t> v) { return ir::Attribute(ir::Attribute::Storage(std::move(v))); }
inline ir::Attribute Int(int64_t v) { return ir::Attribute(ir::Attribute::Storage(v)); }
inline ir::Attribute Float(float v) { return ir::Attribute(ir::Attribute::Storage(v)); }

template <typename T>
std::vector<T> Values(const Tensor& t) {
  return std::vector<T>(t.data<T>(), t.data<T>() + t.numel());
}

// Runs one registered pass (verifying the graph afterwards, as RunPasses does); fails the test on error.
inline PassResult RunPass(ir::Model& model, const std::string& name) {
  auto reports = RunPasses(model, {name});
  EXPECT_TRUE(reports.ok()) << reports.status().ToString();
  if (!reports.ok() || reports->empty()) return {};
  return (*reports)[0].result;
}

inline int64_t Stat(const PassResult& r, const std::string& what) {
  auto it = r.stats.find(what);
  return it == r.stats.end() ? 0 : it->second;
}

inline int CountOps(const ir::Graph& g, const std::string& op) {
  return static_cast<int>(std::count_if(g.nodes().begin(), g.nodes().end(),
                                        [&](const auto& n) { return n->op_type() == op; }));
}

// Seeded inputs for every graph input that is not an initializer. Symbolic dims take the value
// `dims` gives for that input's position, else 1. Floats are uniform in [-1, 1].
inline std::vector<NamedTensor> SeededInputs(const ir::Graph& g, const std::map<std::string, Shape>& shapes,
                                             uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-1.f, 1.f);
  std::vector<NamedTensor> feeds;
  for (const ir::Value* in : g.inputs()) {
    if (in->is_initializer()) continue;
    Shape shape;
    if (auto it = shapes.find(in->name()); it != shapes.end()) {
      shape = it->second;
    } else if (in->shape()) {
      for (const ir::Dim& d : *in->shape()) shape.push_back(d.is_known() ? d.size : 1);
    }
    Tensor t(in->dtype(), shape);
    if (in->dtype() == DataType::kFloat32) {
      for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = uniform(rng);
    }
    feeds.push_back({in->name(), std::move(t)});
  }
  return feeds;
}

inline Expected<std::vector<NamedTensor>> RunModel(const ir::Model& model, const std::vector<NamedTensor>& feeds) {
  MINNOW_ASSIGN_OR_RETURN(auto executor, runtime::Executor::Create(model));
  return executor->Run(feeds);
}

// Same output names, shapes and dtypes, and max|a - b| <= 1e-5 * max|a| per float output
// (other dtypes exactly equal).
inline void ExpectSameOutputs(const std::vector<NamedTensor>& want, const std::vector<NamedTensor>& got,
                              const std::string& context) {
  ASSERT_EQ(want.size(), got.size()) << context;
  for (size_t i = 0; i < want.size(); ++i) {
    const Tensor& a = want[i].tensor;
    const Tensor& b = got[i].tensor;
    EXPECT_EQ(want[i].name, got[i].name) << context;
    ASSERT_EQ(a.dtype(), b.dtype()) << context << " output " << want[i].name;
    ASSERT_EQ(a.shape(), b.shape()) << context << " output " << want[i].name;
    double max_abs = 0, max_diff = 0;
    for (int64_t k = 0; k < a.numel(); ++k) {
      const double x = a.GetAsDouble(k), y = b.GetAsDouble(k);
      max_abs = std::max(max_abs, std::fabs(x));
      max_diff = std::max(max_diff, std::isnan(x) != std::isnan(y) ? INFINITY : std::fabs(x - y));
    }
    if (IsFloatingPoint(a.dtype())) {
      EXPECT_LE(max_diff, 1e-5 * max_abs) << context << " output " << want[i].name;
    } else {
      EXPECT_EQ(max_diff, 0) << context << " output " << want[i].name;
    }
  }
}

}  // namespace minnow::passes::testing
