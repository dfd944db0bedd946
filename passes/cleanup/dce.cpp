// dce: remove unused nodes, values and initializers.
#include "passes/cleanup/dce.h"

#include "passes/cleanup/graph_edit.h"

namespace minnow::passes {

Expected<PassResult> DcePass::Run(ir::Model& model) {
  ir::Graph& graph = *model.graph;
  PassResult result;
  // Reverse topological order: removing a dead node drops its reads, which can make its
  // producers dead in turn, all in one sweep. ONNX operators have no side effects.
  std::vector<ir::Node*> nodes;
  for (const auto& n : graph.nodes()) nodes.push_back(n.get());
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    ir::Node* node = *it;
    bool live = false;
    for (const ir::Value* out : node->outputs()) live |= out && IsUsed(graph, out);
    if (live) continue;
    graph.RemoveNode(node);
    result.Count("nodes");
  }
  int64_t initializers = 0, values = 0;
  for (const auto& v : graph.values()) {
    if (!v || v->producer() || IsUsed(graph, v.get()) || IsGraphInput(graph, v.get())) continue;
    ++(v->is_initializer() ? initializers : values);
  }
  graph.RemoveUnusedValues();
  result.Count("initializers", initializers);
  result.Count("values", values);
  return result;
}

}  // namespace minnow::passes
