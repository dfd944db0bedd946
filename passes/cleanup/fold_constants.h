// fold-constants: evaluates nodes whose inputs are all constants once, at optimization time, and
// turns their outputs into initializers.
#pragma once

#include <cstdint>

#include "passes/pass.h"

namespace minnow::passes {

class FoldConstantsPass final : public Pass {
 public:
  // Results above this size are kept as nodes unless they are smaller than the node's inputs
  // (folding an Expand or ConstantOfShape would otherwise bloat the model file).
  static constexpr int64_t kDefaultMaxBytes = int64_t{16} << 20;

  explicit FoldConstantsPass(int64_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}
  std::string name() const override { return "fold-constants"; }
  std::string description() const override {
    return "evaluate nodes whose inputs are all initializers and replace them by initializers";
  }
  Expected<PassResult> Run(ir::Model& model) override;

 private:
  int64_t max_bytes_;
};

// True for ops whose result differs between runs (random generators, training-mode Dropout):
// they are never folded or merged.
bool IsNondeterministic(const ir::Graph& graph, const ir::Node& node);

}  // namespace minnow::passes
