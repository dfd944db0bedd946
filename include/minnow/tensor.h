// Tensor: a dtype, a shape and a reference-counted 64-byte-aligned buffer. Used for model
// weights in the IR, for values flowing through the runtime and for the public API.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "minnow/dtype.h"
#include "minnow/status.h"

namespace minnow {

using Shape = std::vector<int64_t>;

// Number of elements of `shape`, or an error for negative dims or a product overflowing int64.
Expected<int64_t> CheckedNumElements(const Shape& shape);
// "1x3x224x224" (a scalar prints as "scalar").
std::string ShapeToString(const Shape& shape);

class Tensor {
 public:
  // Largest buffer minnow allocates; larger requests fail with kOutOfRange instead of crashing.
  static constexpr int64_t kMaxBytes = int64_t{1} << 38;  // 256 GiB

  Tensor() = default;
  // Allocates a zero-filled tensor. Returns an error for bad shapes or oversized requests.
  static Expected<Tensor> Create(DataType dtype, Shape shape);
  // As Create, but for shapes already known to be valid (asserts on failure).
  Tensor(DataType dtype, Shape shape);
  // Copies `bytes` bytes; fails unless bytes == element count * element size.
  static Expected<Tensor> FromBytes(DataType dtype, Shape shape, const void* data, size_t bytes);
  template <typename T>
  static Tensor FromVector(DataType dtype, Shape shape, const std::vector<T>& values) {
    Tensor t(dtype, std::move(shape));
    std::copy(values.begin(), values.end(), t.data<T>());
    return t;
  }
  static Tensor Scalar(float v);
  // A tensor over memory it does not allocate: the bytes at `owner.get() + offset`, kept alive by
  // sharing ownership of `owner` (used for slices of the runtime's memory-plan arena). The
  // contents are left as they are. The caller guarantees the region holds nbytes() bytes.
  static Expected<Tensor> Wrap(DataType dtype, Shape shape, std::shared_ptr<std::byte> owner, size_t offset);

  bool empty() const { return dtype_ == DataType::kUndefined; }
  DataType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  int64_t rank() const { return static_cast<int64_t>(shape_.size()); }
  int64_t dim(int64_t i) const { return shape_[i]; }
  int64_t numel() const { return numel_; }
  size_t nbytes() const { return static_cast<size_t>(numel_) * DataTypeSize(dtype_); }

  void* raw_data() { return buffer_.get(); }
  const void* raw_data() const { return buffer_.get(); }
  template <typename T>
  T* data() { return static_cast<T*>(raw_data()); }
  template <typename T>
  const T* data() const { return static_cast<const T*>(raw_data()); }
  template <typename T>
  std::span<const T> values() const { return {data<T>(), static_cast<size_t>(numel_)}; }

  // Same buffer, new shape with the same element count (no copy).
  Expected<Tensor> Reshaped(Shape shape) const;
  // Deep copy.
  Tensor Clone() const;
  // True when both share one buffer (so writing one changes the other).
  bool SharesBufferWith(const Tensor& other) const { return buffer_ && buffer_ == other.buffer_; }

  // Element i converted to double / int64 (any numeric dtype). Slow; for tools and tests.
  double GetAsDouble(int64_t i) const;
  int64_t GetAsInt64(int64_t i) const;

 private:
  DataType dtype_ = DataType::kUndefined;
  Shape shape_;
  int64_t numel_ = 0;
  std::shared_ptr<std::byte> buffer_;
};

// A tensor with the name of the model input or output it belongs to.
struct NamedTensor {
  std::string name;
  Tensor tensor;
};

}  // namespace minnow
