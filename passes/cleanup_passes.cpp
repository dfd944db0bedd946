// Registration of the cleanup passes.
#include "passes/register_passes.h"

namespace minnow::passes {

void RegisterCleanupPasses(PassRegistry& registry) {}

}  // namespace minnow::passes
