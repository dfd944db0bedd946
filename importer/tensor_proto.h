// Conversion between ONNX TensorProto and minnow Tensor, including external data files.
#pragma once

#include <filesystem>
#include <string>

#include <onnx/onnx_pb.h>

#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow::importer {

struct TensorLoadOptions {
  // Folder external data paths are resolved against; empty when the model came from memory,
  // in which case tensors with external data are rejected.
  std::filesystem::path model_dir;
};

// Converts a TensorProto (raw_data, typed fields or external data) to a Tensor.
// Rejects negative dims, data shorter or longer than the shape, and external paths leaving model_dir.
Expected<Tensor> TensorFromProto(const onnx::TensorProto& proto, const TensorLoadOptions& options = {});

// Writes `t` into `proto` as raw_data (name left as is).
void TensorToProto(const Tensor& t, onnx::TensorProto* proto);

// Drops the element data of `proto` (every storage field), keeping its name, type and dims: for
// shape inference, which needs only the small constants.
void ClearTensorData(onnx::TensorProto* proto);

// Reads a serialized TensorProto file (the ONNX test-data .pb format).
Expected<Tensor> ReadTensorProtoFile(const std::filesystem::path& path, std::string* name = nullptr);

// Resolves an external-data `location` against `model_dir`, refusing absolute paths, `..`
// components and symlinks that lead outside the folder.
Expected<std::filesystem::path> ResolveExternalDataPath(const std::filesystem::path& model_dir,
                                                        const std::string& location);

}  // namespace minnow::importer
