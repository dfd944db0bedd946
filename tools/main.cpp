// The `minnow` command-line tool: one subcommand per job.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"minnow: ONNX model compression and CPU inference"};
  app.require_subcommand(1);
  minnow::tools::AddOnnxTestCommand(app);
  minnow::tools::AddInspectCommand(app);
  minnow::tools::AddRunCommand(app);
  minnow::tools::AddConvertCommand(app);
  minnow::tools::AddOptimizeCommand(app);
  minnow::tools::AddBenchCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive as "errors" with exit code 0; real usage errors follow the
    // tool's rule of one "error:" line and exit status 1.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string msg = e.what();
    for (char& c : msg) c = (c == '\n') ? ' ' : c;
    std::cerr << "error: " << msg << " (see --help)" << std::endl;
    return 1;
  }
  return minnow::tools::ExitCode();
}
