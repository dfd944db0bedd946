// One registration function per operator family; KernelRegistry::BuiltIn() calls them all.
#pragma once

#include "runtime/kernel_registry.h"

namespace minnow::runtime {

// Unary/binary/variadic math, activations, comparisons, logic, Where, Expand, Cast.
void RegisterElementwiseKernels(KernelRegistry& registry);
// Conv, ConvTranspose, Gemm, MatMul, pooling, normalizations, Softmax/LogSoftmax.
void RegisterNeuralNetKernels(KernelRegistry& registry);
// Shape and data movement: Concat, Split, Slice, Gather, Reshape, Transpose, Pad, Resize, ...
void RegisterTensorKernels(KernelRegistry& registry);
// ReduceMean/Sum/Max/Min/L2/Prod, ArgMax, ArgMin.
void RegisterReductionKernels(KernelRegistry& registry);
// QuantizeLinear, DequantizeLinear, QLinearConv, QLinearMatMul, MatMulInteger, ConvInteger, DynamicQuantizeLinear.
void RegisterQuantKernels(KernelRegistry& registry);

// Fused operators produced by the merging passes (FusedConv, FusedGemm, ...).
void RegisterFusedKernels(KernelRegistry& registry);

}  // namespace minnow::runtime
