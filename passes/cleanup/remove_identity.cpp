// remove-identity: rewire around Identity and inference Dropout.
#include "passes/cleanup/remove_identity.h"

#include "passes/cleanup/fold_constants.h"
#include "passes/cleanup/graph_edit.h"

namespace minnow::passes {

namespace {

// Dropout that passes its input through: not training (see IsNondeterministic), no ratio
// requirement, and a mask output that nothing reads.
bool IsInferenceDropout(const ir::Graph& graph, const ir::Node& node) {
  if (!node.domain().empty() || node.op_type() != "Dropout") return false;
  if (IsNondeterministic(graph, node)) return false;
  const ir::Value* mask = node.output(1);
  return !(mask && IsUsed(graph, mask));
}

bool IsPassThrough(const ir::Graph& graph, const ir::Node& node) {
  if (node.domain().empty() && node.op_type() == "Identity") return node.num_outputs() == 1;
  return IsInferenceDropout(graph, node);
}

}  // namespace

Expected<PassResult> RemoveIdentityPass::Run(ir::Model& model) {
  ir::Graph& graph = *model.graph;
  PassResult result;
  bool reordered = false;
  std::vector<ir::Node*> nodes;
  for (const auto& n : graph.nodes()) nodes.push_back(n.get());
  for (ir::Node* node : nodes) {
    if (!IsPassThrough(graph, *node)) continue;
    ir::Value* x = node->input(0);
    ir::Value* y = node->output(0);
    if (!x || !y) continue;
    const char* what = node->op_type() == "Identity" ? "identity" : "dropout";
    if (!IsGraphOutput(graph, y)) {
      ReplaceNodeUses(y, x);
      graph.RemoveNode(node);
      result.Count(what);
      continue;
    }
    // y is a graph output, so its name must survive: x's producer writes y instead of x. Not
    // possible when x is itself part of the interface (graph input or output) or a constant.
    ir::Node* producer = x->producer();
    if (!producer || IsGraphOutput(graph, x) || IsGraphInput(graph, x)) continue;
    size_t slot = 0;
    while (producer->output(slot) != x) ++slot;
    graph.RemoveNode(node);
    ReplaceNodeUses(x, y);
    if (y->dtype() == DataType::kUndefined) y->set_dtype(x->dtype());
    if (!y->shape()) y->set_shape(x->shape());
    // Re-creates `producer`; no later snapshot entry points at it, since it ran earlier.
    MINNOW_RETURN_IF_ERROR(ReplaceNodeOutput(graph, producer, slot, y).status());
    reordered = true;
    result.Count(what);
  }
  if (reordered) MINNOW_RETURN_IF_ERROR(graph.TopologicalSort());
  if (result.changed) graph.RemoveUnusedValues();
  return result;
}

}  // namespace minnow::passes
