// Registration of each fused-operator file (called by RegisterFusedKernels).
#pragma once

#include "runtime/kernel_registry.h"

namespace minnow::runtime {

// com.microsoft FusedConv, FusedGemm.
void RegisterFusedConvGemmKernels(KernelRegistry& registry);
// com.microsoft Gelu and LayerNormalization.
void RegisterFusedElementwiseKernels(KernelRegistry& registry);

}  // namespace minnow::runtime
