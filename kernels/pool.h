// Reference N-d pooling (max with optional argmax indices, average, global) on NC... buffers.
#pragma once

#include <cstdint>
#include <vector>

namespace minnow::kernels {

// Window geometry: output position o and kernel tap t read input o * stride + t * dilation - pad_begin
// (per spatial dim). Taps outside [0, input) are padding. Callers validate every size is >= 1.
struct PoolGeometry {
  std::vector<int64_t> input;
  std::vector<int64_t> output;
  std::vector<int64_t> kernel;
  std::vector<int64_t> strides;
  std::vector<int64_t> dilations;
  std::vector<int64_t> pads_begin;
  std::vector<int64_t> pads_end;
};

// x [planes, input...] -> y [planes, output...]. indices (optional) receive the flat index of each
// maximum in x (including the plane offset); row-major within the plane unless column_major.
// A window with no tap inside the input yields the lowest value of T and index -1.
template <typename T>
void MaxPoolRef(const PoolGeometry& g, int64_t planes, const T* x, T* y, int64_t* indices, bool column_major);

// Average over the window's taps inside the input; the divisor counts taps inside the input, or,
// with count_include_pad, taps inside the padded input [-pad_begin, input + pad_end).
template <typename T>
void AveragePoolRef(const PoolGeometry& g, int64_t planes, const T* x, T* y, bool count_include_pad);

// y[p] = max / mean of x[p * size : (p + 1) * size].
template <typename T>
void GlobalMaxPoolRef(int64_t planes, int64_t size, const T* x, T* y);
template <typename T>
void GlobalAveragePoolRef(int64_t planes, int64_t size, const T* x, T* y);

}  // namespace minnow::kernels
