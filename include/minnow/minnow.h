// minnow's public C++ API: load an ONNX model, inspect its inputs and outputs, run it.
//
//   auto session = minnow::Session::LoadFile("model.onnx");
//   if (!session.ok()) { std::cerr << session.status().ToString() << "\n"; return 1; }
//   auto outputs = (*session)->Run({{"x", input_tensor}});
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "minnow/dtype.h"
#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow {

// Static description of a model input or output. Unknown dims are -1; named (symbolic) dims
// keep their name in `dim_names` ("" for known or anonymous dims).
struct TensorInfo {
  std::string name;
  DataType dtype = DataType::kUndefined;
  bool has_shape = false;
  std::vector<int64_t> shape;
  std::vector<std::string> dim_names;
};

struct SessionOptions {
  // Intra-op threads; 0 means all cores (or OMP_NUM_THREADS). Applies to this session's Runs only.
  int num_threads = 0;
  // Record per-node timings on every Run (see RunStats::nodes).
  bool profile = false;
  // Serve intermediate tensors from one arena, laid out by a static memory plan recorded at the
  // first Run for each set of input shapes. Off: every intermediate is a separate allocation.
  bool plan_memory = true;
  // Run minnow's graph optimizations at load (the default pipeline of `minnow optimize`: shape and
  // constant folding, cleanup, BatchNorm folding and operator fusion), as ONNX Runtime does.
  bool optimize = false;
  // Input shapes to fix before optimizing (NAME -> dims), so shape arithmetic folds away. A fixed
  // input then only accepts that shape; inputs not listed keep their dynamic dims.
  std::map<std::string, std::vector<int64_t>> input_shapes;
};

// Time one node took during a profiled Run.
struct NodeProfile {
  std::string op_type;
  std::string name;
  double start_us = 0;  // since the start of the Run
  double duration_us = 0;
};

// What one Run cost.
struct RunStats {
  double total_ms = 0;
  bool memory_planned = false;  // served from the arena (false for the Run that records a plan)
  int64_t arena_bytes = 0;      // the memory plan's arena for these input shapes
  int64_t weights_bytes = 0;    // the model's initializers
  int64_t peak_rss_bytes = 0;   // the whole process's peak resident set so far
  std::vector<NodeProfile> nodes;  // when profiling, in execution order
};

// Writes profiled Runs as a Chrome trace (chrome://tracing, ui.perfetto.dev), Runs end to end.
Status WriteChromeTrace(const std::string& path, const std::vector<RunStats>& runs);

class Session {
 public:
  // Loads a model file; external data files are read from the model's folder.
  static Expected<std::unique_ptr<Session>> LoadFile(const std::string& path, const SessionOptions& options = {});
  // Loads a serialized model from memory (external data is not allowed).
  static Expected<std::unique_ptr<Session>> LoadBytes(const void* data, size_t size,
                                                      const SessionOptions& options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const std::vector<TensorInfo>& inputs() const;
  const std::vector<TensorInfo>& outputs() const;

  // Runs the model. Every input must be given. Returns the outputs named in `output_names`
  // (all outputs, in model order, when empty). May be called from several threads at once.
  Expected<std::vector<NamedTensor>> Run(const std::vector<NamedTensor>& inputs,
                                              const std::vector<std::string>& output_names = {}) const;
  // As Run, and fills `stats` (may be nullptr) with this Run's timing and memory figures.
  Expected<std::vector<NamedTensor>> Run(const std::vector<NamedTensor>& inputs,
                                         const std::vector<std::string>& output_names, RunStats* stats) const;
  // Statistics of the latest Run that finished, from any thread.
  RunStats last_run_stats() const;
  const SessionOptions& options() const;

 // Opaque implementation (public only so the library's own helpers can name it).
  struct Impl;

 private:
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace minnow
