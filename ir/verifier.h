// Structural checks of a graph: every value read is defined before use, outputs exist, no cycles.
#pragma once

#include "ir/graph.h"
#include "minnow/status.h"

namespace minnow::ir {

// Checks that nodes are in topological order, every input is a graph input, an initializer or
// the output of an earlier node, every graph output is defined, and names are unique.
// The first problem found is returned, naming the node and value.
Status Verify(const Graph& graph);

}  // namespace minnow::ir
