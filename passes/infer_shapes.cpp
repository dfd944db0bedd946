// ONNX shape inference over the IR, through the exporter.
#include "passes/infer_shapes.h"

#include <algorithm>
#include <exception>
#include <set>

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include "importer/onnx_exporter.h"
#include "importer/tensor_proto.h"
#include "passes/cleanup/graph_edit.h"

namespace minnow::passes {

namespace {

// Initializers larger than this lose their bytes before inference: only small ones (Reshape
// targets, Slice bounds, axes) are ever read, and copying the weights would be wasted work.
constexpr int64_t kMaxInferenceConstant = 64;

void DropLargeInitializerData(onnx::GraphProto* g) {
  for (auto& init : *g->mutable_initializer()) {
    int64_t n = 1;
    for (int64_t d : init.dims()) {
      n *= std::max<int64_t>(d, 0);
      if (n > kMaxInferenceConstant) break;
    }
    if (n <= kMaxInferenceConstant) continue;
    importer::ClearTensorData(&init);
  }
}

std::vector<ir::Dim> ToDims(const onnx::TensorShapeProto& shape) {
  std::vector<ir::Dim> dims;
  for (const auto& d : shape.dim()) {
    if (d.has_dim_value() && d.dim_value() >= 0) dims.push_back(ir::Dim::Known(d.dim_value()));
    else if (d.has_dim_param()) dims.push_back(ir::Dim::Symbolic(d.dim_param()));
    else dims.push_back(ir::Dim{});
  }
  return dims;
}

// Copies what inference learned about one value onto it. A known inferred dim wins over the
// model's own value_info, which may be stale after --shape fixed the inputs.
void Merge(const onnx::ValueInfoProto& info, ir::Value* v, PassResult* result) {
  if (!info.has_type() || !info.type().has_tensor_type()) return;
  const auto& tt = info.type().tensor_type();
  if (v->dtype() == DataType::kUndefined && tt.elem_type() != 0) {
    v->set_dtype(static_cast<DataType>(tt.elem_type()));
    result->Count("types");
  }
  if (!tt.has_shape()) return;
  std::vector<ir::Dim> inferred = ToDims(tt.shape());
  if (!v->shape() || v->shape()->size() != inferred.size()) {
    int64_t known = 0;
    for (const ir::Dim& d : inferred) known += d.is_known();
    v->set_shape(std::move(inferred));
    result->Count("shapes");
    result->Count("dims", known);
    return;
  }
  std::vector<ir::Dim> dims = *v->shape();
  int64_t resolved = 0;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (inferred[i].is_known() && dims[i].size != inferred[i].size) {
      dims[i] = inferred[i];
      ++resolved;
    } else if (!dims[i].is_known() && dims[i].symbol.empty() && !inferred[i].symbol.empty()) {
      dims[i] = inferred[i];
    }
  }
  if (resolved) {
    v->set_shape(std::move(dims));
    result->Count("dims", resolved);
  }
}

// ONNX 1.12 gives a Reshape whose target is computed at run time no shape at all, which stops
// inference for the rest of the graph. The rank is known all the same (the target's length);
// recording it lets the next round infer the following ops (a Gemm's output width, ...).
int64_t AddReshapeRanks(ir::Graph& graph, std::set<const ir::Value*>* hinted) {
  int64_t added = 0;
  for (const auto& node : graph.nodes()) {
    if (!node->domain().empty() || node->op_type() != "Reshape") continue;
    ir::Value* out = node->output(0);
    const ir::Value* target = node->input(1);
    const ir::Value* data = node->input(0);
    if (!out || out->shape() || !target || !target->shape() || target->shape()->size() != 1) continue;
    if (!(*target->shape())[0].is_known() || !data || data->dtype() == DataType::kUndefined) continue;
    if (out->dtype() == DataType::kUndefined) out->set_dtype(data->dtype());
    out->set_shape(std::vector<ir::Dim>(static_cast<size_t>((*target->shape())[0].size)));
    hinted->insert(out);
    ++added;
  }
  return added;
}

}  // namespace

Status FixInputShapes(ir::Model& model, const std::map<std::string, Shape>& shapes) {
  ir::Graph& graph = *model.graph;
  for (const auto& [name, shape] : shapes) {
    ir::Value* v = graph.FindValue(name);
    if (!v || !IsGraphInput(graph, v) || v->is_initializer()) {
      std::string names;
      for (const ir::Value* in : graph.inputs()) {
        if (!in->is_initializer()) names += (names.empty() ? "" : ", ") + in->name();
      }
      return InvalidArgument("the model has no input named '" + name + "' (inputs: " + names + ")");
    }
    if (v->shape() && v->shape()->size() != shape.size()) {
      return InvalidArgument("input '" + name + "' has rank " + std::to_string(v->shape()->size()) + " (" +
                             v->TypeString() + "), but the shape given has rank " + std::to_string(shape.size()));
    }
    std::vector<ir::Dim> dims;
    for (size_t i = 0; i < shape.size(); ++i) {
      if (shape[i] < 0) return InvalidArgument("input '" + name + "': dimensions must not be negative");
      if (v->shape() && (*v->shape())[i].is_known() && (*v->shape())[i].size != shape[i]) {
        return InvalidArgument("input '" + name + "' dimension " + std::to_string(i) + " is " +
                               std::to_string((*v->shape())[i].size) + " in the model (" + v->TypeString() +
                               "), not " + std::to_string(shape[i]));
      }
      dims.push_back(ir::Dim::Known(shape[i]));
    }
    v->set_shape(std::move(dims));
  }
  return Status::Ok();
}

Expected<PassResult> InferShapesPass::Run(ir::Model& model) {
  PassResult result;
  auto exported = importer::ExportOnnxModel(model);
  if (!exported.ok()) {
    result.stats["inference-failed"] = 1;  // not a change
    return result;
  }
  onnx::ModelProto& proto = *exported;
  onnx::GraphProto* g = proto.mutable_graph();
  DropLargeInitializerData(g);
  // Inference recomputes every intermediate and output shape from the inputs; the merge below
  // keeps whatever the IR knew that inference could not rediscover.
  for (auto& out : *g->mutable_output()) {
    if (out.has_type() && out.type().has_tensor_type()) out.mutable_type()->mutable_tensor_type()->clear_shape();
  }
  ir::Graph& graph = *model.graph;
  std::set<const ir::Value*> hinted;
  for (int round = 0; round < kMaxRounds; ++round) {
    g->clear_value_info();
    for (const ir::Value* v : hinted) importer::WriteValueInfo(*v, g->add_value_info());
    try {
      onnx::ShapeInferenceOptions options(/*check_type=*/false, /*error_mode=*/0, /*enable_data_propagation=*/true);
      onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance(), options);
    } catch (const std::exception&) {
      // Inference stops at the first node it cannot handle in some ONNX versions; nothing it
      // produced is trusted then.
      result.stats["inference-failed"] = 1;
      return result;
    }
    auto merge = [&](const onnx::ValueInfoProto& info) {
      ir::Value* v = graph.FindValue(info.name());
      if (v && v->producer()) Merge(info, v, &result);
    };
    for (const auto& info : g->value_info()) merge(info);
    for (const auto& info : g->output()) merge(info);
    const int64_t ranks = AddReshapeRanks(graph, &hinted);
    if (ranks == 0) break;
    result.Count("reshape-ranks", ranks);
  }
  return result;
}

}  // namespace minnow::passes
