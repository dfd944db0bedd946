// Registration of the fusion passes and their place at the end of the default pipeline.
#include "passes/fusion/fusion_passes.h"
#include "passes/register_passes.h"

namespace minnow::passes {

void RegisterFusionPasses(PassRegistry& registry) {
  using namespace fusion;
  const std::vector<std::pair<std::string, std::unique_ptr<Pass> (*)()>> passes = {
      {"fold-transpose-reshape", MakeFoldTransposeReshapePass},
      {"fold-bn", MakeFoldBnPass},
      {"fold-conv-mul-add", MakeFoldConvMulAddPass},
      {"fuse-matmul-add", MakeFuseMatMulAddPass},
      {"fuse-bias-add", MakeFuseBiasAddPass},
      {"fuse-layernorm", MakeFuseLayerNormPass},
      {"fuse-gelu", MakeFuseGeluPass},
      // The residual Add sits between the Conv and its activation, so it is fused first.
      {"fuse-residual", MakeFuseResidualPass},
      {"fuse-activation", MakeFuseActivationPass},
  };
  std::vector<std::string> names;
  for (const auto& [name, make] : passes) {
    registry.Register(name, make);
    names.push_back(name);
  }
  registry.AppendToDefaultPipeline(names);
}

}  // namespace minnow::passes
