// Graph and Model: the owner of all nodes and values, plus the model-level metadata of an ONNX file.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ir/node.h"
#include "ir/value.h"
#include "minnow/status.h"

namespace minnow::ir {

class Graph {
 public:
  Graph() = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  const std::string& name() const { return name_; }
  void set_name(std::string n) { name_ = std::move(n); }

  // Creates a value with a unique name (fails if the name is already used).
  Expected<Value*> AddValue(const std::string& name);
  Value* FindValue(const std::string& name) const;
  // All values ever created, indexed by id (removed ones stay as nullptr).
  const std::vector<std::unique_ptr<Value>>& values() const { return values_; }
  size_t num_value_ids() const { return values_.size(); }

  // Appends a node; inputs may contain nullptr for omitted optional inputs.
  // Fails if an output already has a producer.
  Expected<Node*> AddNode(std::string op_type, std::string domain, std::string name, std::vector<Value*> inputs,
                          std::vector<Value*> outputs);
  // Nodes in their current order (topological after TopologicalSort or a verified import).
  const std::vector<std::unique_ptr<Node>>& nodes() const { return nodes_; }
  // Removes a node; its outputs lose their producer.
  void RemoveNode(Node* node);
  // Orders nodes so each runs after its producers; fails naming a node on a cycle.
  Status TopologicalSort();
  // Replaces every use of `from` (node inputs and graph outputs) with `to`.
  void ReplaceAllUses(Value* from, Value* to);
  // Deletes values that are neither inputs, outputs, initializers nor touched by any node.
  void RemoveUnusedValues();

  const std::vector<Value*>& inputs() const { return inputs_; }
  const std::vector<Value*>& outputs() const { return outputs_; }
  void AddInput(Value* v) { inputs_.push_back(v); }
  void AddOutput(Value* v) { outputs_.push_back(v); }
  void SetOutput(size_t i, Value* v) { outputs_[i] = v; }
  // Values holding an initializer, in creation order.
  std::vector<Value*> Initializers() const;

  // A name not yet used in this graph, built from `base`.
  std::string UniqueName(const std::string& base);

 private:
  std::string name_;
  std::vector<std::unique_ptr<Value>> values_;
  std::map<std::string, Value*> by_name_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<Value*> inputs_;
  std::vector<Value*> outputs_;
  int32_t next_node_index_ = 0;
  int64_t unique_counter_ = 0;
};

struct Model {
  int64_t ir_version = 8;
  // domain ("" = ai.onnx) -> opset version
  std::map<std::string, int64_t> opset_imports;
  std::string producer_name;
  std::string producer_version;
  std::string doc_string;
  std::map<std::string, std::string> metadata;
  std::unique_ptr<Graph> graph = std::make_unique<Graph>();

  // Opset of the default domain (0 if absent).
  int64_t onnx_opset() const {
    auto it = opset_imports.find("");
    if (it == opset_imports.end()) it = opset_imports.find("ai.onnx");
    return it == opset_imports.end() ? 0 : it->second;
  }
};

}  // namespace minnow::ir
