// Finds the shape of every value in a model by running it once on random inputs: the fallback
// for `minnow inspect` when ONNX shape inference cannot follow a model's shape computations.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow::tools {

// Runs the model at `path` with random inputs of `input_shapes` and returns the shape of every
// node output by name. Fails if an operator is unsupported or the run fails.
Expected<std::map<std::string, Shape>> ProbeShapes(const std::filesystem::path& path,
                                                   const std::map<std::string, Shape>& input_shapes);

}  // namespace minnow::tools
