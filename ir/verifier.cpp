// Graph verifier.
#include "ir/verifier.h"

#include <set>

namespace minnow::ir {

Status Verify(const Graph& graph) {
  std::set<const Value*> defined;
  for (const Value* v : graph.inputs()) {
    if (!v) return InvalidModel("graph '" + graph.name() + "' has a null input");
    if (v->producer()) return InvalidModel("graph input '" + v->name() + "' is also produced by " + v->producer()->Label());
    defined.insert(v);
  }
  for (const Value* v : graph.Initializers()) defined.insert(v);

  std::set<const Value*> produced;
  for (const auto& node : graph.nodes()) {
    if (node->op_type().empty()) return InvalidModel("a node has an empty op_type");
    for (size_t i = 0; i < node->num_inputs(); ++i) {
      const Value* in = node->input(i);
      if (!in) continue;  // omitted optional input
      if (!defined.count(in)) {
        if (in->producer()) {
          return InvalidModel(node->Label() + " reads '" + in->name() + "' before " + in->producer()->Label() +
                              " computes it (nodes are not in topological order or form a cycle)");
        }
        return InvalidModel(node->Label() + " reads value '" + in->name() +
                            "', which is not a graph input, an initializer or any node's output");
      }
    }
    for (const Value* out : node->outputs()) {
      if (!out) continue;
      if (out->producer() != node.get()) {
        return InvalidModel(node->Label() + " output '" + out->name() + "' has an inconsistent producer");
      }
      if (!produced.insert(out).second || defined.count(out)) {
        return InvalidModel("value '" + out->name() + "' is defined more than once (again by " + node->Label() + ")");
      }
      defined.insert(out);
    }
  }
  for (const Value* out : graph.outputs()) {
    if (!out) return InvalidModel("graph '" + graph.name() + "' has a null output");
    if (!defined.count(out)) {
      return InvalidModel("graph output '" + out->name() + "' is not computed by any node nor an input or initializer");
    }
  }
  return Status::Ok();
}

}  // namespace minnow::ir
