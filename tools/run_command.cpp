// `minnow run`.
#include "tools/commands.h"

namespace minnow::tools {

void AddRunCommand(CLI::App& app) {}

}  // namespace minnow::tools
