// Conversions between double and every storage type of DispatchAny (including Half/BFloat16),
// for fill values and interpolation in type-generic kernels.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/dispatch.h"
#include "minnow/dtype.h"

namespace minnow::kernels {

template <typename T>
inline double ToDouble(T v) {
  if constexpr (std::is_same_v<T, Half>) {
    return HalfToFloat(v.bits);
  } else if constexpr (std::is_same_v<T, BFloat16>) {
    return BFloat16ToFloat(v.bits);
  } else {
    return static_cast<double>(v);
  }
}

template <typename T>
inline T FromDouble(double v) {
  if constexpr (std::is_same_v<T, Half>) {
    return Half{FloatToHalf(static_cast<float>(v))};
  } else if constexpr (std::is_same_v<T, BFloat16>) {
    return BFloat16{FloatToBFloat16(static_cast<float>(v))};
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(v);
  } else {
    // Integer targets: NaN and out-of-range values would be undefined behaviour in a plain cast.
    if (!(v == v)) return T{0};
    if (v <= static_cast<double>(std::numeric_limits<T>::lowest())) return std::numeric_limits<T>::lowest();
    if (v >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
    return static_cast<T>(v);
  }
}

}  // namespace minnow::kernels
