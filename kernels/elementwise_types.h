// Element types for elementwise kernels: a bool storage type distinct from uint8_t, type traits
// used by functors to declare what they accept, and dtype <-> C++ type mapping.
#pragma once

#include <cstdint>
#include <type_traits>

#include "kernels/dispatch.h"
#include "minnow/dtype.h"

namespace minnow::kernels {

// One byte of bool storage. A separate type so bool and uint8 tensors dispatch differently
// (Cast to bool is `x != 0`, to uint8 truncates). Any nonzero byte reads as true.
struct Bool8 {
  uint8_t v;
  bool value() const { return v != 0; }
};
inline Bool8 MakeBool8(bool b) { return Bool8{static_cast<uint8_t>(b ? 1 : 0)}; }

template <typename T>
inline constexpr bool kIsFloat = std::is_same_v<T, float> || std::is_same_v<T, double>;
template <typename T>
inline constexpr bool kIsInt = std::is_integral_v<T> && !std::is_same_v<T, bool>;
template <typename T>
inline constexpr bool kIsNumeric = kIsFloat<T> || kIsInt<T>;
template <typename T>
inline constexpr bool kIsSignedNumeric = kIsNumeric<T> && std::is_signed_v<T>;
template <typename T>
inline constexpr bool kIsBool = std::is_same_v<T, Bool8>;

template <typename T>
constexpr DataType DataTypeOf() {
  if constexpr (std::is_same_v<T, float>) return DataType::kFloat32;
  else if constexpr (std::is_same_v<T, double>) return DataType::kFloat64;
  else if constexpr (std::is_same_v<T, int8_t>) return DataType::kInt8;
  else if constexpr (std::is_same_v<T, uint8_t>) return DataType::kUInt8;
  else if constexpr (std::is_same_v<T, int16_t>) return DataType::kInt16;
  else if constexpr (std::is_same_v<T, uint16_t>) return DataType::kUInt16;
  else if constexpr (std::is_same_v<T, int32_t>) return DataType::kInt32;
  else if constexpr (std::is_same_v<T, uint32_t>) return DataType::kUInt32;
  else if constexpr (std::is_same_v<T, int64_t>) return DataType::kInt64;
  else if constexpr (std::is_same_v<T, uint64_t>) return DataType::kUInt64;
  else if constexpr (std::is_same_v<T, Bool8>) return DataType::kBool;
  else if constexpr (std::is_same_v<T, Half>) return DataType::kFloat16;
  else if constexpr (std::is_same_v<T, BFloat16>) return DataType::kBFloat16;
  else static_assert(sizeof(T) == 0, "no DataType for this C++ type");
}

// Every tensor dtype by its elementwise type: as DispatchNumeric, plus bool as Bool8 and the
// 16-bit floats as Half/BFloat16. Returns false for undefined/string.
template <typename Fn>
bool DispatchElementType(DataType dtype, Fn&& fn) {
  switch (dtype) {
    case DataType::kBool: fn.template operator()<Bool8>(); return true;
    case DataType::kFloat16: fn.template operator()<Half>(); return true;
    case DataType::kBFloat16: fn.template operator()<BFloat16>(); return true;
    default: return DispatchNumeric(dtype, fn);
  }
}

// Integer arithmetic that wraps instead of overflowing (signed overflow is undefined behaviour,
// and uint16 * uint16 promotes to a signed int that can overflow).
template <typename T>
using WrapType = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
template <typename T>
T WrapAdd(T a, T b) { return static_cast<T>(static_cast<WrapType<T>>(a) + static_cast<WrapType<T>>(b)); }
template <typename T>
T WrapSub(T a, T b) { return static_cast<T>(static_cast<WrapType<T>>(a) - static_cast<WrapType<T>>(b)); }
template <typename T>
T WrapMul(T a, T b) { return static_cast<T>(static_cast<WrapType<T>>(a) * static_cast<WrapType<T>>(b)); }
template <typename T>
T WrapNeg(T a) { return static_cast<T>(WrapType<T>{0} - static_cast<WrapType<T>>(a)); }

}  // namespace minnow::kernels
