// ONNX ModelProto -> minnow IR.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "ir/graph.h"
#include "minnow/status.h"

namespace minnow::importer {

// Loads an ONNX file. External data is read relative to the file's folder and may not leave it.
Expected<ir::Model> ImportOnnxFile(const std::filesystem::path& path);
// Loads a serialized model from memory. `model_dir` (optional) is where external data lives.
Expected<ir::Model> ImportOnnxBytes(const void* data, size_t size, const std::filesystem::path& model_dir = {});
// Converts a parsed ModelProto. Constant nodes become initializers; the result is verified and
// topologically sorted.
Expected<ir::Model> ImportOnnxModel(const onnx::ModelProto& proto, const std::filesystem::path& model_dir = {});

// The model file `path` and every external-data file its tensors reference (resolved against
// `model_dir`; unresolvable ones are left out): what a tool must never overwrite.
std::vector<std::filesystem::path> ModelFiles(const std::filesystem::path& path, const onnx::ModelProto& proto,
                                              const std::filesystem::path& model_dir);

// Reads and parses a model file without converting it (for tools that need the raw proto).
Expected<onnx::ModelProto> ReadModelProto(const std::filesystem::path& path);

}  // namespace minnow::importer
