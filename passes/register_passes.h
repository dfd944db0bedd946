// One registration function per pass family; PassRegistry::BuiltIn() calls them all.
#pragma once

#include "passes/pass_manager.h"

namespace minnow::passes {

// constant folding, dce, identity/dropout removal, shape folding, cse
void RegisterCleanupPasses(PassRegistry& registry);
// BN folding, bias/activation/residual fusion, MatMul+Add -> Gemm, LayerNorm/GELU recognition, ...
void RegisterFusionPasses(PassRegistry& registry);

}  // namespace minnow::passes
