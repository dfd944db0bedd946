// Node attributes: the typed constants (ints, floats, strings, tensors, lists) an op is configured with.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "minnow/tensor.h"

namespace minnow::ir {

class Attribute {
 public:
  enum class Kind { kInt, kFloat, kString, kTensor, kInts, kFloats, kStrings };
  using Storage = std::variant<int64_t, float, std::string, Tensor, std::vector<int64_t>, std::vector<float>,
                               std::vector<std::string>>;

  Attribute() = default;
  explicit Attribute(Storage value) : value_(std::move(value)) {}

  Kind kind() const { return static_cast<Kind>(value_.index()); }
  const Storage& storage() const { return value_; }

  bool is_int() const { return kind() == Kind::kInt; }
  bool is_float() const { return kind() == Kind::kFloat; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_tensor() const { return kind() == Kind::kTensor; }
  bool is_ints() const { return kind() == Kind::kInts; }
  bool is_floats() const { return kind() == Kind::kFloats; }
  bool is_strings() const { return kind() == Kind::kStrings; }

  int64_t i() const { return std::get<int64_t>(value_); }
  float f() const { return std::get<float>(value_); }
  const std::string& s() const { return std::get<std::string>(value_); }
  const Tensor& t() const { return std::get<Tensor>(value_); }
  const std::vector<int64_t>& ints() const { return std::get<std::vector<int64_t>>(value_); }
  const std::vector<float>& floats() const { return std::get<std::vector<float>>(value_); }
  const std::vector<std::string>& strings() const { return std::get<std::vector<std::string>>(value_); }

  // Compact text form used by the IR printer: 3, 0.5, "same", [1, 2], tensor<f32 3x3>.
  std::string ToString() const;

 private:
  Storage value_;
};

const char* AttributeKindName(Attribute::Kind kind);

}  // namespace minnow::ir
