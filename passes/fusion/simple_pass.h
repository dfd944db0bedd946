// A Pass built from a name, a description and a function: each fusion pass is one such function.
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "passes/pass.h"

namespace minnow::passes::fusion {

class FunctionPass final : public Pass {
 public:
  using Fn = std::function<Status(ir::Model&, PassResult&)>;
  FunctionPass(std::string name, std::string description, Fn fn)
      : name_(std::move(name)), description_(std::move(description)), fn_(std::move(fn)) {}

  std::string name() const override { return name_; }
  std::string description() const override { return description_; }
  Expected<PassResult> Run(ir::Model& model) override {
    PassResult result;
    MINNOW_RETURN_IF_ERROR(fn_(model, result));
    return result;
  }

 private:
  std::string name_, description_;
  Fn fn_;
};

}  // namespace minnow::passes::fusion
