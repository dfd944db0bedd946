// Reference N-d convolution and transposed convolution via im2col / col2im and GemmRef.
#pragma once

#include <cstdint>
#include <vector>

namespace minnow::kernels {

// How an image maps onto the columns of im2col: column position o and kernel tap t read image
// position o * stride + t * dilation - pad_begin (per spatial dim; outside the image reads zero).
// All vectors have one entry per spatial dim. Callers validate that every size is >= 1.
struct ColGeometry {
  std::vector<int64_t> image;      // image spatial dims
  std::vector<int64_t> cols;       // column spatial dims (conv output / conv-transpose input)
  std::vector<int64_t> kernel;
  std::vector<int64_t> strides;
  std::vector<int64_t> dilations;
  std::vector<int64_t> pads_begin;

  int64_t ImageSize() const;
  int64_t ColSize() const;
  int64_t KernelSize() const;
};

// col[(c * KernelSize() + tap) * ColSize() + o] = image[c][o * s + tap * d - pad] (0 when outside).
template <typename T>
void Im2Col(const ColGeometry& g, int64_t channels, const T* image, T* col);

// Inverse scatter of Im2Col: image[c][o * s + tap * d - pad] += col[...] for positions inside the image.
template <typename T>
void Col2ImAdd(const ColGeometry& g, int64_t channels, const T* col, T* image);

// Both allocate a column buffer (channels-per-group * kernel taps * column positions elements, one
// per thread) and may throw std::bad_alloc.
// Conv: x [batch, in_channels, g.image...], w [out_channels, in_channels/groups, g.kernel...],
// bias [out_channels] or nullptr, y [batch, out_channels, g.cols...].
template <typename T>
void ConvRef(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels, int64_t groups,
             const T* x, const T* w, const T* bias, T* y);

// ConvTranspose: x [batch, in_channels, g.cols...], w [in_channels, out_channels/groups, g.kernel...],
// bias [out_channels] or nullptr, y [batch, out_channels, g.image...].
template <typename T>
void ConvTransposeRef(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels, int64_t groups,
                      const T* x, const T* w, const T* bias, T* y);

}  // namespace minnow::kernels
