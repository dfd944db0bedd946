// Registration of the neural_net operator family.
#include "runtime/ops/register_ops.h"

namespace minnow::runtime {

void RegisterNeuralNetKernels(KernelRegistry& registry) {}

}  // namespace minnow::runtime
