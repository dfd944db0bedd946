// Reference kernels for linear (de)quantization: round half to even, saturation, per-tensor and
// per-axis scales, requantization of int32 accumulators and DynamicQuantizeLinear's range formula.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace minnow::kernels {

// Rounds to nearest, ties to even (the FE_TONEAREST default), then clamps to Q's range.
// NaN maps to 0 so hostile inputs never reach an undefined float->int conversion.
template <typename Q>
inline Q SaturateRound(float v) {
  if (std::isnan(v)) return Q{0};
  const float r = std::nearbyint(v);
  constexpr float lo = static_cast<float>(std::numeric_limits<Q>::min());
  constexpr float hi = static_cast<float>(std::numeric_limits<Q>::max());
  if (r <= lo) return std::numeric_limits<Q>::min();
  if (r >= hi) return std::numeric_limits<Q>::max();
  return static_cast<Q>(r);
}

// Layout shared by the per-axis kernels: the tensor is [outer, channels, inner] and channel c
// uses scale[c * scale_step] and zero_point[c * zp_step]. Per-tensor quantization is
// channels == 1 (or steps of 0).
struct AxisLayout {
  int64_t outer = 1;
  int64_t channels = 1;
  int64_t inner = 1;
  int64_t scale_step = 0;
  int64_t zp_step = 0;
};

// y = saturate(round(x / scale) + zero_point). X is float or int32; zero_point may be nullptr (0).
template <typename X, typename Q>
void QuantizeLinear(const X* x, const AxisLayout& l, const float* scale, const Q* zero_point, Q* y) {
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t c = 0; c < l.channels; ++c) {
      const float s = scale[c * l.scale_step];
      const float zp = zero_point ? static_cast<float>(zero_point[c * l.zp_step]) : 0.0f;
      const int64_t base = (o * l.channels + c) * l.inner;
      for (int64_t i = 0; i < l.inner; ++i) {
        // Round before adding the zero point, as the spec and ONNX Runtime do.
        const float q = std::nearbyint(static_cast<float>(x[base + i]) / s);
        y[base + i] = SaturateRound<Q>(q + zp);
      }
    }
  }
}

// y = (x - zero_point) * scale. Q is int8, uint8 or int32; zero_point may be nullptr (0).
template <typename Q>
void DequantizeLinear(const Q* x, const AxisLayout& l, const float* scale, const Q* zero_point, float* y) {
  for (int64_t o = 0; o < l.outer; ++o) {
    for (int64_t c = 0; c < l.channels; ++c) {
      const float s = scale[c * l.scale_step];
      const int64_t zp = zero_point ? static_cast<int64_t>(zero_point[c * l.zp_step]) : 0;
      const int64_t base = (o * l.channels + c) * l.inner;
      for (int64_t i = 0; i < l.inner; ++i) {
        y[base + i] = static_cast<float>(static_cast<int64_t>(x[base + i]) - zp) * s;
      }
    }
  }
}

// Requantizes one int32 accumulator with a float multiplier (as ONNX Runtime does):
// saturate(round(acc * multiplier) + zero_point).
template <typename Q>
inline Q Requantize(int32_t acc, float multiplier, int32_t zero_point) {
  const float v = std::nearbyint(static_cast<float>(acc) * multiplier);
  return SaturateRound<Q>(v + static_cast<float>(zero_point));
}

// Scale and zero point chosen by DynamicQuantizeLinear for uint8 output.
struct DynamicQuantParams {
  float scale = 1.0f;
  uint8_t zero_point = 0;
};

// The spec's formula: the range [min(0, min x), max(0, max x)] is mapped onto [0, 255];
// zero_point = saturate(round(0 - x_min / scale)). An all-zero input (empty range) uses
// scale 1 as ONNX Runtime does, instead of dividing by zero. NaNs are ignored for the range.
DynamicQuantParams ComputeDynamicQuantParams(const float* x, int64_t n);

}  // namespace minnow::kernels
