// Activation functions that fused kernels apply in their epilogue (after bias and residual).
#pragma once

#include <algorithm>
#include <cmath>

namespace minnow::kernels {

// alpha/beta meaning per kind: LeakyRelu slope = alpha; Clip range = [alpha, beta];
// HardSigmoid = clamp(alpha * x + beta, 0, 1); HardSwish = x * HardSigmoid(x) with alpha 1/6, beta 0.5.
enum class Activation { kNone, kRelu, kLeakyRelu, kClip, kSigmoid, kHardSigmoid, kHardSwish, kTanh };

// Applies `act` to n contiguous values in place. Inline so SIMD callers (compiled for a wider ISA
// through target attributes) inline and vectorise it.
[[gnu::always_inline]] inline void ApplyActivation(Activation act, float alpha, float beta, float* v, long n) {
  switch (act) {
    case Activation::kNone: return;
    case Activation::kRelu:
      for (long i = 0; i < n; ++i) v[i] = v[i] > 0.0f ? v[i] : 0.0f;
      return;
    case Activation::kLeakyRelu:
      for (long i = 0; i < n; ++i) v[i] = v[i] >= 0.0f ? v[i] : v[i] * alpha;
      return;
    case Activation::kClip:
      // NaN passes through as in the Clip reference (comparisons with NaN are false).
      for (long i = 0; i < n; ++i) v[i] = v[i] < alpha ? alpha : (v[i] > beta ? beta : v[i]);
      return;
    case Activation::kSigmoid:
      for (long i = 0; i < n; ++i) v[i] = 1.0f / (1.0f + std::exp(-v[i]));
      return;
    case Activation::kHardSigmoid:
      for (long i = 0; i < n; ++i) v[i] = std::max(0.0f, std::min(1.0f, alpha * v[i] + beta));
      return;
    case Activation::kHardSwish:
      for (long i = 0; i < n; ++i) v[i] = v[i] * std::max(0.0f, std::min(1.0f, v[i] * (1.0f / 6.0f) + 0.5f));
      return;
    case Activation::kTanh:
      for (long i = 0; i < n; ++i) v[i] = std::tanh(v[i]);
      return;
  }
}

}  // namespace minnow::kernels
