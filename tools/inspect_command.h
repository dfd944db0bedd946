// `minnow inspect` as a function, so tests can run it without a process.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/model_info.h"

namespace minnow::tools {

struct InspectOptions {
  std::string model;
  std::vector<std::string> shapes;  // "NAME=1x3x224x224"
  bool print_ir = false;
  std::string json_path;  // empty: no JSON
};

// Prints the report on `out`; on failure prints one "error: ..." line on `err`. Returns the exit status.
int RunInspect(const InspectOptions& options, std::ostream& out, std::ostream& err);
nlohmann::json ModelInfoJson(const ModelInfo& info);

}  // namespace minnow::tools
