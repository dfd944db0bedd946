// `minnow convert`.
#include "tools/commands.h"

namespace minnow::tools {

void AddConvertCommand(CLI::App& app) {}

}  // namespace minnow::tools
