// Fast f32 convolution: pointwise convolutions as one GEMM, depthwise 2-D convolutions directly,
// everything else as im2col + GEMM; all with a fused epilogue (bias, residual, activation).
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/activation.h"
#include "kernels/conv.h"
#include "kernels/cpu_features.h"
#include "kernels/gemm_f32.h"

namespace minnow::kernels {

// y = act(conv(x, w) + bias + residual). bias is [out_channels] or nullptr; residual has y's shape
// or is nullptr. alpha/beta parametrise `act` (see activation.h).
struct ConvEpilogue {
  const float* bias = nullptr;
  const float* residual = nullptr;
  Activation act = Activation::kNone;
  float alpha = 0.0f, beta = 0.0f;
};

// Weights packed once per group as GEMM A operands ([out_channels/groups] x [in_channels/groups * taps]).
struct PackedConvWeights {
  std::vector<PackedA> groups;
};

// Whether ConvF32 would use packed weights for this convolution with this ISA (pre-packing is only
// worth its memory where the own packed GEMM runs).
bool ConvUsesPackedWeights(const ColGeometry& g, int64_t in_channels, int64_t out_channels, int64_t groups,
                           Isa isa = SelectedIsa());
PackedConvWeights PackConvWeights(const ColGeometry& g, int64_t in_channels, int64_t out_channels, int64_t groups,
                                  const float* w);

// Same layouts as ConvRef. `packed` (optional) must come from PackConvWeights with the same w.
// y may hold garbage (every element is written). May throw std::bad_alloc.
void ConvF32(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels, int64_t groups,
             const float* x, const float* w, const PackedConvWeights* packed, const ConvEpilogue& ep, float* y,
             Isa isa = SelectedIsa());

// Depthwise 2-D convolution (groups == in_channels == out_channels), direct. Exposed for tests.
bool IsDepthwise2d(const ColGeometry& g, int64_t in_channels, int64_t out_channels, int64_t groups);
void DepthwiseConv2dF32(const ColGeometry& g, int64_t batch, int64_t channels, const float* x, const float* w,
                        const ConvEpilogue& ep, float* y, Isa isa = SelectedIsa());

}  // namespace minnow::kernels
