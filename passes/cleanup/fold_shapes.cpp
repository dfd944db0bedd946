// fold-shapes: constant Shape/Size results from known dims.
#include "passes/cleanup/fold_shapes.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "passes/cleanup/evaluate_node.h"
#include "passes/cleanup/fold_constants.h"
#include "passes/cleanup/graph_edit.h"
#include "passes/infer_shapes.h"

namespace minnow::passes {

namespace {

// Stands for an unknown dim in a partially known Shape result. Gather and Slice only move
// elements, so a result free of it is made of known dims only.
constexpr int64_t kUnknownDim = std::numeric_limits<int64_t>::min();

bool IsOnnxOp(const ir::Node& node, const char* op) { return node.domain().empty() && node.op_type() == op; }

// The dims a Shape node returns (its start/end attributes applied, opset 15), with unknown
// ones as kUnknownDim; nullopt when the input's rank is unknown.
std::optional<std::vector<int64_t>> ShapeResult(const ir::Node& shape_node) {
  const ir::Value* x = shape_node.input(0);
  if (!x || !x->shape()) return std::nullopt;
  const auto& dims = *x->shape();
  const int64_t rank = static_cast<int64_t>(dims.size());
  auto clamp = [rank](int64_t i) {
    if (i < 0) i += rank;
    return std::clamp<int64_t>(i, 0, rank);
  };
  const int64_t start = clamp(shape_node.GetInt("start", 0));
  const int64_t end = clamp(shape_node.GetInt("end", rank));
  std::vector<int64_t> out;
  for (int64_t i = start; i < end; ++i) out.push_back(dims[i].is_known() ? dims[i].size : kUnknownDim);
  return out;
}

bool AllKnown(const std::vector<int64_t>& v) {
  return std::find(v.begin(), v.end(), kUnknownDim) == v.end();
}

void ReplaceByConstant(ir::Graph& graph, ir::Node* node, Tensor value) {
  ir::Value* out = node->output(0);
  graph.RemoveNode(node);
  out->set_initializer(std::move(value));
}

// Gather/Slice reading a partially known Shape with constant indices: evaluated on the partial
// dims; folded when only known dims were picked.
std::optional<Tensor> FoldPickFromShape(const ir::Model& model, const ir::Node& node) {
  const ir::Value* data = node.input(0);
  if (!data || !data->producer() || !IsOnnxOp(*data->producer(), "Shape")) return std::nullopt;
  for (size_t i = 1; i < node.num_inputs(); ++i) {
    if (node.input(i) && !IsConstant(*model.graph, node.input(i))) return std::nullopt;
  }
  if (node.num_outputs() != 1 || !node.output(0)) return std::nullopt;
  auto dims = ShapeResult(*data->producer());
  if (!dims) return std::nullopt;
  const Tensor partial =
      Tensor::FromVector(DataType::kInt64, {static_cast<int64_t>(dims->size())}, *dims);
  std::vector<const Tensor*> inputs{&partial};
  for (size_t i = 1; i < node.num_inputs(); ++i) inputs.push_back(node.input(i) ? &node.input(i)->initializer() : nullptr);
  auto out = EvaluateNode(model, node, inputs);
  if (!out.ok() || (*out)[0].dtype() != DataType::kInt64) return std::nullopt;
  const auto values = (*out)[0].values<int64_t>();
  if (std::find(values.begin(), values.end(), kUnknownDim) != values.end()) return std::nullopt;
  return std::move((*out)[0]);
}

// One sweep over the nodes; returns how many were replaced.
int64_t FoldShapeOps(ir::Model& model, PassResult* result) {
  ir::Graph& graph = *model.graph;
  int64_t folded = 0;
  std::vector<ir::Node*> nodes;
  for (const auto& n : graph.nodes()) nodes.push_back(n.get());
  for (ir::Node* node : nodes) {
    if (node->num_outputs() != 1 || !node->output(0)) continue;
    std::optional<Tensor> constant;
    std::string what;
    if (IsOnnxOp(*node, "Shape")) {
      auto dims = ShapeResult(*node);
      if (!dims || !AllKnown(*dims)) continue;
      constant = Tensor::FromVector(DataType::kInt64, {static_cast<int64_t>(dims->size())}, *dims);
      what = "shape";
    } else if (IsOnnxOp(*node, "Size")) {
      const ir::Value* x = node->input(0);
      if (!x || !x->shape()) continue;
      Shape dims;
      for (const ir::Dim& d : *x->shape()) dims.push_back(d.is_known() ? d.size : -1);
      auto n = CheckedNumElements(dims);  // fails for unknown (-1) dims
      if (!n.ok()) continue;
      constant = Tensor::FromVector(DataType::kInt64, {}, std::vector<int64_t>{*n});
      what = "size";
    } else if (IsOnnxOp(*node, "Gather") || IsOnnxOp(*node, "Slice")) {
      // A Shape with all dims known is folded itself; this handles the partially known ones.
      constant = FoldPickFromShape(model, *node);
      what = node->op_type() == "Gather" ? "gather-of-shape" : "slice-of-shape";
    }
    if (!constant) continue;
    ReplaceByConstant(graph, node, std::move(*constant));
    result->Count(what);
    ++folded;
  }
  return folded;
}

}  // namespace

Expected<PassResult> FoldShapesPass::Run(ir::Model& model) {
  PassResult result;
  // Folding one shape can reveal the next: a Slice whose bounds become constants gets a known
  // output shape, which the following layer's Shape reads. So: fold, fold the constants that
  // made, re-infer shapes, and repeat while something folds (about once per layer).
  FoldConstantsPass fold_constants;
  InferShapesPass infer_shapes;
  for (int round = 0; round < kMaxRounds; ++round) {
    if (FoldShapeOps(model, &result) == 0) break;
    result.Count("rounds");
    MINNOW_ASSIGN_OR_RETURN(PassResult folded, fold_constants.Run(model));
    result.Count("constants-folded", folded.stats["folded"]);
    MINNOW_ASSIGN_OR_RETURN(PassResult inferred, infer_shapes.Run(model));
    if (inferred.stats.count("inference-failed")) break;
  }
  if (result.changed) model.graph->RemoveUnusedValues();
  return result;
}

}  // namespace minnow::passes
