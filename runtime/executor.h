// Executes an IR graph: creates one kernel per node at construction, then runs nodes in
// topological order, freeing each intermediate tensor after its last reader. The first Run for a
// set of input shapes records every intermediate's size and lifetime; later Runs with the same
// shapes serve intermediates from one arena laid out by a static memory plan (runtime/memory_plan.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/kernel.h"
#include "runtime/kernel_registry.h"
#include "runtime/profiler.h"

namespace minnow::runtime {

struct ArenaPlan;  // runtime/planned_memory.h

struct ExecOptions {
  // OpenMP threads for this Run's kernels; 0 keeps the calling thread's setting (all cores unless
  // OMP_NUM_THREADS says otherwise). Restored when Run returns.
  int num_threads = 0;
  // Record each node's time in RunStats::nodes.
  bool profile = false;
  // Serve intermediates from a planned arena once a Run with the same input shapes has recorded them.
  bool plan_memory = true;
};

struct RunStats {
  bool memory_planned = false;     // this Run used an arena plan
  size_t arena_bytes = 0;          // the plan's arena (0 when unplanned)
  size_t plan_lower_bound_bytes = 0;  // most intermediate bytes alive at one step
  size_t plan_total_bytes = 0;     // all planned intermediates added up (no reuse)
  size_t heap_fallbacks = 0;       // planned outputs that did not fit their slot, or views copied out
  double total_us = 0;
  std::vector<NodeTiming> nodes;   // when profiling, in execution order
};

class Executor {
 public:
  // Creates kernels for every node of model.graph (which must outlive the executor).
  // Fails naming the first node whose op is unsupported or whose attributes are invalid.
  static Expected<std::unique_ptr<Executor>> Create(const ir::Model& model,
                                                    const KernelRegistry& registry = KernelRegistry::BuiltIn());
  ~Executor();

  // Runs the graph. `inputs` must name every graph input that is not also an initializer;
  // the dtype and rank must match the model, and known dims must match exactly.
  // Returns the requested outputs (all graph outputs when `output_names` is empty), in order.
  // Returned tensors never point into the arena. Safe to call from several threads at once.
  Expected<std::vector<NamedTensor>> Run(const std::vector<NamedTensor>& inputs,
                                         const std::vector<std::string>& output_names = {}) const {
    return Run(inputs, output_names, ExecOptions{}, nullptr);
  }
  Expected<std::vector<NamedTensor>> Run(const std::vector<NamedTensor>& inputs,
                                         const std::vector<std::string>& output_names, const ExecOptions& options,
                                         RunStats* stats) const;

  const ir::Graph& graph() const { return graph_; }
  // Bytes held by the graph's initializers (the weights).
  size_t weights_bytes() const { return weights_bytes_; }

 private:
  explicit Executor(const ir::Graph& graph) : graph_(graph) {}
  Status CheckInput(const ir::Value& value, const Tensor& t) const;
  std::shared_ptr<ArenaPlan> FindPlan(const std::vector<int64_t>& key) const;
  void StorePlan(std::shared_ptr<ArenaPlan> plan) const;

  const ir::Graph& graph_;
  std::vector<std::unique_ptr<OpKernel>> kernels_;  // parallel to graph_.nodes()
  // For each node, the value ids whose last reader is that node (freed after it runs).
  std::vector<std::vector<int32_t>> release_after_;
  // Per value id: index of the last node reading it, -1 if none, kNever for graph outputs.
  std::vector<int> last_reader_;
  size_t weights_bytes_ = 0;

  mutable std::mutex plans_mu_;
  mutable std::vector<std::shared_ptr<ArenaPlan>> plans_;  // most recently used last
};

}  // namespace minnow::runtime
