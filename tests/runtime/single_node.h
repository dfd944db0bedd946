// Test helper: builds a one-node model at a chosen opset and runs it through the Executor.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/executor.h"

namespace minnow::testing {

// Runs `op_type` with the given inputs (an empty Tensor means an omitted optional input) and
// attributes; returns its `num_outputs` outputs or the error of kernel creation or execution.
inline Expected<std::vector<Tensor>> RunSingleNode(const std::string& op_type, int64_t opset,
                                                   const std::vector<Tensor>& inputs,
                                                   const std::map<std::string, ir::Attribute>& attrs = {},
                                                   size_t num_outputs = 1, const std::string& name = "n") {
  ir::Model model;
  model.opset_imports[""] = opset;
  ir::Graph& g = *model.graph;
  std::vector<ir::Value*> ins;
  std::vector<NamedTensor> feeds;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].empty()) {
      ins.push_back(nullptr);
      continue;
    }
    MINNOW_ASSIGN_OR_RETURN(ir::Value * v, g.AddValue("in" + std::to_string(i)));
    g.AddInput(v);
    ins.push_back(v);
    feeds.push_back({v->name(), inputs[i]});
  }
  std::vector<ir::Value*> outs;
  for (size_t i = 0; i < num_outputs; ++i) {
    MINNOW_ASSIGN_OR_RETURN(ir::Value * v, g.AddValue("out" + std::to_string(i)));
    g.AddOutput(v);
    outs.push_back(v);
  }
  MINNOW_ASSIGN_OR_RETURN(ir::Node * node, g.AddNode(op_type, "", name, ins, outs));
  for (const auto& [k, a] : attrs) node->SetAttribute(k, a);
  MINNOW_ASSIGN_OR_RETURN(auto executor, runtime::Executor::Create(model));
  MINNOW_ASSIGN_OR_RETURN(std::vector<NamedTensor> results, executor->Run(feeds));
  std::vector<Tensor> out;
  for (auto& r : results) out.push_back(std::move(r.tensor));
  return out;
}

inline Tensor F32(Shape shape, const std::vector<float>& v) { return Tensor::FromVector(DataType::kFloat32, std::move(shape), v); }
inline Tensor I64(Shape shape, const std::vector<int64_t>& v) { return Tensor::FromVector(DataType::kInt64, std::move(shape), v); }
inline ir::Attribute Ints(std::vector<int64_t> v) { return ir::Attribute(ir::Attribute::Storage(std::move(v))); }
inline ir::Attribute Int(int64_t v) { return ir::Attribute(ir::Attribute::Storage(v)); }
inline ir::Attribute Float(float v) { return ir::Attribute(ir::Attribute::Storage(v)); }
inline ir::Attribute Floats(std::vector<float> v) { return ir::Attribute(ir::Attribute::Storage(std::move(v))); }
inline ir::Attribute Str(std::string v) { return ir::Attribute(ir::Attribute::Storage(std::move(v))); }

template <typename T>
std::vector<T> Values(const Tensor& t) {
  return std::vector<T>(t.data<T>(), t.data<T>() + t.numel());
}

}  // namespace minnow::testing
