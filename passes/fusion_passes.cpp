// Registration of the fusion passes.
#include "passes/register_passes.h"

namespace minnow::passes {

void RegisterFusionPasses(PassRegistry& registry) {}

}  // namespace minnow::passes
