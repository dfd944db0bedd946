// Input loading and random generation for `minnow run`.
#include "tools/run_inputs.h"

#include <fstream>
#include <random>

#include "importer/tensor_proto.h"
#include "tools/npy.h"

namespace minnow::tools {

namespace fs = std::filesystem;

Expected<Tensor> ReadInputFile(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFound("input file " + path.string() + " does not exist");
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot open input file " + path.string());
  char magic[6] = {};
  in.read(magic, sizeof magic);
  if (LooksLikeNpy(std::string_view(magic, static_cast<size_t>(in.gcount())))) return ReadNpyFile(path);
  return importer::ReadTensorProtoFile(path);
}

Expected<Tensor> RandomInput(const TensorInfo& info, const Shape* given, uint64_t seed) {
  if (!IsSupportedDataType(info.dtype)) {
    return Unsupported("input '" + info.name + "' has element type " + DataTypeName(info.dtype) +
                       ", which --random-inputs cannot generate");
  }
  Shape shape;
  if (given) {
    if (info.has_shape && given->size() != info.shape.size()) {
      return InvalidArgument("--shape " + info.name + "=" + ShapeToString(*given) + " has rank " +
                             std::to_string(given->size()) + " but input '" + info.name + "' has rank " +
                             std::to_string(info.shape.size()));
    }
    shape = *given;
  } else {
    if (!info.has_shape) {
      return InvalidArgument("input '" + info.name + "' has no shape in the model; give it with --shape " + info.name +
                             "=...");
    }
    for (size_t i = 0; i < info.shape.size(); ++i) {
      if (info.shape[i] < 0) {
        const std::string dim = info.dim_names[i].empty() ? "unknown" : "'" + info.dim_names[i] + "'";
        return InvalidArgument("input '" + info.name + "' dimension " + std::to_string(i) + " (" + dim +
                               ") is not fixed; give the shape with --shape " + info.name + "=...");
      }
      shape.push_back(info.shape[i]);
    }
  }
  // Generating element by element is slow, and a typo in --shape should not eat all memory.
  constexpr int64_t kMaxRandomBytes = int64_t{1} << 32;
  auto checked = CheckedNumElements(shape);
  if (!checked.ok()) return checked.status().WithContext("input '" + info.name + "'");
  const int64_t numel = *checked;
  if (numel > kMaxRandomBytes / static_cast<int64_t>(DataTypeSize(info.dtype))) {
    return OutOfRange("random input '" + info.name + "' of shape " + ShapeToString(shape) + " would exceed 4 GiB");
  }
  MINNOW_ASSIGN_OR_RETURN(Tensor t, Tensor::Create(info.dtype, shape));
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> real(0.0, 1.0);
  std::uniform_int_distribution<int> small(0, 9);
  for (int64_t i = 0; i < t.numel(); ++i) {
    switch (info.dtype) {
      case DataType::kFloat32: t.data<float>()[i] = static_cast<float>(real(rng)); break;
      case DataType::kFloat64: t.data<double>()[i] = real(rng); break;
      case DataType::kFloat16: t.data<uint16_t>()[i] = FloatToHalf(static_cast<float>(real(rng))); break;
      case DataType::kBFloat16: t.data<uint16_t>()[i] = FloatToBFloat16(static_cast<float>(real(rng))); break;
      case DataType::kBool: t.data<uint8_t>()[i] = static_cast<uint8_t>(small(rng) & 1); break;
      case DataType::kUInt8: t.data<uint8_t>()[i] = static_cast<uint8_t>(small(rng)); break;
      case DataType::kInt8: t.data<int8_t>()[i] = static_cast<int8_t>(small(rng)); break;
      case DataType::kUInt16: t.data<uint16_t>()[i] = static_cast<uint16_t>(small(rng)); break;
      case DataType::kInt16: t.data<int16_t>()[i] = static_cast<int16_t>(small(rng)); break;
      case DataType::kInt32: t.data<int32_t>()[i] = small(rng); break;
      case DataType::kUInt32: t.data<uint32_t>()[i] = static_cast<uint32_t>(small(rng)); break;
      case DataType::kInt64: t.data<int64_t>()[i] = small(rng); break;
      case DataType::kUInt64: t.data<uint64_t>()[i] = static_cast<uint64_t>(small(rng)); break;
      default: return Internal("unhandled element type in RandomInput");
    }
  }
  return t;
}

}  // namespace minnow::tools
