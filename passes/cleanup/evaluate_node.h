// Runs one IR node on given input tensors with the built-in runtime kernels, outside any session:
// constant folding and shape folding use it so that folded values are exactly what the runtime
// would have computed.
#pragma once

#include <vector>

#include "ir/graph.h"
#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow::passes {

// Opset that applies to `node`: its domain's import, else the default ONNX opset.
int64_t NodeOpset(const ir::Model& model, const ir::Node& node);

// True when the built-in registry has a kernel for the node's op.
bool HasKernel(const ir::Node& node);

// Computes the node's outputs from `inputs` (one entry per input slot, nullptr for omitted
// ones). Outputs the node does not use come back empty. Returned tensors never share a buffer
// with an input, so they can become initializers of their own.
Expected<std::vector<Tensor>> EvaluateNode(const ir::Model& model, const ir::Node& node,
                                           const std::vector<const Tensor*>& inputs);

}  // namespace minnow::passes
