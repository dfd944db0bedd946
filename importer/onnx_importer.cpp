// ONNX importer: walks a ModelProto and builds the IR, validating as it goes so that malformed
// or hostile files produce an error naming the problem instead of a crash.
#include "importer/onnx_importer.h"

#include <fstream>
#include <set>

#include "importer/tensor_proto.h"
#include "ir/verifier.h"

namespace minnow::importer {

namespace fs = std::filesystem;

namespace {

// Ops whose node list in the opset range 9..17 we accept; newer opsets may change semantics.
constexpr int64_t kMinOpset = 1;
constexpr int64_t kMaxOpset = 17;

void ReadValueInfo(const onnx::ValueInfoProto& info, ir::Value* v) {
  if (!info.has_type() || !info.type().has_tensor_type()) return;
  const auto& tt = info.type().tensor_type();
  if (tt.elem_type() != 0) v->set_dtype(static_cast<DataType>(tt.elem_type()));
  if (!tt.has_shape()) return;
  std::vector<ir::Dim> dims;
  for (const auto& d : tt.shape().dim()) {
    if (d.has_dim_value() && d.dim_value() >= 0) dims.push_back(ir::Dim::Known(d.dim_value()));
    else if (d.has_dim_param()) dims.push_back(ir::Dim::Symbolic(d.dim_param()));
    else dims.push_back(ir::Dim{});
  }
  v->set_shape(std::move(dims));
}

Status CheckValueInfo(const onnx::ValueInfoProto& info, const char* what) {
  if (!info.has_type() || !info.type().has_tensor_type()) return Status::Ok();
  for (const auto& d : info.type().tensor_type().shape().dim()) {
    if (d.has_dim_value() && d.dim_value() < 0) {
      return InvalidModel(std::string(what) + " '" + info.name() + "' has negative dimension " +
                          std::to_string(d.dim_value()));
    }
  }
  return Status::Ok();
}

Expected<ir::Attribute> ConvertAttribute(const onnx::AttributeProto& a, const std::string& node_label,
                                         const TensorLoadOptions& tensor_options) {
  using AP = onnx::AttributeProto;
  switch (a.type()) {
    case AP::INT: return ir::Attribute(ir::Attribute::Storage(static_cast<int64_t>(a.i())));
    case AP::FLOAT: return ir::Attribute(ir::Attribute::Storage(a.f()));
    case AP::STRING: return ir::Attribute(ir::Attribute::Storage(a.s()));
    case AP::INTS: return ir::Attribute(ir::Attribute::Storage(std::vector<int64_t>(a.ints().begin(), a.ints().end())));
    case AP::FLOATS: return ir::Attribute(ir::Attribute::Storage(std::vector<float>(a.floats().begin(), a.floats().end())));
    case AP::STRINGS:
      return ir::Attribute(ir::Attribute::Storage(std::vector<std::string>(a.strings().begin(), a.strings().end())));
    case AP::TENSOR: {
      auto t = TensorFromProto(a.t(), tensor_options);
      if (!t.ok()) return t.status().WithContext(node_label + " attribute '" + a.name() + "'");
      return ir::Attribute(ir::Attribute::Storage(std::move(t).value()));
    }
    default:
      return Unsupported(node_label + " attribute '" + a.name() + "' has type " + AP::AttributeType_Name(a.type()) +
                         ", which minnow does not support");
  }
}

// Constant node -> tensor (value, value_float(s), value_int(s)).
Expected<Tensor> ConstantNodeValue(const onnx::NodeProto& node, const std::string& label,
                                   const TensorLoadOptions& tensor_options) {
  if (node.attribute_size() != 1) return InvalidModel(label + " must have exactly one value attribute");
  const auto& a = node.attribute(0);
  if (a.name() == "value") {
    auto t = TensorFromProto(a.t(), tensor_options);
    if (!t.ok()) return t.status().WithContext(label);
    return t;
  }
  if (a.name() == "value_float") return Tensor::FromVector<float>(DataType::kFloat32, {}, {a.f()});
  if (a.name() == "value_int") return Tensor::FromVector<int64_t>(DataType::kInt64, {}, {a.i()});
  if (a.name() == "value_floats") {
    return Tensor::FromVector<float>(DataType::kFloat32, {a.floats_size()}, {a.floats().begin(), a.floats().end()});
  }
  if (a.name() == "value_ints") {
    return Tensor::FromVector<int64_t>(DataType::kInt64, {a.ints_size()}, {a.ints().begin(), a.ints().end()});
  }
  return Unsupported(label + " attribute '" + a.name() + "' is not supported");
}

std::string NodeLabel(const onnx::NodeProto& node, int index) {
  if (!node.name().empty()) return node.op_type() + " '" + node.name() + "'";
  return node.op_type() + " #" + std::to_string(index);
}

}  // namespace

std::vector<fs::path> ModelFiles(const fs::path& path, const onnx::ModelProto& proto, const fs::path& model_dir) {
  std::vector<fs::path> files{path};
  auto add = [&](const onnx::TensorProto& t) {
    if (t.data_location() != onnx::TensorProto::EXTERNAL) return;
    for (const auto& kv : t.external_data()) {
      if (kv.key() != "location") continue;
      auto resolved = ResolveExternalDataPath(model_dir, kv.value());
      if (resolved.ok()) files.push_back(*resolved);
    }
  };
  for (const auto& t : proto.graph().initializer()) add(t);
  for (const auto& n : proto.graph().node()) {
    for (const auto& a : n.attribute()) {
      if (a.has_t()) add(a.t());
    }
  }
  return files;
}

Expected<onnx::ModelProto> ReadModelProto(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFound("model file " + path.string() + " does not exist");
  if (fs::is_directory(path, ec)) return InvalidArgument(path.string() + " is a folder, not an ONNX file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot open model file " + path.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) return InvalidModel(path.string() + " is empty");
  onnx::ModelProto proto;
  if (!proto.ParseFromString(bytes)) {
    return InvalidModel(path.string() + " is not a valid ONNX model (protobuf parsing failed; truncated or not ONNX?)");
  }
  return proto;
}

Expected<ir::Model> ImportOnnxFile(const fs::path& path) {
  MINNOW_ASSIGN_OR_RETURN(onnx::ModelProto proto, ReadModelProto(path));
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  auto model = ImportOnnxModel(proto, dir);
  if (!model.ok()) return model.status().WithContext(path.string());
  return model;
}

Expected<ir::Model> ImportOnnxBytes(const void* data, size_t size, const fs::path& model_dir) {
  if (size == 0) return InvalidModel("model data is empty");
  if (size > static_cast<size_t>(INT32_MAX)) return OutOfRange("model data larger than 2 GiB; use external data");
  onnx::ModelProto proto;
  if (!proto.ParseFromArray(data, static_cast<int>(size))) {
    return InvalidModel("not a valid ONNX model (protobuf parsing failed; truncated or not ONNX?)");
  }
  return ImportOnnxModel(proto, model_dir);
}

Expected<ir::Model> ImportOnnxModel(const onnx::ModelProto& proto, const fs::path& model_dir) {
  ir::Model model;
  model.ir_version = proto.ir_version();
  model.producer_name = proto.producer_name();
  model.producer_version = proto.producer_version();
  model.doc_string = proto.doc_string();
  for (const auto& kv : proto.metadata_props()) model.metadata[kv.key()] = kv.value();
  for (const auto& op : proto.opset_import()) {
    const std::string domain = op.domain() == "ai.onnx" ? "" : op.domain();
    model.opset_imports[domain] = op.version();
  }
  if (!proto.has_graph()) return InvalidModel("the model has no graph");
  if (proto.opset_import_size() == 0) model.opset_imports[""] = 1;  // IR v3 default
  const int64_t opset = model.onnx_opset();
  if (opset < kMinOpset || opset > kMaxOpset) {
    return Unsupported("ONNX opset " + std::to_string(opset) + " is not supported (minnow reads opsets " +
                       std::to_string(kMinOpset) + " to " + std::to_string(kMaxOpset) + ")");
  }

  const onnx::GraphProto& g = proto.graph();
  ir::Graph& graph = *model.graph;
  graph.set_name(g.name());
  TensorLoadOptions tensor_options{model_dir};

  if (g.sparse_initializer_size() > 0) return Unsupported("sparse initializers are not supported");

  // Initializers first: in old models they are also listed as graph inputs.
  std::set<std::string> initializer_names;
  for (const auto& init : g.initializer()) {
    if (init.name().empty()) return InvalidModel("an initializer has no name");
    auto t = TensorFromProto(init, tensor_options);
    if (!t.ok()) return t.status().WithContext("initializer '" + init.name() + "'");
    MINNOW_ASSIGN_OR_RETURN(ir::Value * v, graph.AddValue(init.name()));
    v->set_initializer(std::move(t).value());
    initializer_names.insert(init.name());
  }
  for (const auto& in : g.input()) {
    MINNOW_RETURN_IF_ERROR(CheckValueInfo(in, "graph input"));
    if (initializer_names.count(in.name())) continue;  // a default value: treated as a constant
    if (in.name().empty()) return InvalidModel("a graph input has no name");
    MINNOW_ASSIGN_OR_RETURN(ir::Value * v, graph.AddValue(in.name()));
    ReadValueInfo(in, v);
    if (v->dtype() != DataType::kUndefined && !IsSupportedDataType(v->dtype())) {
      return Unsupported("graph input '" + in.name() + "' has element type " + DataTypeName(v->dtype()));
    }
    graph.AddInput(v);
  }

  // Node outputs, so that nodes listed out of order can still be connected (then sorted).
  for (int n = 0; n < g.node_size(); ++n) {
    const auto& node = g.node(n);
    for (const auto& out : node.output()) {
      if (out.empty()) continue;
      auto v = graph.AddValue(out);
      if (!v.ok()) return v.status().WithContext(NodeLabel(node, n));
    }
  }

  for (int n = 0; n < g.node_size(); ++n) {
    const auto& node = g.node(n);
    const std::string label = NodeLabel(node, n);
    if (node.op_type().empty()) return InvalidModel("node #" + std::to_string(n) + " has no op_type");
    const std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();
    if (!model.opset_imports.count(domain)) {
      return InvalidModel(label + " uses domain '" + domain + "', which the model does not import");
    }
    if (node.op_type() == "Constant" && domain.empty() && node.output_size() == 1) {
      MINNOW_ASSIGN_OR_RETURN(Tensor t, ConstantNodeValue(node, label, tensor_options));
      graph.FindValue(node.output(0))->set_initializer(std::move(t));
      continue;
    }
    std::vector<ir::Value*> inputs;
    for (const auto& name : node.input()) {
      if (name.empty()) {
        inputs.push_back(nullptr);
        continue;
      }
      ir::Value* v = graph.FindValue(name);
      if (!v) {
        return InvalidModel(label + " reads value '" + name +
                            "', which is not a graph input, an initializer or any node's output");
      }
      inputs.push_back(v);
    }
    std::vector<ir::Value*> outputs;
    for (const auto& name : node.output()) outputs.push_back(name.empty() ? nullptr : graph.FindValue(name));
    auto added = graph.AddNode(node.op_type(), domain, node.name(), std::move(inputs), std::move(outputs));
    if (!added.ok()) return added.status();
    ir::Node* irnode = added.value();
    for (const auto& a : node.attribute()) {
      if (a.name().empty()) return InvalidModel(label + " has an attribute without a name");
      if (!a.ref_attr_name().empty()) return Unsupported(label + " attribute '" + a.name() + "' refers to a function attribute");
      MINNOW_ASSIGN_OR_RETURN(ir::Attribute attr, ConvertAttribute(a, label, tensor_options));
      irnode->SetAttribute(a.name(), std::move(attr));
    }
  }

  for (const auto& info : g.value_info()) {
    MINNOW_RETURN_IF_ERROR(CheckValueInfo(info, "value"));
    if (ir::Value* v = graph.FindValue(info.name()); v && !v->is_initializer()) ReadValueInfo(info, v);
  }
  for (const auto& out : g.output()) {
    MINNOW_RETURN_IF_ERROR(CheckValueInfo(out, "graph output"));
    ir::Value* v = graph.FindValue(out.name());
    if (!v) return InvalidModel("graph output '" + out.name() + "' is not computed by any node");
    if (!v->is_initializer()) ReadValueInfo(out, v);
    graph.AddOutput(v);
  }

  MINNOW_RETURN_IF_ERROR(graph.TopologicalSort());
  MINNOW_RETURN_IF_ERROR(ir::Verify(graph));
  return model;
}

}  // namespace minnow::importer
