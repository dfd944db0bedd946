// Pass registry and pass manager.
#include "passes/pass_manager.h"

#include <chrono>

#include "ir/verifier.h"
#include "passes/register_passes.h"

namespace minnow::passes {

const PassRegistry& PassRegistry::BuiltIn() {
  static const PassRegistry registry = [] {
    PassRegistry r;
    RegisterCleanupPasses(r);
    // Shapes first so that shape subgraphs fold to constants; cse after folding sees the merged
    // constants; dce removes whatever the others left unread. The fusion passes append
    // themselves after these (they need the shapes and the folded constants).
    r.SetDefaultPipeline({"infer-shapes", "fold-shapes", "fold-constants", "remove-identity", "cse", "dce"});
    RegisterFusionPasses(r);
    return r;
  }();
  return registry;
}

void PassRegistry::Register(const std::string& name, PassFactory factory) {
  for (auto& [n, f] : factories_) {
    if (n == name) {
      f = std::move(factory);
      return;
    }
  }
  factories_.push_back({name, std::move(factory)});
}

std::unique_ptr<Pass> PassRegistry::Create(const std::string& name) const {
  for (const auto& [n, f] : factories_) {
    if (n == name) return f();
  }
  return nullptr;
}

std::vector<std::string> PassRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [n, _] : factories_) names.push_back(n);
  return names;
}

Expected<std::vector<PassRunReport>> RunPasses(ir::Model& model, const std::vector<std::string>& names,
                                               const PassManagerOptions& options, const PassRegistry& registry) {
  std::vector<std::unique_ptr<Pass>> passes;
  for (const auto& name : names) {
    auto pass = registry.Create(name);
    if (!pass) {
      std::string known;
      for (const auto& n : registry.Names()) known += (known.empty() ? "" : ", ") + n;
      return InvalidArgument("unknown pass '" + name + "' (known passes: " + known + ")");
    }
    passes.push_back(std::move(pass));
  }
  std::vector<PassRunReport> reports;
  for (auto& pass : passes) {
    const auto start = std::chrono::steady_clock::now();
    auto result = pass->Run(model);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (!result.ok()) return result.status().WithContext("pass " + pass->name());
    if (options.verify_after_each) {
      Status st = ir::Verify(*model.graph);
      if (!st.ok()) return Internal("pass " + pass->name() + " produced an invalid graph: " + st.message());
    }
    reports.push_back({pass->name(), std::move(result).value(), elapsed.count()});
  }
  return reports;
}

}  // namespace minnow::passes
