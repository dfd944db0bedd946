// `minnow run` as a function, so tests can run it without a process.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace minnow::tools {

struct RunOptions {
  std::string model;
  std::vector<std::string> inputs;  // "NAME=FILE.npy" or "NAME=FILE.pb"
  std::vector<std::string> shapes;  // "NAME=1x3x224x224", for --random-inputs
  bool random_inputs = false;
  uint64_t seed = 0;
  std::string output_dir;  // empty: outputs are only summarised
  int threads = 0;         // intra-op threads, 0: all cores (last, so aggregate initializers stay valid)
};

// Runs the model and prints one line per output; on failure prints one "error: ..." line on
// `err`. Returns the exit status.
int RunRun(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace minnow::tools
