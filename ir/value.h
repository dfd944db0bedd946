// Value: an edge of the graph. A graph input, an initializer (constant weight) or a node output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "minnow/tensor.h"

namespace minnow::ir {

class Node;

// One dimension of a value's shape: a known size, or a symbol such as "batch" (or unknown).
struct Dim {
  int64_t size = -1;   // >= 0 when known
  std::string symbol;  // set when the dim is named but not known

  static Dim Known(int64_t n) { return Dim{n, {}}; }
  static Dim Symbolic(std::string s) { return Dim{-1, std::move(s)}; }
  bool is_known() const { return size >= 0; }
  std::string ToString() const { return is_known() ? std::to_string(size) : (symbol.empty() ? "?" : symbol); }
};

class Value {
 public:
  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  // Dense index within its graph, stable for the graph's lifetime; the runtime keys tensors by it.
  int32_t id() const { return id_; }

  DataType dtype() const { return dtype_; }
  void set_dtype(DataType t) { dtype_ = t; }
  // Known rank and dims, when shape information exists (from the model or inference).
  const std::optional<std::vector<Dim>>& shape() const { return shape_; }
  void set_shape(std::optional<std::vector<Dim>> s) { shape_ = std::move(s); }

  // The node computing this value, or nullptr for graph inputs and initializers.
  Node* producer() const { return producer_; }
  // Nodes reading this value, one entry per input slot that reads it.
  const std::vector<Node*>& users() const { return users_; }

  bool is_initializer() const { return initializer_.has_value(); }
  const Tensor& initializer() const { return *initializer_; }
  void set_initializer(Tensor t) {
    dtype_ = t.dtype();
    std::vector<Dim> dims;
    for (int64_t d : t.shape()) dims.push_back(Dim::Known(d));
    shape_ = std::move(dims);
    initializer_ = std::move(t);
  }
  void clear_initializer() { initializer_.reset(); }

  // "x: f32[1x3xHxW]"
  std::string TypeString() const;

 private:
  friend class Graph;
  friend class Node;
  std::string name_;
  int32_t id_ = -1;
  DataType dtype_ = DataType::kUndefined;
  std::optional<std::vector<Dim>> shape_;
  Node* producer_ = nullptr;
  std::vector<Node*> users_;
  std::optional<Tensor> initializer_;
};

}  // namespace minnow::ir
