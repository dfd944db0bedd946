// Tensor allocation, shape checks and element access.
#include "minnow/tensor.h"

#include <cassert>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

namespace minnow {

Expected<int64_t> CheckedNumElements(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) return InvalidArgument("negative dimension " + std::to_string(d) + " in shape " + ShapeToString(shape));
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d) {
      return OutOfRange("shape " + ShapeToString(shape) + " has too many elements");
    }
    n *= d;
  }
  return n;
}

std::string ShapeToString(const Shape& shape) {
  if (shape.empty()) return "scalar";
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += 'x';
    s += std::to_string(shape[i]);
  }
  return s;
}

namespace {
std::shared_ptr<std::byte> AllocateZeroed(size_t bytes) {
  constexpr size_t kAlign = 64;
  const size_t rounded = ((bytes == 0 ? 1 : bytes) + kAlign - 1) / kAlign * kAlign;
  void* p = std::aligned_alloc(kAlign, rounded);
  if (!p) return nullptr;
  std::memset(p, 0, rounded);
  return std::shared_ptr<std::byte>(static_cast<std::byte*>(p), [](std::byte* q) { std::free(q); });
}
}  // namespace

Expected<Tensor> Tensor::Create(DataType dtype, Shape shape) {
  if (!IsSupportedDataType(dtype)) {
    return Unsupported(std::string("tensor element type ") + DataTypeName(dtype));
  }
  MINNOW_ASSIGN_OR_RETURN(int64_t n, CheckedNumElements(shape));
  const int64_t elem = static_cast<int64_t>(DataTypeSize(dtype));
  if (n > kMaxBytes / elem) {
    return OutOfRange("tensor of shape " + ShapeToString(shape) + " would need more than 256 GiB");
  }
  Tensor t;
  t.buffer_ = AllocateZeroed(static_cast<size_t>(n * elem));
  if (!t.buffer_) return OutOfRange("cannot allocate tensor of shape " + ShapeToString(shape));
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  t.numel_ = n;
  return t;
}

Tensor::Tensor(DataType dtype, Shape shape) {
  auto t = Create(dtype, std::move(shape));
  if (!t.ok()) {
    // Internal callers only construct shapes they have validated; running out of memory here
    // is treated like std::bad_alloc.
    throw std::bad_alloc();
  }
  *this = std::move(t).value();
}

Expected<Tensor> Tensor::FromBytes(DataType dtype, Shape shape, const void* data, size_t bytes) {
  MINNOW_ASSIGN_OR_RETURN(Tensor t, Create(dtype, std::move(shape)));
  if (bytes != t.nbytes()) {
    return InvalidArgument("tensor of shape " + ShapeToString(t.shape()) + " and type " + DataTypeName(dtype) +
                           " needs " + std::to_string(t.nbytes()) + " bytes, got " + std::to_string(bytes));
  }
  if (bytes) std::memcpy(t.raw_data(), data, bytes);
  return t;
}

Expected<Tensor> Tensor::Wrap(DataType dtype, Shape shape, std::shared_ptr<std::byte> owner, size_t offset) {
  if (!IsSupportedDataType(dtype)) {
    return Unsupported(std::string("tensor element type ") + DataTypeName(dtype));
  }
  if (!owner) return InvalidArgument("Tensor::Wrap needs a buffer");
  MINNOW_ASSIGN_OR_RETURN(int64_t n, CheckedNumElements(shape));
  if (n > kMaxBytes / static_cast<int64_t>(DataTypeSize(dtype))) {
    return OutOfRange("tensor of shape " + ShapeToString(shape) + " would need more than 256 GiB");
  }
  Tensor t;
  // Aliasing constructor: points into the owner's block and keeps the whole block alive.
  std::byte* start = owner.get() + offset;
  t.buffer_ = std::shared_ptr<std::byte>(std::move(owner), start);
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  t.numel_ = n;
  return t;
}

Tensor Tensor::Scalar(float v) {
  Tensor t(DataType::kFloat32, {});
  *t.data<float>() = v;
  return t;
}

Expected<Tensor> Tensor::Reshaped(Shape shape) const {
  MINNOW_ASSIGN_OR_RETURN(int64_t n, CheckedNumElements(shape));
  if (n != numel_) {
    return InvalidArgument("cannot reshape " + ShapeToString(shape_) + " to " + ShapeToString(shape));
  }
  Tensor t = *this;
  t.shape_ = std::move(shape);
  return t;
}

Tensor Tensor::Clone() const {
  if (empty()) return Tensor();
  Tensor t(dtype_, shape_);
  if (nbytes()) std::memcpy(t.raw_data(), raw_data(), nbytes());
  return t;
}

double Tensor::GetAsDouble(int64_t i) const {
  switch (dtype_) {
    case DataType::kFloat32: return data<float>()[i];
    case DataType::kFloat64: return data<double>()[i];
    case DataType::kFloat16: return HalfToFloat(data<uint16_t>()[i]);
    case DataType::kBFloat16: return BFloat16ToFloat(data<uint16_t>()[i]);
    case DataType::kUInt8: return data<uint8_t>()[i];
    case DataType::kInt8: return data<int8_t>()[i];
    case DataType::kUInt16: return data<uint16_t>()[i];
    case DataType::kInt16: return data<int16_t>()[i];
    case DataType::kInt32: return data<int32_t>()[i];
    case DataType::kInt64: return static_cast<double>(data<int64_t>()[i]);
    case DataType::kUInt32: return data<uint32_t>()[i];
    case DataType::kUInt64: return static_cast<double>(data<uint64_t>()[i]);
    case DataType::kBool: return data<uint8_t>()[i] ? 1.0 : 0.0;
    default: return 0.0;
  }
}

int64_t Tensor::GetAsInt64(int64_t i) const {
  switch (dtype_) {
    case DataType::kInt64: return data<int64_t>()[i];
    case DataType::kUInt64: return static_cast<int64_t>(data<uint64_t>()[i]);
    case DataType::kInt32: return data<int32_t>()[i];
    case DataType::kUInt32: return data<uint32_t>()[i];
    default: return static_cast<int64_t>(GetAsDouble(i));
  }
}

}  // namespace minnow
