// Model analysis for `minnow inspect`. MACs need the shape of every intermediate value, which
// we get from ONNX's own shape inference on a copy of the proto whose input dims are fixed.
#include "tools/model_info.h"

#include <algorithm>
#include <exception>

#include <onnx/shape_inference/implementation.h>

#include "api/tensor_info.h"
#include "importer/onnx_importer.h"
#include "importer/tensor_proto.h"
#include "tools/shape_probe.h"

namespace minnow::tools {

namespace fs = std::filesystem;

namespace {

// Known dims of each value after inference; a missing entry or a -1 dim means unknown.
using ShapeMap = std::map<std::string, std::vector<int64_t>>;

void CollectShape(const onnx::ValueInfoProto& vi, ShapeMap* shapes) {
  if (!vi.has_type() || !vi.type().has_tensor_type() || !vi.type().tensor_type().has_shape()) return;
  std::vector<int64_t> dims;
  for (const auto& d : vi.type().tensor_type().shape().dim()) dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
  (*shapes)[vi.name()] = std::move(dims);
}

// Product of dims, or -1 if any is unknown or the product overflows.
int64_t Product(const std::vector<int64_t>& dims, size_t from = 0, size_t to = SIZE_MAX) {
  int64_t p = 1;
  for (size_t i = from; i < std::min(to, dims.size()); ++i) {
    if (dims[i] < 0) return -1;
    if (dims[i] != 0 && p > INT64_MAX / dims[i]) return -1;
    p *= dims[i];
  }
  return p;
}

int64_t Mul(int64_t a, int64_t b) {
  if (a < 0 || b < 0) return -1;
  if (a != 0 && b > INT64_MAX / a) return -1;
  return a * b;
}

int64_t GetIntAttr(const onnx::NodeProto& node, const std::string& name, int64_t def) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name && a.type() == onnx::AttributeProto::INT) return a.i();
  }
  return def;
}

// MACs of one node, 0 for op types that are not counted, -1 when shapes are unknown.
int64_t NodeMacs(const onnx::NodeProto& node, const ShapeMap& shapes) {
  if (!node.domain().empty() && node.domain() != "ai.onnx") return 0;
  auto shape = [&](int i, bool output = false) -> const std::vector<int64_t>* {
    const auto& names = output ? node.output() : node.input();
    if (i >= names.size() || names[i].empty()) return nullptr;
    auto it = shapes.find(names[i]);
    return it == shapes.end() ? nullptr : &it->second;
  };
  const std::string& op = node.op_type();
  if (op == "Conv" || op == "QLinearConv" || op == "ConvInteger") {
    // Each output element sums over C/group input channels times the kernel window.
    const int w_index = op == "QLinearConv" ? 3 : 1;
    const auto* w = shape(w_index);
    const auto* y = shape(0, true);
    if (!w || !y || w->size() < 2) return -1;
    return Mul(Product(*y), Product(*w, 1));
  }
  if (op == "ConvTranspose") {
    // Each input element is scattered to M/group output channels times the kernel window.
    const auto* x = shape(0);
    const auto* w = shape(1);
    if (!x || !w || w->size() < 2) return -1;
    return Mul(Product(*x), Product(*w, 1));
  }
  if (op == "Gemm") {
    const auto* a = shape(0);
    const auto* y = shape(0, true);
    if (!a || !y || a->size() != 2) return -1;
    const int64_t k = GetIntAttr(node, "transA", 0) ? (*a)[0] : (*a)[1];
    return Mul(Product(*y), k);
  }
  if (op == "MatMul" || op == "QLinearMatMul" || op == "MatMulInteger") {
    const auto* a = shape(0);
    const auto* y = shape(0, true);
    if (!a || !y || a->empty()) return -1;
    return Mul(Product(*y), a->back());
  }
  return 0;
}

// Turns Constant nodes into initializers in `proto`: ONNX's data propagation reads initializers
// but not Constant outputs, and PyTorch exports compute Reshape targets from Constants.
void ConstantsToInitializers(onnx::ModelProto& proto) {
  auto* g = proto.mutable_graph();
  google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
  for (auto& node : *g->mutable_node()) {
    const bool constant = node.op_type() == "Constant" && (node.domain().empty() || node.domain() == "ai.onnx") &&
                          node.output_size() == 1 && node.attribute_size() == 1;
    if (constant) {
      const auto& a = node.attribute(0);
      onnx::TensorProto t;
      if (a.name() == "value" && a.has_t()) {
        t = a.t();
      } else if (a.name() == "value_ints") {
        t.set_data_type(onnx::TensorProto::INT64);
        t.add_dims(a.ints_size());
        for (int64_t v : a.ints()) t.add_int64_data(v);
      } else if (a.name() == "value_int") {
        t.set_data_type(onnx::TensorProto::INT64);
        t.add_int64_data(a.i());
      } else {
        *kept.Add() = node;
        continue;
      }
      t.set_name(node.output(0));
      *g->add_initializer() = std::move(t);
      continue;
    }
    *kept.Add() = node;
  }
  g->mutable_node()->Swap(&kept);
}

