// Input tensors for `minnow run`: read from .npy / TensorProto .pb files, or generated at random.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "minnow/minnow.h"

namespace minnow::tools {

// Reads a .npy file or a serialized ONNX TensorProto (.pb), telling them apart by content.
Expected<Tensor> ReadInputFile(const std::filesystem::path& path);

// A random tensor for model input `info`: floats uniform in [0, 1), integers in [0, 10), bools
// 0/1. `shape` (from --shape) overrides the model's dims; otherwise every dim must be known,
// and an error names the input and the symbolic dim.
Expected<Tensor> RandomInput(const TensorInfo& info, const Shape* shape, uint64_t seed);

}  // namespace minnow::tools
