// The interface every runtime operator implements, and the context it computes in.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ir/node.h"
#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow::runtime {

// What an operator sees when its kernel is created (once per session): the node, with its
// attributes, and the opset version of the node's domain. Constant inputs (initializers) are
// available here so kernels can validate or pre-pack weights once.
struct KernelInit {
  const ir::Node& node;
  int64_t opset;

  // Initializer feeding input slot i, or nullptr if that input is computed at run time or absent.
  const Tensor* ConstantInput(size_t i) const {
    const ir::Value* v = node.input(i);
    return v && v->is_initializer() ? &v->initializer() : nullptr;
  }
};

// Where KernelContext::Allocate gets output memory when the executor runs a memory plan: slices
// of one arena. Without an allocator (or when it declines), outputs come from the heap.
class OutputAllocator {
 public:
  virtual ~OutputAllocator() = default;
  // A tensor for output `output` of the node being computed, or an empty tensor when the plan has
  // no slot that fits (the caller then allocates on the heap). The contents are unspecified.
  virtual Tensor AllocateOutput(size_t output, DataType dtype, const Shape& shape) = 0;
};

// The inputs and outputs of one execution of a node.
class KernelContext {
 public:
  KernelContext(const ir::Node& node, std::vector<const Tensor*> inputs, std::vector<Tensor>* outputs)
      : node_(node), inputs_(std::move(inputs)), outputs_(outputs) {}

  const ir::Node& node() const { return node_; }
  size_t num_inputs() const { return inputs_.size(); }
  // nullptr when input i is an omitted optional input (or beyond the node's inputs).
  const Tensor* input(size_t i) const { return i < inputs_.size() ? inputs_[i] : nullptr; }
  // Input i, or an error naming the node when it is absent.
  Expected<const Tensor*> RequiredInput(size_t i) const;
  size_t num_outputs() const { return outputs_->size(); }
  // True when the model uses output i (optional outputs may be omitted).
  bool HasOutput(size_t i) const { return i < node_.num_outputs() && node_.output(i) != nullptr; }

  // Allocates output i as a zero-filled tensor. Fails for invalid or oversized shapes.
  Expected<Tensor*> Allocate(size_t i, DataType dtype, Shape shape) {
    return AllocateOutput(i, dtype, std::move(shape), /*zero=*/true);
  }
  // As Allocate, but the contents are unspecified (they may hold an earlier node's data): only
  // for kernels that write every element of the output, to save clearing it.
  Expected<Tensor*> AllocateUninitialized(size_t i, DataType dtype, Shape shape) {
    return AllocateOutput(i, dtype, std::move(shape), /*zero=*/false);
  }
  // Set by the executor; nullptr means heap allocation.
  void set_allocator(OutputAllocator* allocator) { allocator_ = allocator; }
  // The executor's allocator (nullptr for heap allocation): a kernel that wraps another kernel
  // passes it on, so the inner kernel's outputs still come from the memory plan.
  OutputAllocator* allocator() const { return allocator_; }
  // Sets output i to `t`, which may share its buffer with an input (views such as Reshape).
  // Kernels never write into their inputs, so sharing is safe.
  void SetOutput(size_t i, Tensor t) { (*outputs_)[i] = std::move(t); }

 private:
  Expected<Tensor*> AllocateOutput(size_t i, DataType dtype, Shape shape, bool zero);

  const ir::Node& node_;
  std::vector<const Tensor*> inputs_;
  std::vector<Tensor>* outputs_;
  OutputAllocator* allocator_ = nullptr;
};

class OpKernel {
 public:
  virtual ~OpKernel() = default;
  // Computes the outputs. Must be safe to call from several threads at once (kernels are const).
  virtual Status Compute(KernelContext& ctx) const = 0;
};

// A kernel whose Compute is a function object: handy for ops with little configuration.
class FunctionKernel final : public OpKernel {
 public:
  explicit FunctionKernel(std::function<Status(KernelContext&)> fn) : fn_(std::move(fn)) {}
  Status Compute(KernelContext& ctx) const override { return fn_(ctx); }

 private:
  std::function<Status(KernelContext&)> fn_;
};

inline Expected<std::unique_ptr<OpKernel>> MakeKernel(std::function<Status(KernelContext&)> fn) {
  return std::unique_ptr<OpKernel>(new FunctionKernel(std::move(fn)));
}

// Creates a kernel for a node, or explains why it cannot (bad attributes, unsupported mode).
using KernelFactory = std::function<Expected<std::unique_ptr<OpKernel>>(const KernelInit&)>;

}  // namespace minnow::runtime