// Fixes the graph inputs' dims (given shapes, else symbolic/unknown -> 1) in `proto`.
Status FixInputShapes(onnx::ModelProto& proto, const std::vector<TensorInfo>& inputs,
                      const std::map<std::string, Shape>& given, std::map<std::string, Shape>* used) {
  for (const auto& [name, shape] : given) {
    const bool known = std::any_of(inputs.begin(), inputs.end(), [&](const TensorInfo& i) { return i.name == name; });
    if (!known) return InvalidArgument("--shape names '" + name + "', which is not an input of the model");
  }
  for (const auto& info : inputs) {
    Shape shape;
    if (auto it = given.find(info.name); it != given.end()) {
      shape = it->second;
      if (info.has_shape && shape.size() != info.shape.size()) {
        return InvalidArgument("--shape " + info.name + "=" + ShapeToString(shape) + " has rank " +
                               std::to_string(shape.size()) + " but the model's input has rank " +
                               std::to_string(info.shape.size()));
      }
      for (size_t i = 0; info.has_shape && i < shape.size(); ++i) {
        if (info.shape[i] >= 0 && info.shape[i] != shape[i]) {
          return InvalidArgument("--shape " + info.name + "=" + ShapeToString(shape) + ": dimension " +
                                 std::to_string(i) + " must be " + std::to_string(info.shape[i]));
        }
      }
    } else if (info.has_shape) {
      for (int64_t d : info.shape) shape.push_back(d >= 0 ? d : 1);
    } else {
      continue;  // rank unknown: nothing to fix
    }
    (*used)[info.name] = shape;
    for (auto& in : *proto.mutable_graph()->mutable_input()) {
      if (in.name() != info.name) continue;
      auto* tt = in.mutable_type()->mutable_tensor_type();
      tt->clear_shape();
      auto* s = tt->mutable_shape();
      for (int64_t d : shape) s->add_dim()->set_dim_value(d);
    }
  }
  return Status::Ok();
}

}  // namespace

Expected<ModelInfo> AnalyzeModel(const fs::path& path, const std::map<std::string, Shape>& shapes) {
  ModelInfo info;
  info.path = path.string();
  MINNOW_ASSIGN_OR_RETURN(onnx::ModelProto proto, importer::ReadModelProto(path));
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  auto model = importer::ImportOnnxModel(proto, dir);
  if (!model.ok()) return model.status().WithContext(path.string());
  info.model = std::move(model).value();

  std::error_code ec;
  info.file_size = fs::file_size(path, ec);
  info.ir_version = proto.ir_version();
  info.producer_name = proto.producer_name();
  info.producer_version = proto.producer_version();
  info.opsets = info.model.opset_imports;
  const ir::Graph& graph = *info.model.graph;
  for (const ir::Value* v : graph.inputs()) info.inputs.push_back(api::DescribeValue(*v));
  for (const ir::Value* v : graph.outputs()) info.outputs.push_back(api::DescribeValue(*v));

  // Histogram over the file's nodes (Constant included), not the IR, which folds Constants.
  std::map<std::string, int64_t> counts;
  for (const auto& node : proto.graph().node()) {
    const bool onnx_domain = node.domain().empty() || node.domain() == "ai.onnx";
    ++counts[onnx_domain ? node.op_type() : node.domain() + "." + node.op_type()];
  }
  info.num_nodes = proto.graph().node_size();
  info.op_histogram.assign(counts.begin(), counts.end());
  std::stable_sort(info.op_histogram.begin(), info.op_histogram.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });

  // Parameters: every constant tensor as imported (initializers and Constant nodes, which many
  // exporters, PaddleOCR's among them, use for all weights), validated, external data resolved.
  for (const ir::Value* v : graph.Initializers()) {
    ++info.num_initializers;
    info.parameters += v->initializer().numel();
    info.parameter_bytes += static_cast<int64_t>(v->initializer().nbytes());
  }

  MINNOW_RETURN_IF_ERROR(FixInputShapes(proto, info.inputs, shapes, &info.input_shapes));
  ConstantsToInitializers(proto);
  // Stale intermediate shapes could contradict the fixed inputs; let inference recompute them.
  proto.mutable_graph()->clear_value_info();
  for (auto& out : *proto.mutable_graph()->mutable_output()) {
    if (out.has_type() && out.type().has_tensor_type()) out.mutable_type()->mutable_tensor_type()->clear_shape();
  }
  // Inference reads only small constants (Reshape targets, Slice bounds); dropping the bytes of
  // large weights keeps the work small.
  for (auto& init : *proto.mutable_graph()->mutable_initializer()) {
    if (Product(std::vector<int64_t>(init.dims().begin(), init.dims().end())) <= 64) continue;
    importer::ClearTensorData(&init);
  }
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/false, /*error_mode=*/0, /*data_prop=*/true);
    onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception& e) {
    info.shape_inference_error = e.what();
  }
  ShapeMap known;
  for (const auto& vi : proto.graph().input()) CollectShape(vi, &known);
  for (const auto& vi : proto.graph().value_info()) CollectShape(vi, &known);
  for (const auto& vi : proto.graph().output()) CollectShape(vi, &known);
  for (const auto& init : proto.graph().initializer()) {
    known[init.name()] = std::vector<int64_t>(init.dims().begin(), init.dims().end());
  }
  // Where inference left MAC-counted nodes without shapes, run the model once and take the
  // shapes it actually produces.
  bool unknown = false;
  for (const auto& node : proto.graph().node()) unknown |= NodeMacs(node, known) < 0;
  if (unknown && info.input_shapes.size() == info.inputs.size()) {
    auto probed = ProbeShapes(path, info.input_shapes);
    if (probed.ok()) {
      for (auto& [name, shape] : *probed) known[name] = shape;
      info.shapes_from_run = true;
    } else {
      info.shape_probe_error = probed.status().ToString();
    }
  }
  for (const auto& node : proto.graph().node()) {
    const int64_t m = NodeMacs(node, known);
    if (m < 0) {
      ++info.macs_unknown_nodes;
      continue;
    }
    if (m == 0) continue;
    info.macs_by_op[node.op_type()] += m;
    info.macs = info.macs > INT64_MAX - m ? INT64_MAX : info.macs + m;
  }
  return info;
}

}  // namespace minnow::tools
