// cse: common-subexpression elimination. Identical initializers (dtype, shape, bytes) are merged,
// then nodes with the same op, domain, attributes and inputs reuse the first node's results.
#pragma once

#include "passes/pass.h"

namespace minnow::passes {

class CsePass final : public Pass {
 public:
  std::string name() const override { return "cse"; }
  std::string description() const override {
    return "merge identical initializers and nodes computing the same thing from the same inputs";
  }
  Expected<PassResult> Run(ir::Model& model) override;
};

}  // namespace minnow::passes
