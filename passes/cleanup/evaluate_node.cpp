// Single-node evaluation through the built-in kernel registry.
#include "passes/cleanup/evaluate_node.h"

#include "runtime/kernel.h"
#include "runtime/kernel_registry.h"

namespace minnow::passes {

int64_t NodeOpset(const ir::Model& model, const ir::Node& node) {
  // Same rule as runtime::Executor, so a folded node sees the opset it would have run with.
  auto it = model.opset_imports.find(node.domain());
  return it == model.opset_imports.end() ? model.onnx_opset() : it->second;
}

bool HasKernel(const ir::Node& node) { return runtime::KernelRegistry::BuiltIn().Has(node.domain(), node.op_type()); }

Expected<std::vector<Tensor>> EvaluateNode(const ir::Model& model, const ir::Node& node,
                                           const std::vector<const Tensor*>& inputs) {
  const runtime::KernelFactory* factory = runtime::KernelRegistry::BuiltIn().Find(node.domain(), node.op_type());
  if (!factory) return Unsupported(node.Label() + ": no kernel for " + node.op_type());
  runtime::KernelInit init{node, NodeOpset(model, node)};
  MINNOW_ASSIGN_OR_RETURN(auto kernel, (*factory)(init));
  std::vector<Tensor> outputs(node.num_outputs());
  runtime::KernelContext ctx(node, inputs, &outputs);
  MINNOW_RETURN_IF_ERROR(kernel->Compute(ctx));
  for (size_t o = 0; o < outputs.size(); ++o) {
    if (!node.output(o)) {
      outputs[o] = Tensor();
      continue;
    }
    if (outputs[o].empty()) return Internal(node.Label() + " did not produce output " + std::to_string(o));
    for (const Tensor* in : inputs) {
      // Views (Reshape, Identity, ...) share their input's buffer; an initializer must own its
      // bytes so that a later in-place edit of one weight cannot change another.
      if (in && outputs[o].SharesBufferWith(*in)) {
        outputs[o] = outputs[o].Clone();
        break;
      }
    }
  }
  return outputs;
}

}  // namespace minnow::passes
