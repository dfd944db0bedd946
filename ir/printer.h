// Readable text form of a graph, for debugging, `minnow inspect --ir` and golden tests of passes.
#pragma once

#include <string>

#include "ir/graph.h"

namespace minnow::ir {

// Example:
//   graph main (x: f32[N x 3 x 224 x 224]) -> (y: f32[N x 1000]) {
//     init w: f32[64x3x7x7]
//     %c = Conv(x, w, b) {pads=[3, 3, 3, 3], strides=[2, 2]}
//   }
std::string PrintGraph(const Graph& graph);
std::string PrintModel(const Model& model);

}  // namespace minnow::ir
