// Helpers for the fusion-pass tests: a tiny graph builder, seeded inputs, running a model before and
// after passes, and loading real models with ONNX shape inference at concrete input shapes.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <onnx/shape_inference/implementation.h>

#include "importer/onnx_importer.h"
#include "ir/graph.h"
#include "passes/pass_manager.h"
#include "runtime/executor.h"

namespace minnow::testing::fusion {

inline Tensor Random(Shape shape, uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
  Tensor t(DataType::kFloat32, std::move(shape));
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = dist(rng);
  return t;
}

inline ir::Attribute A(ir::Attribute::Storage v) { return ir::Attribute(std::move(v)); }

// Builds a model node by node; every value gets a generated name.
class Builder {
 public:
  explicit Builder(int64_t opset = 13) { model.opset_imports[""] = opset; }

  ir::Value* Input(const std::string& name, const Shape& shape) {
    ir::Value* v = *g().AddValue(name);
    v->set_dtype(DataType::kFloat32);
    std::vector<ir::Dim> dims;
    for (int64_t d : shape) dims.push_back(ir::Dim::Known(d));
    v->set_shape(dims);
    g().AddInput(v);
    return v;
  }
  ir::Value* Init(Tensor t) {
    ir::Value* v = *g().AddValue(g().UniqueName("w"));
    v->set_initializer(std::move(t));
    return v;
  }
  ir::Value* Scalar(float f) { return Init(Tensor::FromVector(DataType::kFloat32, {}, std::vector<float>{f})); }
  // One-output node; `shape` (if given) is recorded on the output, as shape inference would.
  ir::Value* Op(const std::string& op, std::vector<ir::Value*> inputs, std::map<std::string, ir::Attribute> attrs = {},
                const Shape& shape = {}, const std::string& domain = "") {
    ir::Value* out = *g().AddValue(g().UniqueName(op + "_out"));
    out->set_dtype(DataType::kFloat32);
    if (!shape.empty()) {
      std::vector<ir::Dim> dims;
      for (int64_t d : shape) dims.push_back(ir::Dim::Known(d));
      out->set_shape(dims);
    }
    ir::Node* n = *g().AddNode(op, domain, g().UniqueName(op), std::move(inputs), {out});
    for (auto& [k, a] : attrs) n->SetAttribute(k, a);
    return out;
  }
  void Output(ir::Value* v) { g().AddOutput(v); }
  ir::Graph& g() { return *model.graph; }

  ir::Model model;
};

inline int CountOps(const ir::Graph& g, const std::string& op) {
  int n = 0;
  for (const auto& node : g.nodes()) n += node->op_type() == op;
  return n;
}

inline Expected<std::vector<Tensor>> RunModel(const ir::Model& m, const std::vector<NamedTensor>& feeds) {
  MINNOW_ASSIGN_OR_RETURN(auto exec, runtime::Executor::Create(m));
  MINNOW_ASSIGN_OR_RETURN(auto results, exec->Run(feeds));
  std::vector<Tensor> out;
  for (auto& r : results) out.push_back(std::move(r.tensor));
  return out;
}

// max |a - b| <= rel * max |a| over each output pair (float outputs; others must match exactly).
inline void ExpectClose(const std::vector<Tensor>& want, const std::vector<Tensor>& got, double rel = 1e-4) {
  ASSERT_EQ(want.size(), got.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(want[i].shape(), got[i].shape()) << "output " << i;
    double max_ref = 0, max_diff = 0;
    for (int64_t j = 0; j < want[i].numel(); ++j) {
      const double a = want[i].GetAsDouble(j), b = got[i].GetAsDouble(j);
      max_ref = std::max(max_ref, std::fabs(a));
      max_diff = std::max(max_diff, std::isnan(a) != std::isnan(b) ? INFINITY : (std::isnan(a) ? 0 : std::fabs(a - b)));
    }
    EXPECT_LE(max_diff, rel * std::max(max_ref, 1e-30)) << "output " << i << " max |ref| " << max_ref;
  }
}

// Per-pass counters summed into "pass" -> total, for reports.
inline int64_t Total(const std::vector<passes::PassRunReport>& reports, const std::string& pass) {
  int64_t n = 0;
  for (const auto& r : reports) {
    if (r.pass != pass) continue;
    for (const auto& [_, c] : r.result.stats) n += c;
  }
  return n;
}

// Imports a model with every graph input fixed to the given shape and ONNX shape inference run, so
// the passes that need shapes (fuse-residual, fuse-matmul-add) see them as after `infer-shapes`.
inline Expected<ir::Model> LoadWithShapes(const std::filesystem::path& path, const std::map<std::string, Shape>& shapes) {
  MINNOW_ASSIGN_OR_RETURN(onnx::ModelProto proto, importer::ReadModelProto(path));
  for (auto& in : *proto.mutable_graph()->mutable_input()) {
    auto it = shapes.find(in.name());
    if (it == shapes.end() || !in.type().has_tensor_type()) continue;
    auto* shape = in.mutable_type()->mutable_tensor_type()->mutable_shape();
    shape->clear_dim();
    for (int64_t d : it->second) shape->add_dim()->set_dim_value(d);
  }
  try {
    onnx::ShapeInferenceOptions options{false, 0, true};
    onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception&) {
    // Best effort: passes that need shapes simply do less.
  }
  return importer::ImportOnnxModel(proto, path.parent_path());
}

}  // namespace minnow::testing::fusion
