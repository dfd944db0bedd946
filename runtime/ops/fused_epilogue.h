// The epilogue of FusedConv / FusedGemm: optional residual add then an activation, applied in place
// on the freshly computed output, in parallel blocks.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

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

template <typename T, typename Fn>
void Map(T* y, const T* z, int64_t n, Fn fn) {
  if (z) {
    for (int64_t i = 0; i < n; ++i) y[i] = fn(y[i] + z[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) y[i] = fn(y[i]);
  }
}

template <typename T>
void ApplyBlock(const Epilogue& e, T* y, const T* z, int64_t n) {
  using K = Epilogue::Kind;
  // The per-element math is the standalone operators' own functors, so fused and unfused graphs agree.
  switch (e.kind) {
    case K::kNone: return Map(y, z, n, [](T v) { return v; });
    case K::kRelu: return Map(y, z, n, [](T v) { return v < T(0) ? T(0) : v; });
    case K::kLeakyRelu: return Map(y, z, n, kernels::LeakyReluFn{e.alpha});
    case K::kClip: return Map(y, z, n, kernels::ClampFn<T>{static_cast<T>(e.alpha), static_cast<T>(e.beta)});
    case K::kSigmoid: return Map(y, z, n, [](T v) { return kernels::SigmoidFn{}(v); });
    case K::kTanh: return Map(y, z, n, [](T v) { return kernels::TanhFn{}(v); });
    case K::kHardSigmoid: return Map(y, z, n, kernels::HardSigmoidFn{e.alpha, e.beta});
    case K::kHardSwish: return Map(y, z, n, [](T v) { return kernels::HardSwishFn{}(v); });
    case K::kSiLU: return Map(y, z, n, [](T v) { return v * kernels::SigmoidFn{}(v); });
  }
}

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
