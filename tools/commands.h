// Subcommands of the `minnow` tool. Each Add*Command registers its options and a callback that
// runs the command and records the process exit status.
#pragma once

#include <CLI/CLI.hpp>

namespace minnow::tools {

void AddOnnxTestCommand(CLI::App& app);
void AddInspectCommand(CLI::App& app);
void AddRunCommand(CLI::App& app);
void AddConvertCommand(CLI::App& app);
void AddOptimizeCommand(CLI::App& app);
void AddBenchCommand(CLI::App& app);

// Exit status of the command that ran: 0 on success, 1 on error (never >= 128).
int ExitCode();
void SetExitCode(int code);

}  // namespace minnow::tools
