// N-dimensional im2col for the integer convolutions (ConvInteger, QLinearConv): copies the input
// patches of one image and one group into a [C*kernel, out_spatial] matrix, filling padding with the
// input zero point so that padded taps contribute (zp - zp) = 0 to the integer GEMM.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace minnow::kernels {

// Geometry of one convolution, all vectors of length `spatial rank` (pads: begins then ends).
struct ConvGeometry {
  std::vector<int64_t> in;        // input spatial dims
  std::vector<int64_t> kernel;    // kernel spatial dims
  std::vector<int64_t> out;       // output spatial dims
  std::vector<int64_t> strides;
  std::vector<int64_t> dilations;
  std::vector<int64_t> pads;      // 2 * rank
};

// x: [channels, in...] of one image (already offset to the group's first channel).
// col: [channels * prod(kernel), prod(out)], written completely.
template <typename T>
void Im2Col(const T* x, int64_t channels, const ConvGeometry& g, T pad_value, T* col) {
  const size_t rank = g.in.size();
  int64_t in_size = 1, k_size = 1, out_size = 1;
  for (size_t d = 0; d < rank; ++d) {
    in_size *= g.in[d];
    k_size *= g.kernel[d];
    out_size *= g.out[d];
  }
  std::vector<int64_t> kpos(rank), opos(rank);
  for (int64_t c = 0; c < channels; ++c) {
    const T* xc = x + c * in_size;
    for (int64_t k = 0; k < k_size; ++k) {
      // Decompose k into per-dimension kernel offsets.
      int64_t rem = k;
      for (size_t d = rank; d-- > 0;) {
        kpos[d] = rem % g.kernel[d];
        rem /= g.kernel[d];
      }
      T* row = col + (c * k_size + k) * out_size;
      std::fill(opos.begin(), opos.end(), 0);
      for (int64_t o = 0; o < out_size; ++o) {
        int64_t offset = 0;
        bool inside = true;
        for (size_t d = 0; d < rank; ++d) {
          const int64_t p = opos[d] * g.strides[d] - g.pads[d] + kpos[d] * g.dilations[d];
          if (p < 0 || p >= g.in[d]) {
            inside = false;
            break;
          }
          offset = offset * g.in[d] + p;
        }
        row[o] = inside ? xc[offset] : pad_value;
        for (size_t d = rank; d-- > 0;) {
          if (++opos[d] < g.out[d]) break;
          opos[d] = 0;
        }
      }
    }
  }
}

}  // namespace minnow::kernels
