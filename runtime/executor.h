// Executes an IR graph: creates one kernel per node at construction, then runs nodes in
// topological order, freeing each intermediate tensor after its last reader.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/kernel.h"
#include "runtime/kernel_registry.h"

namespace minnow::runtime {

class Executor {
 public:
  // Creates kernels for every node of model.graph (which must outlive the executor).
  // Fails naming the first node whose op is unsupported or whose attributes are invalid.
  static Expected<std::unique_ptr<Executor>> Create(const ir::Model& model,
                                                    const KernelRegistry& registry = KernelRegistry::BuiltIn());

  // Runs the graph. `inputs` must name every graph input that is not also an initializer;
  // the dtype and rank must match the model, and known dims must match exactly.
  // Returns the requested outputs (all graph outputs when `output_names` is empty), in order.
  // Safe to call from several threads at once.
  Expected<std::vector<NamedTensor>> Run(const std::vector<NamedTensor>& inputs,
                                         const std::vector<std::string>& output_names = {}) const;

  const ir::Graph& graph() const { return graph_; }

 private:
  explicit Executor(const ir::Graph& graph) : graph_(graph) {}
  Status CheckInput(const ir::Value& value, const Tensor& t) const;

  const ir::Graph& graph_;
  std::vector<std::unique_ptr<OpKernel>> kernels_;  // parallel to graph_.nodes()
  // For each node, the value ids whose last reader is that node (freed after it runs).
  std::vector<std::vector<int32_t>> release_after_;
};

}  // namespace minnow::runtime
