// The epilogue of FusedConv / FusedGemm: optional residual add then an activation, applied in place
// on the freshly computed output, in parallel blocks.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ir/node.h"
#include "kernels/elementwise_unary.h"
#include "minnow/status.h"

namespace minnow::runtime {

struct Epilogue {
  enum class Kind { kNone, kRelu, kLeakyRelu, kClip, kSigmoid, kTanh, kHardSigmoid, kHardSwish, kSiLU };
  Kind kind = Kind::kNone;
  float alpha = 0, beta = 0;  // LeakyRelu alpha; Clip min/max; HardSigmoid alpha/beta
};

// Reads `activation` and its parameters: `activation_params` (FusedConv) or activation_alpha /
// activation_beta (FusedGemm), as ONNX Runtime's contrib ops define them. Unknown names are errors.
Expected<Epilogue> ParseEpilogue(const ir::Node& node);

namespace epilogue_detail {

// Branch-free clamps written as single compare-selects so the loops vectorize (min/max
// instructions); NaN passes through as in the standalone operators' functors.
template <typename T>
inline T Lower(T v, T lo) { return v < lo ? lo : v; }
template <typename T>
inline T Upper(T v, T hi) { return v > hi ? hi : v; }

template <typename T, typename Fn>
void Map(T* __restrict y, const T* __restrict z, int64_t n, Fn fn) {
  if (z) {
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) y[i] = fn(y[i] + z[i]);
  } else {
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) y[i] = fn(y[i]);
  }
}

template <typename T>
inline void ApplyBlock(const Epilogue& e, T* y, const T* z, int64_t n) {
  using K = Epilogue::Kind;
  const T a = static_cast<T>(e.alpha), b = static_cast<T>(e.beta);
  // Same arithmetic as the standalone operators (kernels/elementwise_unary.h), in vectorizable form,
  // so fused and unfused graphs agree to the last bit.
  switch (e.kind) {
    case K::kNone: return Map(y, z, n, [](T v) { return v; });
    case K::kRelu: return Map(y, z, n, [](T v) { return Lower(v, T(0)); });
    case K::kLeakyRelu: return Map(y, z, n, [a](T v) { return v < T(0) ? a * v : v; });
    case K::kClip: return Map(y, z, n, [a, b](T v) { return Upper(Lower(v, a), b); });
    case K::kSigmoid: return Map(y, z, n, [](T v) { return kernels::SigmoidFn{}(v); });
    case K::kTanh: return Map(y, z, n, [](T v) { return kernels::TanhFn{}(v); });
    case K::kHardSigmoid: return Map(y, z, n, [a, b](T v) { return Upper(Lower(a * v + b, T(0)), T(1)); });
    case K::kHardSwish: return Map(y, z, n, [](T v) { return v * Upper(Lower(v / T(6) + T(0.5), T(0)), T(1)); });
    case K::kSiLU: return Map(y, z, n, [](T v) { return v * kernels::SigmoidFn{}(v); });
  }
}

// float: the clamp-style activations with SSE2 (x86-64 baseline), because GCC keeps their
// compare-selects scalar and branchy. maxps(lo, v) is exactly `v < lo ? lo : v` (NaN v stays v)
// and minps(hi, v) exactly `v > hi ? hi : v`, so results equal the scalar functors bit for bit.
#if defined(__SSE2__)
template <>
inline void ApplyBlock<float>(const Epilogue& e, float* y, const float* z, int64_t n) {
  using K = Epilogue::Kind;
  if (e.kind == K::kSigmoid || e.kind == K::kTanh || e.kind == K::kSiLU) {
    switch (e.kind) {
      case K::kSigmoid: return Map(y, z, n, [](float v) { return kernels::SigmoidFn{}(v); });
      case K::kTanh: return Map(y, z, n, [](float v) { return kernels::TanhFn{}(v); });
      default: return Map(y, z, n, [](float v) { return v * kernels::SigmoidFn{}(v); });
    }
  }
  const __m128 zero = _mm_setzero_ps(), one = _mm_set1_ps(1.0f), six = _mm_set1_ps(6.0f), half = _mm_set1_ps(0.5f);
  const __m128 a = _mm_set1_ps(e.alpha), b = _mm_set1_ps(e.beta);
  const auto vec = [&](__m128 v) -> __m128 {
    switch (e.kind) {
      case K::kRelu: return _mm_max_ps(zero, v);
      case K::kLeakyRelu: {
        const __m128 neg = _mm_cmplt_ps(v, zero);
        return _mm_or_ps(_mm_and_ps(neg, _mm_mul_ps(a, v)), _mm_andnot_ps(neg, v));
      }
      case K::kClip: return _mm_min_ps(b, _mm_max_ps(a, v));
      case K::kHardSigmoid: return _mm_min_ps(one, _mm_max_ps(zero, _mm_add_ps(_mm_mul_ps(a, v), b)));
      case K::kHardSwish:
        return _mm_mul_ps(v, _mm_min_ps(one, _mm_max_ps(zero, _mm_add_ps(_mm_div_ps(v, six), half))));
      default: return v;
    }
  };
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    __m128 v = _mm_loadu_ps(y + i);
    if (z) v = _mm_add_ps(v, _mm_loadu_ps(z + i));
    _mm_storeu_ps(y + i, vec(v));
  }
  for (; i < n; ++i) {
    __m128 v = _mm_set_ss(y[i]);
    if (z) v = _mm_add_ss(v, _mm_set_ss(z[i]));
    y[i] = _mm_cvtss_f32(vec(v));
  }
}
#endif

}  // namespace epilogue_detail

// y = activation(y + z) over n elements (z may be nullptr), in cache-sized blocks. Only the
// transcendental activations are worth a parallel region at typical sizes: for the cheap ones an
// extra fork/join costs more than it saves, badly so when the cores are oversubscribed.
template <typename T>
void ApplyEpilogue(const Epilogue& e, T* y, const T* z, int64_t n) {
  using K = Epilogue::Kind;
  if (e.kind == K::kNone && !z) return;
  constexpr int64_t kBlock = 16384;
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  const bool costly = e.kind == K::kSigmoid || e.kind == K::kTanh || e.kind == K::kSiLU;
  const int64_t min_parallel_blocks = costly ? 4 : 256;
#pragma omp parallel for schedule(static) if (blocks >= min_parallel_blocks)
  for (int64_t b = 0; b < blocks; ++b) {
    const int64_t begin = b * kBlock, len = std::min(kBlock, n - begin);
    epilogue_detail::ApplyBlock(e, y + begin, z ? z + begin : nullptr, len);
  }
}

}  // namespace minnow::runtime
