// Fast f32 convolution: picks oneDNN, depthwise-direct, pointwise GEMM or im2col + GEMM and fuses the epilogue.
#include "kernels/conv_f32.h"

#include <algorithm>
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

__attribute__((target("avx2,fma"))) void ResidualActivationAvx2(const ConvEpilogue& ep, float* y, int64_t n) {
  if (ep.residual) {
    for (int64_t i = 0; i < n; ++i) y[i] += ep.residual[i];
  }
  ApplyActivation(ep.act, ep.alpha, ep.beta, y, n);
}

}  // namespace

PreparedConv PrepareConv(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels,
                         int64_t groups, const float* w, Isa isa) {
  PreparedConv prepared;
  // Pointwise convolutions over large images measured faster as a plain sgemm on the NCHW buffers
  // (58-93 GFLOP/s) than as a oneDNN primitive plus its layout reorders (50-82); at 7x7 the primitive won.
  const bool gemm_faster = IsPointwise(g) && g.ColSize() >= 784;
  // oneDNN's depthwise primitive with reorders also beat the direct kernel here: 13-47 versus 8-26
  // GFLOP/s on mobilenet / PaddleOCR shapes, most of all on small images where reorders are cheap.
  if (isa >= Isa::kAvx2) {
    // Without a primitive, oneDNN's sgemm (which packs internally) beats our packed kernel.
    if (!gemm_faster) prepared.onednn = OneDnnConv::Create(g, batch, in_channels, out_channels, groups, w);
    return prepared;
  }
  if (IsDepthwise2d(g, in_channels, out_channels, groups)) return prepared;
  const int64_t cout_g = out_channels / groups;
  const int64_t k = in_channels / groups * g.KernelSize();
  prepared.groups.reserve(static_cast<size_t>(groups));
  for (int64_t grp = 0; grp < groups; ++grp) {
    prepared.groups.push_back(PackGemmA(false, cout_g, k, w + grp * cout_g * k, k));
  }
  return prepared;
}

void ConvF32(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels, int64_t groups,
             const float* x, const float* w, const PreparedConv* prepared, const ConvEpilogue& ep, float* y,
             Isa isa) {
  if (prepared && prepared->onednn && isa >= Isa::kAvx2 &&
      prepared->onednn->Matches(g, batch, in_channels, out_channels, groups) && prepared->onednn->Run(x, ep.bias, y)) {
    if (ep.residual || ep.act != Activation::kNone) {
      const int64_t n = batch * out_channels * g.ColSize();
      ResidualActivationAvx2(ep, y, n);
    }
    return;
  }
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
  const int64_t packed_k = prepared && !prepared->groups.empty() ? prepared->groups[0].k : -1;
  const bool use_packed = static_cast<int64_t>(prepared ? prepared->groups.size() : 0) == groups && packed_k == k &&
                          prepared->groups[0].m == cout_g;
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
        GemmF32PackedA(prepared->groups[grp], false, col_size, 1.0f, b, col_size, 0.0f, y + y_offset, col_size, gep,
                       isa);
      } else {
        GemmF32(false, false, cout_g, col_size, k, 1.0f, w + grp * cout_g * k, k, b, col_size, 0.0f, y + y_offset,
                col_size, gep, isa);
      }
    }
  }
}

void ConvTransposeF32(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels, int64_t groups,
                      const float* x, const float* w, const float* bias, float* y, Isa isa) {
  const int64_t cin_g = in_channels / groups;
  const int64_t cout_g = out_channels / groups;
  const int64_t image_size = g.ImageSize();
  const int64_t col_size = g.ColSize();
  const int64_t rows = cout_g * g.KernelSize();  // rows of the column matrix per group
  std::vector<float> col(static_cast<size_t>(rows * col_size));
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t grp = 0; grp < groups; ++grp) {
      const float* xg = x + (n * in_channels + grp * cin_g) * col_size;
      float* yg = y + (n * out_channels + grp * cout_g) * image_size;
      // col = W_g^T * x_g, with W_g stored [cin_g, cout_g * taps]; then scatter-add into the image.
      GemmF32(true, false, rows, col_size, cin_g, 1.0f, w + grp * cin_g * rows, rows, xg, col_size, 0.0f, col.data(),
              col_size, {}, isa);
      for (int64_t m = 0; m < cout_g; ++m) {
        const float b = bias ? bias[grp * cout_g + m] : 0.0f;
        std::fill(yg + m * image_size, yg + (m + 1) * image_size, b);
      }
      Col2ImAdd(g, cout_g, col.data(), yg);
    }
  }
}

}  // namespace minnow::kernels
