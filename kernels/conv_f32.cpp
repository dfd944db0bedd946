// Fast f32 convolution: picks depthwise-direct, pointwise GEMM or im2col + GEMM and fuses the epilogue.
#include "kernels/conv_f32.h"

#include <vector>

namespace minnow::kernels {
namespace {

bool IsPointwise(const ColGeometry& g) {
  bool pointwise = true;
  for (size_t d = 0; d < g.image.size(); ++d) {
    pointwise &= g.kernel[d] == 1 && g.strides[d] == 1 && g.pads_begin[d] == 0 && g.cols[d] == g.image[d];
  }
  return pointwise;
}

}  // namespace

bool ConvUsesPackedWeights(const ColGeometry& g, int64_t in_channels, int64_t out_channels, int64_t groups,
                           Isa isa) {
  // With AVX2, GemmF32 hands unpacked products to oneDNN, which measured faster than our packed kernel.
  return isa < Isa::kAvx2 && !IsDepthwise2d(g, in_channels, out_channels, groups);
}

PackedConvWeights PackConvWeights(const ColGeometry& g, int64_t in_channels, int64_t out_channels, int64_t groups,
                                  const float* w) {
  const int64_t cout_g = out_channels / groups;
  const int64_t k = in_channels / groups * g.KernelSize();
  PackedConvWeights packed;
  packed.groups.reserve(static_cast<size_t>(groups));
  for (int64_t grp = 0; grp < groups; ++grp) {
    packed.groups.push_back(PackGemmA(false, cout_g, k, w + grp * cout_g * k, k));
  }
  return packed;
}

void ConvF32(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels, int64_t groups,
             const float* x, const float* w, const PackedConvWeights* packed, const ConvEpilogue& ep, float* y,
             Isa isa) {
  if (IsDepthwise2d(g, in_channels, out_channels, groups)) {
    DepthwiseConv2dF32(g, batch, in_channels, x, w, ep, y, isa);
    return;
  }
  const int64_t cin_g = in_channels / groups;
  const int64_t cout_g = out_channels / groups;
  const int64_t image_size = g.ImageSize();
  const int64_t col_size = g.ColSize();
  const int64_t k = cin_g * g.KernelSize();
  const bool pointwise = IsPointwise(g);
  const bool use_packed = packed && static_cast<int64_t>(packed->groups.size()) == groups &&
                          ConvUsesPackedWeights(g, in_channels, out_channels, groups, isa);
  // Jobs run one after another; the GEMM parallelises inside (over M/N blocks).
  std::vector<float> col(pointwise ? 0 : static_cast<size_t>(k * col_size));
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t grp = 0; grp < groups; ++grp) {
      const float* xg = x + (n * in_channels + grp * cin_g) * image_size;
      const int64_t y_offset = (n * out_channels + grp * cout_g) * col_size;
      const float* b = xg;
      if (!pointwise) {
        Im2Col(g, cin_g, xg, col.data());
        b = col.data();
      }
      GemmEpilogue gep;
      gep.row_bias = ep.bias ? ep.bias + grp * cout_g : nullptr;
      gep.residual = ep.residual ? ep.residual + y_offset : nullptr;
      gep.ldr = col_size;
      gep.act = ep.act;
      gep.act_alpha = ep.alpha;
      gep.act_beta = ep.beta;
      if (use_packed) {
        GemmF32PackedA(packed->groups[grp], false, col_size, 1.0f, b, col_size, 0.0f, y + y_offset, col_size, gep,
                       isa);
      } else {
        GemmF32(false, false, cout_g, col_size, k, 1.0f, w + grp * cout_g * k, k, b, col_size, 0.0f, y + y_offset,
                col_size, gep, isa);
      }
    }
  }
}

}  // namespace minnow::kernels
