// Registration of the cleanup passes: shape inference and folding, constant folding, identity
// removal, common-subexpression and dead-code elimination.
#include "passes/cleanup/cse.h"
#include "passes/cleanup/dce.h"
#include "passes/cleanup/fold_constants.h"
#include "passes/cleanup/fold_shapes.h"
#include "passes/cleanup/remove_identity.h"
#include "passes/infer_shapes.h"
#include "passes/register_passes.h"

namespace minnow::passes {

void RegisterCleanupPasses(PassRegistry& registry) {
  registry.Register("infer-shapes", [] { return std::make_unique<InferShapesPass>(); });
  registry.Register("fold-shapes", [] { return std::make_unique<FoldShapesPass>(); });
  registry.Register("fold-constants", [] { return std::make_unique<FoldConstantsPass>(); });
  registry.Register("remove-identity", [] { return std::make_unique<RemoveIdentityPass>(); });
  registry.Register("cse", [] { return std::make_unique<CsePass>(); });
  registry.Register("dce", [] { return std::make_unique<DcePass>(); });
}

}  // namespace minnow::passes
