// Element conversion between all tensor element types (Cast). Float -> integer truncates toward
// zero and wraps like a C cast through int64 (NaN gives 0, values beyond int64 saturate) so no
// conversion is undefined behaviour; anything -> bool is `x != 0`.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/elementwise_types.h"

namespace minnow::kernels {

// double -> half in one rounding step. Rounding to float first and then to half could round
// twice; making the float "round to odd" (sticky last bit) keeps the final result exact.
inline uint16_t DoubleToHalf(double d) {
  float f = static_cast<float>(d);
  if (std::isfinite(d) && static_cast<double>(f) != d) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    if (std::fabs(static_cast<double>(f)) > std::fabs(d)) --bits;  // rounded away from zero: step back
    bits |= 1u;
    std::memcpy(&f, &bits, 4);
  }
  return FloatToHalf(f);
}

// float -> bfloat16 by truncation, which is what the ONNX reference implementation (and its
// conformance data, opset <= 17) does; NaN stays NaN.
inline uint16_t FloatToBFloat16Truncate(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);
  return static_cast<uint16_t>(x >> 16);
}

template <typename To, typename From>
To FloatToInt(From x) {
  if (std::isnan(x)) return To{0};
  constexpr double kTwo63 = 9223372036854775808.0;
  if constexpr (std::is_same_v<To, uint64_t>) {
    if (x >= 2 * kTwo63) return std::numeric_limits<uint64_t>::max();
    if (x >= kTwo63) return static_cast<uint64_t>(x);
  }
  if (x >= kTwo63) return static_cast<To>(std::numeric_limits<int64_t>::max());
  if (x < -kTwo63) return static_cast<To>(std::numeric_limits<int64_t>::min());
  return static_cast<To>(static_cast<int64_t>(x));
}

template <typename To, typename From>
To ConvertValue(From x) {
  if constexpr (std::is_same_v<To, From>) {
    return x;
  } else if constexpr (std::is_same_v<From, Half>) {
    return ConvertValue<To>(HalfToFloat(x.bits));
  } else if constexpr (std::is_same_v<From, BFloat16>) {
    return ConvertValue<To>(BFloat16ToFloat(x.bits));
  } else if constexpr (std::is_same_v<From, Bool8>) {
    return ConvertValue<To>(static_cast<uint8_t>(x.value() ? 1 : 0));
  } else if constexpr (std::is_same_v<To, Bool8>) {
    return MakeBool8(x != From{0});
  } else if constexpr (std::is_same_v<To, Half>) {
    if constexpr (std::is_same_v<From, double>) return Half{DoubleToHalf(x)};
    else return Half{FloatToHalf(static_cast<float>(x))};
  } else if constexpr (std::is_same_v<To, BFloat16>) {
    return BFloat16{FloatToBFloat16Truncate(static_cast<float>(x))};
  } else if constexpr (kIsInt<To> && kIsFloat<From>) {
    return FloatToInt<To>(x);
  } else {
    return static_cast<To>(x);  // int -> int wraps (defined in C++20), to float rounds
  }
}

template <typename From, typename To>
void CastBuffer(const From* x, To* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = ConvertValue<To>(x[i]);
}

}  // namespace minnow::kernels
