// `minnow optimize` as a function, so tests can run it without a process.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace minnow::tools {

struct OptimizeOptions {
  std::string input;
  std::string output;
  std::vector<std::string> passes;  // empty: the default pipeline
  std::vector<std::string> shapes;  // "NAME=1x3x224x224": fixes input dims before the passes run
  bool verbose = false;             // per-pass counters and times
  bool list_passes = false;         // print the passes and exit
};

// Imports, optimizes and exports the model; prints a summary on `out` and, on failure, one
// "error: ..." line on `err`. Returns the exit status.
int RunOptimize(const OptimizeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace minnow::tools
