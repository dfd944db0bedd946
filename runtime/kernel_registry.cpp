// Kernel registry and the built-in operator set.
#include "runtime/kernel_registry.h"

#include <cstring>

#include "runtime/ops/register_ops.h"

namespace minnow::runtime {

const KernelRegistry& KernelRegistry::BuiltIn() {
  static const KernelRegistry registry = [] {
    KernelRegistry r;
    RegisterElementwiseKernels(r);
    RegisterNeuralNetKernels(r);
    RegisterTensorKernels(r);
    RegisterReductionKernels(r);
    RegisterQuantKernels(r);
    RegisterFusedKernels(r);
    return r;
  }();
  return registry;
}

void KernelRegistry::Register(const std::string& domain, const std::string& op_type, KernelFactory factory) {
  if (factories_.count({domain, op_type})) duplicates_.push_back({domain, op_type});
  factories_[{domain, op_type}] = std::move(factory);
}

const KernelFactory* KernelRegistry::Find(const std::string& domain, const std::string& op_type) const {
  const std::string d = (domain == "ai.onnx") ? std::string() : domain;
  auto it = factories_.find({d, op_type});
  return it == factories_.end() ? nullptr : &it->second;
}

std::vector<std::pair<std::string, std::string>> KernelRegistry::Ops() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, _] : factories_) out.push_back(key);
  return out;
}

Expected<const Tensor*> KernelContext::RequiredInput(size_t i) const {
  const Tensor* t = input(i);
  if (!t) return InvalidModel(node_.Label() + ": required input " + std::to_string(i) + " is missing");
  return t;
}

Expected<Tensor*> KernelContext::AllocateOutput(size_t i, DataType dtype, Shape shape, bool zero) {
  if (i >= outputs_->size()) return Internal(node_.Label() + ": output index " + std::to_string(i) + " out of range");
  if (allocator_) {
    Tensor planned = allocator_->AllocateOutput(i, dtype, shape);
    if (!planned.empty()) {
      if (zero && planned.nbytes()) std::memset(planned.raw_data(), 0, planned.nbytes());
      (*outputs_)[i] = std::move(planned);
      return &(*outputs_)[i];
    }
  }
  auto t = Tensor::Create(dtype, std::move(shape));  // heap memory is always zeroed
  if (!t.ok()) return t.status().WithContext(node_.Label());
  (*outputs_)[i] = std::move(t).value();
  return &(*outputs_)[i];
}

}  // namespace minnow::runtime
