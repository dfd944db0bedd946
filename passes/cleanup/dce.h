// dce: dead-code elimination. Removes nodes none of whose outputs is read (by a node or as a
// graph output), then values and initializers nothing refers to.
#pragma once

#include "passes/pass.h"

namespace minnow::passes {

class DcePass final : public Pass {
 public:
  std::string name() const override { return "dce"; }
  std::string description() const override {
    return "remove nodes whose outputs are unused, then unused values and initializers";
  }
  Expected<PassResult> Run(ir::Model& model) override;
};

}  // namespace minnow::passes
