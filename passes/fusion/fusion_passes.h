// Factories of the fusion passes (registered by RegisterFusionPasses).
#pragma once

#include <memory>

#include "passes/pass.h"

namespace minnow::passes::fusion {

std::unique_ptr<Pass> MakeFoldBnPass();
std::unique_ptr<Pass> MakeFoldConvMulAddPass();
std::unique_ptr<Pass> MakeFuseBiasAddPass();
std::unique_ptr<Pass> MakeFuseMatMulAddPass();
std::unique_ptr<Pass> MakeFuseResidualPass();
std::unique_ptr<Pass> MakeFuseActivationPass();
std::unique_ptr<Pass> MakeFuseLayerNormPass();
std::unique_ptr<Pass> MakeFuseGeluPass();
std::unique_ptr<Pass> MakeFoldTransposeReshapePass();

}  // namespace minnow::passes::fusion
