// Non-template parts of the quantization kernels.
#include "kernels/quant.h"

namespace minnow::kernels {

DynamicQuantParams ComputeDynamicQuantParams(const float* x, int64_t n) {
  float lo = 0.0f;
  float hi = 0.0f;
  for (int64_t i = 0; i < n; ++i) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  DynamicQuantParams p;
  if (hi == lo || !std::isfinite(hi - lo)) {
    // Empty range; an infinite range cannot be represented either, so fall back the same way.
    p.scale = hi == lo ? 1.0f : std::numeric_limits<float>::max();
  } else {
    p.scale = (hi - lo) / 255.0f;
  }
  p.zero_point = SaturateRound<uint8_t>(0.0f - lo / p.scale);
  return p;
}

}  // namespace minnow::kernels
