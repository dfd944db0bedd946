// Registration functions of the elementwise sub-families; RegisterElementwiseKernels calls them all.
#pragma once

#include "runtime/kernel_registry.h"

namespace minnow::runtime::elementwise {

void RegisterUnaryMathKernels(KernelRegistry& registry);   // Sqrt, Exp, trig, Not, IsNaN, ...
void RegisterActivationKernels(KernelRegistry& registry);  // Relu, Sigmoid, Selu, Clip, ...
void RegisterArithmeticKernels(KernelRegistry& registry);  // Add, Sub, Mul, Div, Pow, Mod, PRelu, BitShift
void RegisterCompareKernels(KernelRegistry& registry);     // Equal, Less, Greater, And, Or, Xor
void RegisterVariadicKernels(KernelRegistry& registry);    // Min, Max, Sum, Mean
void RegisterSelectKernels(KernelRegistry& registry);      // Where, Expand
void RegisterCastKernels(KernelRegistry& registry);        // Cast, CastLike
void RegisterPassThroughKernels(KernelRegistry& registry);  // Dropout (Identity is a tensor op)

}  // namespace minnow::runtime::elementwise
