// `minnow bench`.
#include "tools/commands.h"

namespace minnow::tools {

void AddBenchCommand(CLI::App& app) {}

}  // namespace minnow::tools
