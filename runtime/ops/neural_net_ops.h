// Per-file registration functions of the neural-network family (called by RegisterNeuralNetKernels)
// and helpers shared between them.
#pragma once

#include <new>

#include "runtime/kernel.h"
#include "runtime/kernel_registry.h"

namespace minnow::runtime {

void RegisterConvKernels(KernelRegistry& registry);      // Conv, ConvTranspose
void RegisterMatMulKernels(KernelRegistry& registry);    // Gemm, MatMul
void RegisterPoolKernels(KernelRegistry& registry);      // MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool
void RegisterNormKernels(KernelRegistry& registry);      // BatchNormalization, InstanceNormalization, LayerNormalization
void RegisterSoftmaxKernels(KernelRegistry& registry);   // Softmax, LogSoftmax

// Checks that every present input among `inputs` has the dtype of input `first` and that it is f32 or f64.
Status CheckFloatInputs(const KernelContext& ctx, std::initializer_list<size_t> inputs);

// Runs a kernel that may allocate scratch memory, turning std::bad_alloc into an error naming the node.
template <typename Fn>
Status RunGuarded(const ir::Node& node, Fn&& fn) {
  try {
    fn();
  } catch (const std::bad_alloc&) {
    return OutOfRange(node.Label() + ": out of memory for scratch buffers");
  }
  return Status::Ok();
}

}  // namespace minnow::runtime
