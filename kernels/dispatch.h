// Calls a templated lambda with the C++ type matching a runtime DataType.
//   DispatchNumeric(t.dtype(), [&]<typename T>() { Foo<T>(...); });
#pragma once

#include <cstdint>

#include "minnow/dtype.h"

namespace minnow::kernels {

// Storage type for 16-bit floats (converted element by element where arithmetic is needed).
struct Half { uint16_t bits; };
struct BFloat16 { uint16_t bits; };

// Returns false (and calls nothing) when dtype is not one of the listed types.
template <typename Fn>
bool DispatchFloat(DataType dtype, Fn&& fn) {
  switch (dtype) {
    case DataType::kFloat32: fn.template operator()<float>(); return true;
    case DataType::kFloat64: fn.template operator()<double>(); return true;
    default: return false;
  }
}

template <typename Fn>
bool DispatchInteger(DataType dtype, Fn&& fn) {
  switch (dtype) {
    case DataType::kInt8: fn.template operator()<int8_t>(); return true;
    case DataType::kUInt8: fn.template operator()<uint8_t>(); return true;
    case DataType::kInt16: fn.template operator()<int16_t>(); return true;
    case DataType::kUInt16: fn.template operator()<uint16_t>(); return true;
    case DataType::kInt32: fn.template operator()<int32_t>(); return true;
    case DataType::kUInt32: fn.template operator()<uint32_t>(); return true;
    case DataType::kInt64: fn.template operator()<int64_t>(); return true;
    case DataType::kUInt64: fn.template operator()<uint64_t>(); return true;
    default: return false;
  }
}

// f32, f64 and all integer types (not bool, not 16-bit floats).
template <typename Fn>
bool DispatchNumeric(DataType dtype, Fn&& fn) {
  return DispatchFloat(dtype, fn) || DispatchInteger(dtype, fn);
}

// Every fixed-size type, by storage (bool as uint8_t, f16/bf16 as Half/BFloat16): for data movement.
template <typename Fn>
bool DispatchAny(DataType dtype, Fn&& fn) {
  switch (dtype) {
    case DataType::kBool: fn.template operator()<uint8_t>(); return true;
    case DataType::kFloat16: fn.template operator()<Half>(); return true;
    case DataType::kBFloat16: fn.template operator()<BFloat16>(); return true;
    default: return DispatchNumeric(dtype, fn);
  }
}

}  // namespace minnow::kernels
