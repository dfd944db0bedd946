// Resize/Upsample compute: coordinate transforms, per-axis sampling taps (nearest, linear, cubic)
// and the separable one-axis interpolation pass. Follows the ONNX Resize specification.
#pragma once

#include <cstdint>
#include <vector>

#include <algorithm>

namespace minnow::kernels {

enum class ResizeCoordinateMode { kHalfPixel, kPytorchHalfPixel, kAlignCorners, kAsymmetric, kTfHalfPixelForNn, kTfCropAndResize };
// kSimple is the pre-opset-11 behaviour (no nearest_mode attribute): ceil when downsampling,
// truncation otherwise.
enum class ResizeNearestMode { kRoundPreferFloor, kRoundPreferCeil, kFloor, kCeil, kSimple };
enum class ResizeInterpolation { kNearest, kLinear, kCubic };

struct ResizeOptions {
  ResizeInterpolation mode = ResizeInterpolation::kNearest;
  ResizeCoordinateMode coordinate_mode = ResizeCoordinateMode::kHalfPixel;
  ResizeNearestMode nearest_mode = ResizeNearestMode::kRoundPreferFloor;
  double cubic_coeff_a = -0.75;
  bool exclude_outside = false;
};

// One resized axis. scale > 0 is the output/input ratio the coordinate transform divides by;
// roi_start/roi_end are only read in tf_crop_and_resize mode.
struct ResizeAxis {
  int64_t in_len = 1;
  int64_t out_len = 1;
  double scale = 1.0;
  double roi_start = 0.0;
  double roi_end = 1.0;
};

// The input coordinate that output index x maps to.
double ResizeOriginalCoordinate(int64_t x, const ResizeAxis& axis, ResizeCoordinateMode mode);

// Nearest-neighbour source index for each output index, or -1 where tf_crop_and_resize samples
// outside the input (those outputs take the extrapolation value). Requires in_len >= 1.
std::vector<int64_t> ResizeNearestIndices(const ResizeAxis& axis, const ResizeOptions& options);

// Linear or cubic sampling taps: output j reads index[j*taps + t] with weight[j*taps + t];
// outside[j] marks outputs that take the extrapolation value instead. Requires in_len >= 1.
struct ResizeTaps {
  int64_t taps = 0;
  std::vector<int64_t> index;
  std::vector<double> weight;
  std::vector<uint8_t> outside;
  // True when every output j reads exactly input j (the pass can be skipped).
  bool IsIdentity() const;
};
ResizeTaps ResizeInterpolationTaps(const ResizeAxis& axis, const ResizeOptions& options);

// One separable pass: in is [outer, in_len, inner], out is [outer, out_len, inner] with
// out_len = taps.outside.size(). T is float or double; accumulation is in double.
template <typename T>
void ResizeAxisPass(const T* in, T* out, int64_t outer, int64_t in_len, int64_t inner, const ResizeTaps& taps,
                    double extrapolation_value) {
  const int64_t out_len = static_cast<int64_t>(taps.outside.size());
  std::vector<double> acc(static_cast<size_t>(inner));
  for (int64_t o = 0; o < outer; ++o) {
    const T* src = in + o * in_len * inner;
    for (int64_t j = 0; j < out_len; ++j) {
      T* dst = out + (o * out_len + j) * inner;
      if (taps.outside[j]) {
        for (int64_t i = 0; i < inner; ++i) dst[i] = static_cast<T>(extrapolation_value);
        continue;
      }
      std::fill(acc.begin(), acc.end(), 0.0);
      for (int64_t t = 0; t < taps.taps; ++t) {
        const double w = taps.weight[j * taps.taps + t];
        if (w == 0.0) continue;
        const T* row = src + taps.index[j * taps.taps + t] * inner;
        for (int64_t i = 0; i < inner; ++i) acc[i] += w * static_cast<double>(row[i]);
      }
      for (int64_t i = 0; i < inner; ++i) dst[i] = static_cast<T>(acc[i]);
    }
  }
}

}  // namespace minnow::kernels
