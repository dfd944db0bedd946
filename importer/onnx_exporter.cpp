// ONNX exporter: the inverse of onnx_importer.cpp, plus an atomic file writer.
#include "importer/onnx_exporter.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <set>

#include "importer/tensor_proto.h"

namespace minnow::importer {

namespace fs = std::filesystem;

namespace {

// Initializers that are not graph inputs need IR version 4; the checker and the importer only
// know versions up to the one this libonnx was built with.
constexpr int64_t kMinIrVersion = 4;
constexpr int64_t kMaxIrVersion = onnx::IR_VERSION;


void WriteAttribute(const std::string& name, const ir::Attribute& a, onnx::AttributeProto* p) {
  using AP = onnx::AttributeProto;
  p->set_name(name);
  switch (a.kind()) {
    case ir::Attribute::Kind::kInt: p->set_type(AP::INT); p->set_i(a.i()); break;
    case ir::Attribute::Kind::kFloat: p->set_type(AP::FLOAT); p->set_f(a.f()); break;
    case ir::Attribute::Kind::kString: p->set_type(AP::STRING); p->set_s(a.s()); break;
    case ir::Attribute::Kind::kTensor: p->set_type(AP::TENSOR); TensorToProto(a.t(), p->mutable_t()); break;
    case ir::Attribute::Kind::kInts:
      p->set_type(AP::INTS);
      for (int64_t v : a.ints()) p->add_ints(v);
      break;
    case ir::Attribute::Kind::kFloats:
      p->set_type(AP::FLOATS);
      for (float v : a.floats()) p->add_floats(v);
      break;
    case ir::Attribute::Kind::kStrings:
      p->set_type(AP::STRINGS);
      for (const auto& v : a.strings()) p->add_strings(v);
      break;
  }
}

// Writes all of `bytes` to fd, retrying short writes.
bool WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Creates a new, unused file beside `target` (O_EXCL, so nothing existing is touched).
Expected<std::pair<int, fs::path>> CreateTempFile(const fs::path& target) {
  static std::atomic<uint64_t> counter{0};
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = ".";  // built step by step: GCC 12 warns falsely on one long concatenation
    name += target.filename().string();
    name += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
    const fs::path tmp = dir / name;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return std::make_pair(fd, tmp);
    if (errno != EEXIST) return IoError("cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno));
  }
  return IoError("cannot create a temporary file in " + dir.string());
}

}  // namespace

void WriteValueInfo(const ir::Value& v, onnx::ValueInfoProto* info) {
  info->set_name(v.name());
  if (v.dtype() == DataType::kUndefined) return;
  auto* tt = info->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(static_cast<int32_t>(v.dtype()));
  if (!v.shape()) return;
  auto* shape = tt->mutable_shape();
  for (const ir::Dim& d : *v.shape()) {
    auto* dim = shape->add_dim();
    if (d.is_known()) dim->set_dim_value(d.size);
    else if (!d.symbol.empty()) dim->set_dim_param(d.symbol);
  }
}

bool IsSameFile(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  const bool same = fs::equivalent(a, b, ec);
  return !ec && same;
}

Expected<onnx::ModelProto> ExportOnnxModel(const ir::Model& model) {
  onnx::ModelProto proto;
  proto.set_ir_version(std::clamp(model.ir_version, kMinIrVersion, kMaxIrVersion));
  proto.set_producer_name("minnow");
  if (!model.doc_string.empty()) proto.set_doc_string(model.doc_string);
  for (const auto& [key, value] : model.metadata) {
    auto* kv = proto.add_metadata_props();
    kv->set_key(key);
    kv->set_value(value);
  }
  for (const auto& [domain, version] : model.opset_imports) {
    auto* op = proto.add_opset_import();
    op->set_domain(domain);
    op->set_version(version);
  }

  const ir::Graph& graph = *model.graph;
  onnx::GraphProto* g = proto.mutable_graph();
  g->set_name(graph.name().empty() ? "main" : graph.name());  // the checker requires a name

  std::set<const ir::Value*> listed;  // values described by inputs, outputs or initializers
  for (const ir::Value* v : graph.Initializers()) {
    const Tensor& t = v->initializer();
    if (!IsSupportedDataType(t.dtype())) {
      return Unsupported("initializer '" + v->name() + "' has type " + DataTypeName(t.dtype()) + ", which cannot be exported");
    }
    onnx::TensorProto* tp = g->add_initializer();
    TensorToProto(t, tp);
    tp->set_name(v->name());
    listed.insert(v);
  }
  // ONNX requires a type on graph inputs and outputs; minnow only knows tensor types (sequence
  // or optional values import with no type), so such models cannot be written back.
  for (const ir::Value* v : graph.inputs()) {
    if (v->dtype() == DataType::kUndefined) {
      return Unsupported("graph input '" + v->name() + "' has no known tensor type, so it cannot be exported");
    }
    WriteValueInfo(*v, g->add_input());
    listed.insert(v);
  }
  for (const ir::Value* v : graph.outputs()) {
    if (v->dtype() == DataType::kUndefined) {
      return Unsupported("graph output '" + v->name() + "' has no known tensor type, so it cannot be exported");
    }
    WriteValueInfo(*v, g->add_output());
    listed.insert(v);
  }

  for (const auto& n : graph.nodes()) {
    onnx::NodeProto* np = g->add_node();
    np->set_op_type(n->op_type());
    if (!n->domain().empty()) np->set_domain(n->domain());
    if (!n->name().empty()) np->set_name(n->name());
    for (const ir::Value* in : n->inputs()) np->add_input(in ? in->name() : "");
    for (const ir::Value* out : n->outputs()) np->add_output(out ? out->name() : "");
    for (const auto& [name, attr] : n->attributes()) WriteAttribute(name, attr, np->add_attribute());
  }

  // value_info for intermediate values whose type is known (in node order, for stable output).
  for (const auto& n : graph.nodes()) {
    for (const ir::Value* out : n->outputs()) {
      if (!out || listed.count(out) || out->dtype() == DataType::kUndefined) continue;
      WriteValueInfo(*out, g->add_value_info());
      listed.insert(out);
    }
  }
  return proto;
}

Status ExportOnnxFile(const ir::Model& model, const fs::path& path, const ExportOptions& options) {
  if (path.empty()) return InvalidArgument("no output path given");
  for (const fs::path& p : options.protected_paths) {
    if (IsSameFile(path, p)) {
      return InvalidArgument("refusing to overwrite " + p.string() + ", which is one of the input files");
    }
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) return InvalidArgument(path.string() + " is a folder, not a file name");
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::is_directory(dir, ec)) return NotFound("output folder " + dir.string() + " does not exist");

  MINNOW_ASSIGN_OR_RETURN(onnx::ModelProto proto, ExportOnnxModel(model));
  // Protobuf cannot serialize messages of 2 GiB or more.
  if (proto.ByteSizeLong() >= static_cast<size_t>(INT32_MAX)) {
    return OutOfRange("the model is larger than 2 GiB, which a single ONNX file cannot hold");
  }
  std::string bytes;
  if (!proto.SerializeToString(&bytes)) return Internal("serializing the ONNX model failed");

  MINNOW_ASSIGN_OR_RETURN(auto tmp, CreateTempFile(path));
  auto [fd, tmp_path] = tmp;
  bool ok = WriteAll(fd, bytes);
  const int write_errno = errno;
  ok = (::fsync(fd) == 0) && ok;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    fs::remove(tmp_path, ec);
    return IoError("writing " + path.string() + " failed: " + std::strerror(write_errno));
  }
  fs::rename(tmp_path, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp_path, ignored);
    return IoError("cannot move the new model to " + path.string() + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace minnow::importer
