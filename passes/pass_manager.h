// Runs a list of passes by name, verifying the graph after each one.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "passes/pass.h"

namespace minnow::passes {

using PassFactory = std::function<std::unique_ptr<Pass>()>;

// Every built-in pass, by command-line name.
class PassRegistry {
 public:
  static const PassRegistry& BuiltIn();
  void Register(const std::string& name, PassFactory factory);
  std::unique_ptr<Pass> Create(const std::string& name) const;
  std::vector<std::string> Names() const;
  // The default pipeline of `minnow optimize` when --passes is not given.
  std::vector<std::string> DefaultPipeline() const { return default_pipeline_; }
  void SetDefaultPipeline(std::vector<std::string> names) { default_pipeline_ = std::move(names); }
  // Adds passes at the end of the default pipeline (pass families register independently).
  void AppendToDefaultPipeline(const std::vector<std::string>& names) {
    default_pipeline_.insert(default_pipeline_.end(), names.begin(), names.end());
  }

 private:
  std::vector<std::pair<std::string, PassFactory>> factories_;
  std::vector<std::string> default_pipeline_;
};

struct PassRunReport {
  std::string pass;
  PassResult result;
  double seconds = 0;  // wall time of the pass (verification excluded)
};

struct PassManagerOptions {
  bool verify_after_each = true;  // ir::Verify after every pass (always on in tests)
};

// Runs the named passes in order; fails naming an unknown pass or the pass whose output did not verify.
Expected<std::vector<PassRunReport>> RunPasses(ir::Model& model, const std::vector<std::string>& names,
                                               const PassManagerOptions& options = {},
                                               const PassRegistry& registry = PassRegistry::BuiltIn());

}  // namespace minnow::passes
