// remove-identity: deletes Identity nodes and inference-mode Dropout by rewiring their readers to
// the input. Graph outputs keep their names: when the removed node wrote one, the input's
// producer writes it instead.
#pragma once

#include "passes/pass.h"

namespace minnow::passes {

class RemoveIdentityPass final : public Pass {
 public:
  std::string name() const override { return "remove-identity"; }
  std::string description() const override {
    return "remove Identity and inference Dropout nodes (graph outputs keep their names)";
  }
  Expected<PassResult> Run(ir::Model& model) override;
};

}  // namespace minnow::passes
