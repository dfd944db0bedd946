// `minnow inspect`.
#include "tools/commands.h"

namespace minnow::tools {

void AddInspectCommand(CLI::App& app) {}

}  // namespace minnow::tools
