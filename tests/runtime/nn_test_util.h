// Test helper: builds a one-node model over given inputs and runs it through the Executor.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/executor.h"

namespace minnow::runtime::testing {

struct OneNode {
  std::string op;
  int64_t opset = 17;
  std::map<std::string, ir::Attribute> attrs;
  std::vector<Tensor> inputs;   // an empty Tensor means an omitted optional input
  int num_outputs = 1;
  std::vector<bool> initializer;  // per input: feed as initializer instead of graph input
};

// Runs the node; returns its outputs or the first error (from kernel creation or execution).
inline Expected<std::vector<Tensor>> RunOneNode(const OneNode& spec) {
  ir::Model model;
  model.opset_imports[""] = spec.opset;
  ir::Graph& g = *model.graph;
  std::vector<ir::Value*> ins;
  std::vector<NamedTensor> feeds;
  for (size_t i = 0; i < spec.inputs.size(); ++i) {
    if (spec.inputs[i].empty()) {
      ins.push_back(nullptr);
      continue;
    }
    MINNOW_ASSIGN_OR_RETURN(ir::Value * v, g.AddValue("in" + std::to_string(i)));
    if (i < spec.initializer.size() && spec.initializer[i]) {
      v->set_initializer(spec.inputs[i]);
    } else {
      v->set_dtype(spec.inputs[i].dtype());
      g.AddInput(v);
      feeds.push_back({v->name(), spec.inputs[i]});
    }
    ins.push_back(v);
  }
  std::vector<ir::Value*> outs;
  for (int o = 0; o < spec.num_outputs; ++o) {
    MINNOW_ASSIGN_OR_RETURN(ir::Value * v, g.AddValue("out" + std::to_string(o)));
    outs.push_back(v);
    g.AddOutput(v);
  }
  MINNOW_ASSIGN_OR_RETURN(ir::Node * node, g.AddNode(spec.op, "", "n0", ins, outs));
  for (const auto& [name, a] : spec.attrs) node->SetAttribute(name, a);
  MINNOW_ASSIGN_OR_RETURN(auto exec, Executor::Create(model));
  MINNOW_ASSIGN_OR_RETURN(auto results, exec->Run(feeds));
  std::vector<Tensor> out;
  for (auto& r : results) out.push_back(r.tensor);
  return out;
}

inline ir::Attribute Ints(std::vector<int64_t> v) { return ir::Attribute(std::move(v)); }
inline ir::Attribute Int(int64_t v) { return ir::Attribute(v); }
inline ir::Attribute Float(float v) { return ir::Attribute(v); }
inline ir::Attribute Str(std::string s) { return ir::Attribute(std::move(s)); }

inline Tensor F32(Shape shape, std::vector<float> v) { return Tensor::FromVector(DataType::kFloat32, std::move(shape), v); }

inline std::vector<float> Values(const Tensor& t) {
  return std::vector<float>(t.data<float>(), t.data<float>() + t.numel());
}

}  // namespace minnow::runtime::testing
