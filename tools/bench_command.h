// `minnow bench` as a function, so tests can run it without a process.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace minnow::tools {

struct BenchOptions {
  std::string model;
  int threads = 0;                  // 0: all cores
  int warmup = 3;                   // untimed Runs after the first
  int iterations = 0;               // timed Runs; 0: run for `duration_s`
  double duration_s = 0;            // 0 with iterations 0: 3 seconds
  std::vector<std::string> shapes;  // "NAME=1x3x224x224" for inputs with free dims
  std::vector<std::string> inputs;  // "NAME=FILE.npy": fixed inputs instead of random ones
  uint64_t seed = 0;
  std::string json_path;            // write the results as JSON
  bool profile = false;             // per-op-type table
  std::string trace_path;           // Chrome trace of the timed Runs (implies profile)
  bool plan_memory = true;
  bool optimize = false;            // run the default pass pipeline at load, with --shape dims fixed
};

// Loads the model, runs it on seeded random inputs and prints latency, throughput and memory.
// On failure prints one "error: ..." line on `err`. Returns the exit status.
int RunBench(const BenchOptions& options, std::ostream& out, std::ostream& err);

}  // namespace minnow::tools
