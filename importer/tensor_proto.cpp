// TensorProto <-> Tensor.
#include "importer/tensor_proto.h"

#include <cstring>
#include <fstream>

namespace minnow::importer {

namespace fs = std::filesystem;

namespace {

std::string TensorLabel(const onnx::TensorProto& proto) {
  return proto.name().empty() ? std::string("tensor") : "tensor '" + proto.name() + "'";
}

// Copies a typed repeated field into `t`, converting each element to the storage type.
template <typename Storage, typename Field>
Status CopyTyped(const Field& field, Tensor& t, const onnx::TensorProto& proto) {
  if (field.size() != t.numel()) {
    return InvalidModel(TensorLabel(proto) + " of shape " + ShapeToString(t.shape()) + " has " +
                        std::to_string(field.size()) + " values, expected " + std::to_string(t.numel()));
  }
  Storage* out = t.data<Storage>();
  for (int64_t i = 0; i < t.numel(); ++i) out[i] = static_cast<Storage>(field.Get(static_cast<int>(i)));
  return Status::Ok();
}

Expected<std::string> ReadExternalBytes(const onnx::TensorProto& proto, const TensorLoadOptions& options) {
  std::string location;
  int64_t offset = 0;
  int64_t length = -1;
  for (const auto& kv : proto.external_data()) {
    try {
      if (kv.key() == "location") location = kv.value();
      else if (kv.key() == "offset") offset = std::stoll(kv.value());
      else if (kv.key() == "length") length = std::stoll(kv.value());
    } catch (const std::exception&) {
      return InvalidModel(TensorLabel(proto) + ": external data " + kv.key() + " '" + kv.value() + "' is not a number");
    }
  }
  if (location.empty()) return InvalidModel(TensorLabel(proto) + " has external data without a location");
  if (options.model_dir.empty()) {
    return InvalidArgument(TensorLabel(proto) + " uses external data file '" + location +
                           "', which needs the model to be loaded from a file path");
  }
  MINNOW_ASSIGN_OR_RETURN(fs::path path, ResolveExternalDataPath(options.model_dir, location));
  std::error_code ec;
  const auto file_size = fs::file_size(path, ec);
  if (ec) return NotFound(TensorLabel(proto) + ": cannot read external data file " + path.string() + ": " + ec.message());
  if (offset < 0 || static_cast<uint64_t>(offset) > file_size) {
    return InvalidModel(TensorLabel(proto) + ": external data offset " + std::to_string(offset) + " is beyond the end of " +
                        path.string());
  }
  const uint64_t available = file_size - static_cast<uint64_t>(offset);
  if (length < 0) length = static_cast<int64_t>(available);
  if (static_cast<uint64_t>(length) > available) {
    return InvalidModel(TensorLabel(proto) + ": external data wants " + std::to_string(length) + " bytes at offset " +
                        std::to_string(offset) + " but " + path.string() + " has only " + std::to_string(available));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot open external data file " + path.string());
  std::string bytes(static_cast<size_t>(length), '\0');
  in.seekg(offset);
  in.read(bytes.data(), length);
  if (in.gcount() != length) return IoError("short read from external data file " + path.string());
  return bytes;
}

}  // namespace

Expected<fs::path> ResolveExternalDataPath(const fs::path& model_dir, const std::string& location) {
  const fs::path rel(location);
  if (location.empty() || rel.is_absolute() || rel.has_root_name() || rel.has_root_directory()) {
    return InvalidModel("external data path '" + location + "' must be relative to the model's folder");
  }
  for (const auto& part : rel) {
    if (part == "..") return InvalidModel("external data path '" + location + "' leaves the model's folder");
  }
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(model_dir, ec);
  if (ec) return NotFound("cannot resolve model folder " + model_dir.string());
  // weakly_canonical follows symlinks, so a link pointing outside is caught here.
  const fs::path full = fs::weakly_canonical(base / rel, ec);
  if (ec) return NotFound("cannot resolve external data path '" + location + "'");
  auto b = base.begin();
  auto f = full.begin();
  for (; b != base.end(); ++b, ++f) {
    if (f == full.end() || *b != *f) {
      return InvalidModel("external data path '" + location + "' resolves to " + full.string() +
                          ", outside the model's folder " + base.string());
    }
  }
  return full;
}

Expected<Tensor> TensorFromProto(const onnx::TensorProto& proto, const TensorLoadOptions& options) {
  const auto dtype = static_cast<DataType>(proto.data_type());
  if (proto.data_type() == onnx::TensorProto::STRING) {
    return Unsupported(TensorLabel(proto) + " has string elements, which minnow does not support");
  }
  if (!IsSupportedDataType(dtype)) {
    return Unsupported(TensorLabel(proto) + " has unsupported element type " + std::to_string(proto.data_type()));
  }
  if (proto.has_segment()) return Unsupported(TensorLabel(proto) + " is segmented");
  Shape shape(proto.dims().begin(), proto.dims().end());
  auto created = Tensor::Create(dtype, shape);
  if (!created.ok()) return created.status().WithContext(TensorLabel(proto));
  Tensor t = std::move(created).value();

  const bool external = proto.data_location() == onnx::TensorProto::EXTERNAL;
  if (external || proto.has_raw_data()) {
    std::string external_bytes;
    if (external) {
      MINNOW_ASSIGN_OR_RETURN(external_bytes, ReadExternalBytes(proto, options));
    }
    const std::string& bytes = external ? external_bytes : proto.raw_data();
    if (bytes.size() != t.nbytes()) {
      return InvalidModel(TensorLabel(proto) + " of shape " + ShapeToString(shape) + " and type " + DataTypeName(dtype) +
                          " needs " + std::to_string(t.nbytes()) + " bytes of data, has " + std::to_string(bytes.size()));
    }
    if (!bytes.empty()) std::memcpy(t.raw_data(), bytes.data(), bytes.size());  // ONNX raw data is little-endian
    return t;
  }

  Status st;
  switch (dtype) {
    case DataType::kFloat32: st = CopyTyped<float>(proto.float_data(), t, proto); break;
    case DataType::kFloat64: st = CopyTyped<double>(proto.double_data(), t, proto); break;
    case DataType::kInt64: st = CopyTyped<int64_t>(proto.int64_data(), t, proto); break;
    case DataType::kUInt64: st = CopyTyped<uint64_t>(proto.uint64_data(), t, proto); break;
    case DataType::kUInt32: st = CopyTyped<uint32_t>(proto.uint64_data(), t, proto); break;
    case DataType::kInt32: st = CopyTyped<int32_t>(proto.int32_data(), t, proto); break;
    case DataType::kInt16: st = CopyTyped<int16_t>(proto.int32_data(), t, proto); break;
    case DataType::kUInt16: st = CopyTyped<uint16_t>(proto.int32_data(), t, proto); break;
    case DataType::kInt8: st = CopyTyped<int8_t>(proto.int32_data(), t, proto); break;
    case DataType::kUInt8: st = CopyTyped<uint8_t>(proto.int32_data(), t, proto); break;
    case DataType::kBool: st = CopyTyped<uint8_t>(proto.int32_data(), t, proto); break;
    case DataType::kFloat16:  // stored as the 16-bit pattern in int32_data
    case DataType::kBFloat16: st = CopyTyped<uint16_t>(proto.int32_data(), t, proto); break;
    default: return Unsupported(TensorLabel(proto) + " element type " + DataTypeName(dtype));
  }
  if (!st.ok()) return st;
  if (dtype == DataType::kBool) {
    for (int64_t i = 0; i < t.numel(); ++i) t.data<uint8_t>()[i] = t.data<uint8_t>()[i] ? 1 : 0;
  }
  return t;
}

void TensorToProto(const Tensor& t, onnx::TensorProto* proto) {
  proto->set_data_type(static_cast<int32_t>(t.dtype()));
  proto->clear_dims();
  for (int64_t d : t.shape()) proto->add_dims(d);
  proto->set_raw_data(t.raw_data(), t.nbytes());
}

void ClearTensorData(onnx::TensorProto* proto) {
  proto->clear_raw_data();
  proto->clear_float_data();
  proto->clear_double_data();
  proto->clear_int32_data();
  proto->clear_int64_data();
  proto->clear_uint64_data();
}

Expected<Tensor> ReadTensorProtoFile(const fs::path& path, std::string* name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  onnx::TensorProto proto;
  if (!proto.ParseFromString(bytes)) return InvalidArgument(path.string() + " is not a serialized ONNX TensorProto");
  if (name) *name = proto.name();
  TensorLoadOptions options;
  options.model_dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  auto t = TensorFromProto(proto, options);
  if (!t.ok()) return t.status().WithContext(path.string());
  return t;
}

}  // namespace minnow::importer
