// Factories of the quantized operators, registered by RegisterQuantKernels (quant_ops.cpp).
#pragma once

#include <memory>

#include "runtime/kernel.h"

namespace minnow::runtime::quant {

Expected<std::unique_ptr<OpKernel>> CreateQuantizeLinear(const KernelInit& init);
Expected<std::unique_ptr<OpKernel>> CreateDequantizeLinear(const KernelInit& init);
Expected<std::unique_ptr<OpKernel>> CreateDynamicQuantizeLinear(const KernelInit& init);
Expected<std::unique_ptr<OpKernel>> CreateQLinearMatMul(const KernelInit& init);
Expected<std::unique_ptr<OpKernel>> CreateMatMulInteger(const KernelInit& init);
Expected<std::unique_ptr<OpKernel>> CreateQLinearConv(const KernelInit& init);
Expected<std::unique_ptr<OpKernel>> CreateConvInteger(const KernelInit& init);

}  // namespace minnow::runtime::quant
