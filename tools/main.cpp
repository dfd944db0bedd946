// The `minnow` command-line tool: one subcommand per job.
#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"minnow: ONNX model compression and CPU inference"};
  app.require_subcommand(1);
  minnow::tools::AddOnnxTestCommand(app);
  minnow::tools::AddInspectCommand(app);
  minnow::tools::AddRunCommand(app);
  minnow::tools::AddConvertCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return minnow::tools::ExitCode();
}
