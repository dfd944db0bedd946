// Graph-editing helpers for the cleanup passes.
#include "passes/cleanup/graph_edit.h"

#include <algorithm>

namespace minnow::passes {

bool IsGraphInput(const ir::Graph& graph, const ir::Value* v) {
  return std::find(graph.inputs().begin(), graph.inputs().end(), v) != graph.inputs().end();
}

bool IsGraphOutput(const ir::Graph& graph, const ir::Value* v) {
  return std::find(graph.outputs().begin(), graph.outputs().end(), v) != graph.outputs().end();
}

bool IsUsed(const ir::Graph& graph, const ir::Value* v) { return !v->users().empty() || IsGraphOutput(graph, v); }

bool IsConstant(const ir::Graph& graph, const ir::Value* v) {
  return v->is_initializer() && !IsGraphInput(graph, v);
}

void ReplaceNodeUses(ir::Value* from, ir::Value* to) {
  // Copy: ReplaceInput edits from->users().
  const std::vector<ir::Node*> users = from->users();
  for (ir::Node* user : users) {
    for (size_t i = 0; i < user->num_inputs(); ++i) {
      if (user->input(i) == from) user->ReplaceInput(i, to);
    }
  }
}

Expected<ir::Node*> ReplaceNodeOutput(ir::Graph& graph, ir::Node* node, size_t slot, ir::Value* value) {
  if (slot >= node->num_outputs()) return Internal(node->Label() + " has no output " + std::to_string(slot));
  if (value->is_initializer()) {
    return Internal("cannot make " + node->Label() + " write initializer '" + value->name() + "'");
  }
  if (value->producer()) {
    return Internal("cannot make " + node->Label() + " write '" + value->name() + "': " +
                    value->producer()->Label() + " already does");
  }
  const std::string op = node->op_type();
  const std::string domain = node->domain();
  const std::string name = node->name();
  const std::vector<ir::Value*> inputs = node->inputs();
  std::vector<ir::Value*> outputs = node->outputs();
  const auto attributes = node->attributes();
  outputs[slot] = value;
  graph.RemoveNode(node);
  MINNOW_ASSIGN_OR_RETURN(ir::Node * added, graph.AddNode(op, domain, name, inputs, outputs));
  for (const auto& [key, attr] : attributes) added->SetAttribute(key, attr);
  return added;
}

}  // namespace minnow::passes
