// minnow IR -> ONNX ModelProto / file: initializers as raw_data, nodes with their attributes,
// typed graph inputs/outputs, value_info for typed intermediate values, opset imports.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "ir/graph.h"
#include "minnow/status.h"

namespace minnow::importer {

struct ExportOptions {
  // Files that must never be overwritten (the model a user converted from, ...). Writing onto one
  // of them, or onto a link to one of them, fails before anything is written.
  std::vector<std::filesystem::path> protected_paths;
};

// Fills `info` with the value's name, element type and shape (symbolic dims as dim_param);
// a value of unknown type gets only its name.
void WriteValueInfo(const ir::Value& v, onnx::ValueInfoProto* info);

// Builds the ModelProto for `model`. Producer is "minnow"; all tensor data is stored inline.
Expected<onnx::ModelProto> ExportOnnxModel(const ir::Model& model);

// Serializes `model` to `path` atomically: the bytes go to a temporary file in the same folder,
// which is then renamed over `path`, so readers never see a half-written model.
Status ExportOnnxFile(const ir::Model& model, const std::filesystem::path& path, const ExportOptions& options = {});

// True when `a` and `b` name the same existing file (following links).
bool IsSameFile(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace minnow::importer
