// `minnow optimize`.
#include "tools/commands.h"

namespace minnow::tools {

void AddOptimizeCommand(CLI::App& app) {}

}  // namespace minnow::tools
