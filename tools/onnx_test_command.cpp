// `minnow onnx-test DIR...`: runs ONNX backend conformance test folders.
#include <iostream>

#include "tools/commands.h"
#include "tools/onnx_test_runner.h"

namespace minnow::tools {

namespace {
int g_exit_code = 0;
}

int ExitCode() { return g_exit_code; }
void SetExitCode(int code) { g_exit_code = code; }

void AddOnnxTestCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("onnx-test", "Run ONNX backend test folders (model.onnx + test_data_set_*)");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto skip_list = std::make_shared<std::string>();
  auto opt = std::make_shared<OnnxTestOptions>();
  cmd->add_option("dirs", *paths, "Test folders, or folders containing test folders")->required();
  cmd->add_option("--skip-list", *skip_list, "File of 'test_name reason' lines to skip");
  cmd->add_option("--rtol", opt->rtol, "Relative tolerance")->capture_default_str();
  cmd->add_option("--atol", opt->atol, "Absolute tolerance")->capture_default_str();
  cmd->add_flag("-v,--verbose", opt->verbose, "Print passes and skips too");
  cmd->callback([paths, skip_list, opt] {
    if (!skip_list->empty()) {
      if (!std::filesystem::exists(*skip_list)) {
        std::cerr << "error: skip list " << *skip_list << " does not exist\n";
        SetExitCode(1);
        return;
      }
      opt->skips = ReadSkipList(*skip_list);
    }
    std::vector<std::filesystem::path> dirs(paths->begin(), paths->end());
    OnnxTestSummary s = RunOnnxTests(dirs, *opt);
    SetExitCode(s.failed > 0 ? 1 : 0);
  });
}

}  // namespace minnow::tools
