// fold-constants: evaluate all-constant nodes with the runtime's kernels.
#include "passes/cleanup/fold_constants.h"

#include <set>

#include "passes/cleanup/evaluate_node.h"
#include "passes/cleanup/graph_edit.h"

namespace minnow::passes {

namespace {

// Bytes of a value whose shape is fully known, or -1.
int64_t StaticBytes(const ir::Value& v) {
  if (!v.shape() || v.dtype() == DataType::kUndefined) return -1;
  int64_t n = 1;
  for (const ir::Dim& d : *v.shape()) {
    if (!d.is_known()) return -1;
    if (d.size && n > (int64_t{1} << 50) / d.size) return -1;
    n *= d.size;
  }
  return n * static_cast<int64_t>(DataTypeSize(v.dtype()));
}

// Why a node is not folded (nullptr when it may be).
const char* SkipReason(const ir::Graph& graph, const ir::Node& node) {
  for (const ir::Value* in : node.inputs()) {
    if (in && !IsConstant(graph, in)) return "non-constant input";
  }
  if (IsNondeterministic(graph, node)) return "nondeterministic";
  // Dequantizing constant weights would store them as floats, 4x larger: the quantized
  // runtime wants the int8 weight and its DequantizeLinear.
  if (node.domain().empty() && node.op_type() == "DequantizeLinear") return "dequantize";
  if (!HasKernel(node)) return "no kernel";
  bool any_output = false;
  for (const ir::Value* out : node.outputs()) any_output |= out != nullptr;
  if (!any_output) return "no outputs";
  return nullptr;
}

}  // namespace

bool IsNondeterministic(const ir::Graph& graph, const ir::Node& node) {
  static const std::set<std::string> kRandom = {"RandomNormal",      "RandomUniform", "RandomNormalLike",
                                                "RandomUniformLike", "Multinomial",   "Bernoulli"};
  if (!node.domain().empty()) return false;
  if (kRandom.count(node.op_type())) return true;
  if (node.op_type() == "Dropout") {
    // From opset 12 a training_mode input set to true (or only known at run time) draws a mask.
    const ir::Value* training = node.input(2);
    if (!training) return false;
    if (!IsConstant(graph, training)) return true;
    const Tensor& t = training->initializer();
    return t.numel() != 1 || t.GetAsInt64(0) != 0;
  }
  return false;
}

Expected<PassResult> FoldConstantsPass::Run(ir::Model& model) {
  ir::Graph& graph = *model.graph;
  PassResult result;
  // Snapshot: folding removes nodes. Topological order lets a chain of constant nodes fold in
  // one sweep, each folded output feeding the next node as an initializer.
  std::vector<ir::Node*> nodes;
  for (const auto& n : graph.nodes()) nodes.push_back(n.get());
  for (ir::Node* node : nodes) {
    if (SkipReason(graph, *node)) continue;
    int64_t in_bytes = 0;
    std::vector<const Tensor*> inputs;
    for (const ir::Value* in : node->inputs()) {
      inputs.push_back(in ? &in->initializer() : nullptr);
      if (in) in_bytes += static_cast<int64_t>(in->initializer().nbytes());
    }
    // With a known output shape, skip a too-large result before computing it.
    int64_t known_out = 0;
    for (const ir::Value* out : node->outputs()) {
      const int64_t b = out ? StaticBytes(*out) : 0;
      if (b < 0) {
        known_out = -1;
        break;
      }
      known_out += b;
    }
    if (known_out > max_bytes_ && known_out > in_bytes) {
      ++result.stats["skipped-too-large"];  // not a change
      continue;
    }
    auto outputs = EvaluateNode(model, *node, inputs);
    if (!outputs.ok()) {
      // The node would fail at run time too; leave it there so the error is reported then.
      ++result.stats["skipped-failed"];
      continue;
    }
    int64_t out_bytes = 0;
    for (const Tensor& t : *outputs) out_bytes += static_cast<int64_t>(t.nbytes());
    if (out_bytes > max_bytes_ && out_bytes > in_bytes) {
      ++result.stats["skipped-too-large"];  // not a change
      continue;
    }
    const std::vector<ir::Value*> outs = node->outputs();
    graph.RemoveNode(node);
    for (size_t o = 0; o < outs.size(); ++o) {
      if (outs[o]) outs[o]->set_initializer(std::move((*outputs)[o]));
    }
    result.Count("folded");
    result.Count("bytes-folded", out_bytes);
  }
  // Weights read only by folded nodes are dead now; drop them at once instead of keeping two
  // copies until dce runs.
  if (result.changed) graph.RemoveUnusedValues();
  return result;
}

}  // namespace minnow::passes
