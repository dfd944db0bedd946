// Fast f32 convolution: oneDNN primitives for convolutions with constant weights, otherwise
// depthwise 2-D convolutions directly, pointwise as one GEMM, the rest as im2col + GEMM; all with a fused epilogue
// (bias, residual, activation).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/activation.h"
#include "kernels/conv.h"
#include "kernels/conv_onednn.h"
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

// State prepared once per convolution shape with constant weights: a oneDNN primitive with
// reordered weights (AVX2 machines; dense, grouped and depthwise, except large-image pointwise
// convolutions, which stay on sgemm) or the weights packed per group as GEMM A operands (the own
// packed GEMM, used without AVX2; depthwise then needs nothing).
struct PreparedConv {
  std::vector<PackedA> groups;
  std::unique_ptr<OneDnnConv> onednn;
};
// May throw std::bad_alloc.
PreparedConv PrepareConv(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels,
                         int64_t groups, const float* w, Isa isa = SelectedIsa());

// Same layouts as ConvRef. `prepared` (optional) must come from PrepareConv with the same w; state
// built for other sizes is ignored. y may hold garbage (every element is written). May throw
// std::bad_alloc.
void ConvF32(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels, int64_t groups,
             const float* x, const float* w, const PreparedConv* prepared, const ConvEpilogue& ep, float* y,
             Isa isa = SelectedIsa());

// ConvTranspose with the same layouts as ConvTransposeRef, its products on GemmF32.
void ConvTransposeF32(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels, int64_t groups,
                      const float* x, const float* w, const float* bias, float* y, Isa isa = SelectedIsa());

// Depthwise 2-D convolution (groups == in_channels == out_channels), direct. Exposed for tests.
bool IsDepthwise2d(const ColGeometry& g, int64_t in_channels, int64_t out_channels, int64_t groups);
void DepthwiseConv2dF32(const ColGeometry& g, int64_t batch, int64_t channels, const float* x, const float* w,
                        const ConvEpilogue& ep, float* y, Isa isa = SelectedIsa());

}  // namespace minnow::kernels
