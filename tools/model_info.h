// The facts `minnow inspect` reports about a model file: interface, metadata, operator
// histogram, parameter count and multiply-accumulate count (MACs) for given input shapes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "minnow/minnow.h"
#include "minnow/status.h"

namespace minnow::tools {

struct ModelInfo {
  std::string path;
  uint64_t file_size = 0;
  int64_t ir_version = 0;
  std::string producer_name;
  std::string producer_version;
  std::map<std::string, int64_t> opsets;  // domain ("" = ai.onnx) -> version
  std::vector<TensorInfo> inputs;         // graph inputs that are not initializers
  std::vector<TensorInfo> outputs;
  int64_t num_nodes = 0;
  // (op type, count), most frequent first, ties by name. Domain-qualified outside ai.onnx.
  std::vector<std::pair<std::string, int64_t>> op_histogram;
  int64_t num_initializers = 0;
  int64_t parameters = 0;       // elements over all initializers
  int64_t parameter_bytes = 0;  // their size in memory
  // Concrete input shapes the MACs were computed for (symbolic dims resolved).
  std::map<std::string, Shape> input_shapes;
  int64_t macs = 0;
  std::map<std::string, int64_t> macs_by_op;
  // Nodes of MAC-counted op types whose shapes shape inference could not determine.
  int64_t macs_unknown_nodes = 0;
  // Set when ONNX shape inference threw; MACs then cover only what was known.
  std::string shape_inference_error;
  // True when some shapes came from running the model once on random inputs (inference could
  // not determine them); shape_probe_error says why such a run failed.
  bool shapes_from_run = false;
  std::string shape_probe_error;
  // The imported IR, for --ir.
  ir::Model model;
};

// Loads and analyses `path`. `shapes` overrides input shapes by name (rank must match the model);
// other symbolic or unknown input dims are taken as 1.
Expected<ModelInfo> AnalyzeModel(const std::filesystem::path& path, const std::map<std::string, Shape>& shapes);

}  // namespace minnow::tools
