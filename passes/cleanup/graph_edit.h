// Small graph-editing helpers shared by the cleanup passes (rewiring uses without touching graph
// outputs, moving a graph output onto another producer, liveness questions).
#pragma once

#include "ir/graph.h"
#include "minnow/status.h"

namespace minnow::passes {

bool IsGraphInput(const ir::Graph& graph, const ir::Value* v);
bool IsGraphOutput(const ir::Graph& graph, const ir::Value* v);
// True when something reads `v`: a node input or a graph output.
bool IsUsed(const ir::Graph& graph, const ir::Value* v);
// An initializer a caller cannot replace at run time (initializers that are also graph inputs
// are defaults the caller may override, so they are not constants).
bool IsConstant(const ir::Graph& graph, const ir::Value* v);

// Makes every node that reads `from` read `to` instead. Unlike Graph::ReplaceAllUses, graph
// outputs are left alone: their names are the model's interface.
void ReplaceNodeUses(ir::Value* from, ir::Value* to);

// Makes `node` write `value` (which must have no producer) in output slot `slot` instead of its
// current output, which loses its producer. The IR has no in-place output edit, so the node is
// re-created (same op, name, inputs, attributes) at the end of the node list: call
// Graph::TopologicalSort afterwards. Returns the new node.
Expected<ir::Node*> ReplaceNodeOutput(ir::Graph& graph, ir::Node* node, size_t slot, ir::Value* value);

}  // namespace minnow::passes
