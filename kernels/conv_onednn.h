// oneDNN convolution primitive for one convolution shape, with its weights reordered once: the
// fastest f32 convolution measured here for most shapes (80-91 GFLOP/s on one AVX2 core versus 58-73
// for im2col + sgemm on 3x3/7x7 convolutions, whose column matrix costs extra memory traffic).
#pragma once

#include <cstdint>
#include <memory>

#include "kernels/conv.h"

namespace minnow::kernels {

class OneDnnConv {
 public:
  // nullptr when oneDNN offers no implementation for this shape (the caller falls back to im2col).
  // w: [out_channels, in_channels / groups, kernel...] as in ConvRef. May throw std::bad_alloc.
  static std::unique_ptr<OneDnnConv> Create(const ColGeometry& g, int64_t batch, int64_t in_channels,
                                            int64_t out_channels, int64_t groups, const float* w);
  ~OneDnnConv();

  // True when this primitive was built for exactly these sizes.
  bool Matches(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels,
               int64_t groups) const;
  // y = conv(x) + bias (bias [out_channels] or nullptr), x and y in plain NC... layout. Safe to call
  // from several threads at once. Returns false if oneDNN failed (y is then unspecified).
  bool Run(const float* x, const float* bias, float* y) const;

  struct Impl;

 private:
  explicit OneDnnConv(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace minnow::kernels
