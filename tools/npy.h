// NumPy .npy files (format 1.0/2.0/3.0, little-endian, C order) <-> minnow Tensor.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow::tools {

// Parses the bytes of a .npy file. Rejects malformed headers, unsupported dtypes, Fortran order
// and data whose length does not match the shape; never reads past `bytes`.
Expected<Tensor> ParseNpy(std::string_view bytes);
// Reads a .npy file; errors name the file.
Expected<Tensor> ReadNpyFile(const std::filesystem::path& path);

// Serializes `t` as .npy (format 1.0, or 2.0 when the header needs it). Fails for dtypes NumPy
// cannot represent (bfloat16).
Expected<std::string> EncodeNpy(const Tensor& t);
Status WriteNpyFile(const std::filesystem::path& path, const Tensor& t);

// True when `bytes` starts with the .npy magic string.
bool LooksLikeNpy(std::string_view bytes);

}  // namespace minnow::tools
