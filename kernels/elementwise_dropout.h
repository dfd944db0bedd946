// Dropout in training mode: y = x * keep / (1 - ratio), where keep is a precomputed mask.
#pragma once

#include <cstdint>

namespace minnow::kernels {

template <typename T>
void DropoutApply(const T* x, const uint8_t* keep, T* y, int64_t n, double scale) {
  const T s = static_cast<T>(scale);
  for (int64_t i = 0; i < n; ++i) y[i] = keep[i] ? x[i] * s : T(0);
}

}  // namespace minnow::kernels
