// Runs ONNX backend test folders (model.onnx + test_data_set_*/{input,output}_*.pb) and
// compares minnow's outputs with the expected ones.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace minnow::tools {

struct OnnxTestOptions {
  double rtol = 1e-3;
  double atol = 1e-5;
  // test folder name -> reason it is skipped
  std::map<std::string, std::string> skips;
  bool verbose = false;
};

struct OnnxTestSummary {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
};

// Reads "test_name  reason..." lines; '#' starts a comment.
std::map<std::string, std::string> ReadSkipList(const std::filesystem::path& path);

// Each path is a test folder or a folder of test folders. Prints one line per failure (and per
// skip with verbose), then "N passed, N failed, N skipped".
OnnxTestSummary RunOnnxTests(const std::vector<std::filesystem::path>& paths, const OnnxTestOptions& options);

}  // namespace minnow::tools
