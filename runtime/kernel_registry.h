// Maps (domain, op type) to the factory that creates its kernel.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "runtime/kernel.h"

namespace minnow::runtime {

class KernelRegistry {
 public:
  // The registry holding every built-in operator, filled on first use.
  static const KernelRegistry& BuiltIn();

  // domain "" is the default ONNX domain. Registering an op twice replaces the first factory and
  // is recorded in duplicates(), which a test keeps empty for the built-in set.
  void Register(const std::string& domain, const std::string& op_type, KernelFactory factory);
  const KernelFactory* Find(const std::string& domain, const std::string& op_type) const;
  bool Has(const std::string& domain, const std::string& op_type) const { return Find(domain, op_type) != nullptr; }
  // All registered ops as (domain, op_type), sorted.
  std::vector<std::pair<std::string, std::string>> Ops() const;

  const std::vector<std::pair<std::string, std::string>>& duplicates() const { return duplicates_; }

 private:
  std::vector<std::pair<std::string, std::string>> duplicates_;
  std::map<std::pair<std::string, std::string>, KernelFactory> factories_;
};

}  // namespace minnow::runtime
