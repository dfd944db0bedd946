// Graph executor.
#include "runtime/executor.h"

#include <set>

#include "ir/verifier.h"

namespace minnow::runtime {

Expected<std::unique_ptr<Executor>> Executor::Create(const ir::Model& model, const KernelRegistry& registry) {
  const ir::Graph& graph = *model.graph;
  MINNOW_RETURN_IF_ERROR(ir::Verify(graph));
  std::unique_ptr<Executor> ex(new Executor(graph));
  for (const auto& node : graph.nodes()) {
    const KernelFactory* factory = registry.Find(node->domain(), node->op_type());
    if (!factory) {
      std::string op = node->domain().empty() ? node->op_type() : node->domain() + "." + node->op_type();
      return Unsupported("operator " + op + " (node " + node->Label() + ") is not supported");
    }
    auto it = model.opset_imports.find(node->domain());
    const int64_t opset = it == model.opset_imports.end() ? model.onnx_opset() : it->second;
    KernelInit init{*node, opset};
    auto kernel = (*factory)(init);
    if (!kernel.ok()) return kernel.status();
    ex->kernels_.push_back(std::move(kernel).value());
  }

  // Liveness: the last node reading each value frees it, unless it is a graph output or initializer.
  std::set<const ir::Value*> keep(graph.outputs().begin(), graph.outputs().end());
  std::vector<int> last_reader(graph.num_value_ids(), -1);
  for (size_t n = 0; n < graph.nodes().size(); ++n) {
    for (const ir::Value* in : graph.nodes()[n]->inputs()) {
      if (in) last_reader[in->id()] = static_cast<int>(n);
    }
  }
  ex->release_after_.resize(graph.nodes().size());
  for (const auto& v : graph.values()) {
    if (!v || keep.count(v.get()) || v->is_initializer()) continue;
    if (last_reader[v->id()] >= 0) ex->release_after_[last_reader[v->id()]].push_back(v->id());
  }
  return ex;
}

Status Executor::CheckInput(const ir::Value& value, const Tensor& t) const {
  if (t.dtype() != value.dtype() && value.dtype() != DataType::kUndefined) {
    return InvalidArgument("input '" + value.name() + "' must have type " + DataTypeName(value.dtype()) + ", got " +
                           DataTypeName(t.dtype()));
  }
  if (!value.shape()) return Status::Ok();
  const auto& dims = *value.shape();
  if (static_cast<size_t>(t.rank()) != dims.size()) {
    return InvalidArgument("input '" + value.name() + "' must have rank " + std::to_string(dims.size()) +
                           " (shape " + value.TypeString() + "), got shape " + ShapeToString(t.shape()));
  }
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i].is_known() && dims[i].size != t.dim(static_cast<int64_t>(i))) {
      return InvalidArgument("input '" + value.name() + "' dimension " + std::to_string(i) + " must be " +
                             std::to_string(dims[i].size) + ", got shape " + ShapeToString(t.shape()));
    }
  }
  return Status::Ok();
}

Expected<std::vector<NamedTensor>> Executor::Run(const std::vector<NamedTensor>& inputs,
                                                 const std::vector<std::string>& output_names) const {
  std::vector<Tensor> values(graph_.num_value_ids());
  std::vector<bool> ready(graph_.num_value_ids(), false);
  for (const ir::Value* v : graph_.Initializers()) {
    values[v->id()] = v->initializer();
    ready[v->id()] = true;
  }
  for (const auto& in : inputs) {
    const ir::Value* v = graph_.FindValue(in.name);
    bool is_input = false;
    for (const ir::Value* gi : graph_.inputs()) is_input |= (gi == v);
    if (!v || !is_input) return InvalidArgument("the model has no input named '" + in.name + "'");
    MINNOW_RETURN_IF_ERROR(CheckInput(*v, in.tensor));
    values[v->id()] = in.tensor;
    ready[v->id()] = true;
  }
  for (const ir::Value* gi : graph_.inputs()) {
    if (!ready[gi->id()]) return InvalidArgument("input '" + gi->name() + "' was not given");
  }

  const auto& nodes = graph_.nodes();
  for (size_t n = 0; n < nodes.size(); ++n) {
    const ir::Node& node = *nodes[n];
    std::vector<const Tensor*> in_ptrs(node.num_inputs(), nullptr);
    for (size_t i = 0; i < node.num_inputs(); ++i) {
      if (const ir::Value* v = node.input(i)) in_ptrs[i] = &values[v->id()];
    }
    std::vector<Tensor> outs(node.num_outputs());
    KernelContext ctx(node, std::move(in_ptrs), &outs);
    Status st = kernels_[n]->Compute(ctx);
    if (!st.ok()) {
      // Kernel messages usually start with the node label already; add it only when missing.
      if (st.message().find(node.Label()) == std::string::npos) st = st.WithContext(node.Label());
      return st;
    }
    for (size_t o = 0; o < node.num_outputs(); ++o) {
      const ir::Value* v = node.output(o);
      if (!v) continue;
      if (outs[o].empty()) return Internal(node.Label() + " did not produce output '" + v->name() + "'");
      values[v->id()] = std::move(outs[o]);
    }
    for (int32_t id : release_after_[n]) values[id] = Tensor();
  }

  std::vector<NamedTensor> result;
  if (output_names.empty()) {
    for (const ir::Value* v : graph_.outputs()) result.push_back({v->name(), values[v->id()]});
  } else {
    for (const auto& name : output_names) {
      const ir::Value* found = nullptr;
      for (const ir::Value* v : graph_.outputs()) {
        if (v->name() == name) found = v;
      }
      if (!found) return InvalidArgument("the model has no output named '" + name + "'");
      result.push_back({name, values[found->id()]});
    }
  }
  return result;
}

}  // namespace minnow::runtime
