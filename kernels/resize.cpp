// Resize coordinate transforms and sampling taps (see resize.h).
#include "kernels/resize.h"

#include <algorithm>
#include <cmath>

namespace minnow::kernels {

double ResizeOriginalCoordinate(int64_t xi, const ResizeAxis& axis, ResizeCoordinateMode mode) {
  const double x = static_cast<double>(xi);
  const double in = static_cast<double>(axis.in_len);
  // Like the ONNX reference, the "resized length" is scale * input length, which is fractional
  // when scales (not sizes) were given.
  const double out_width = axis.scale * in;
  switch (mode) {
    case ResizeCoordinateMode::kHalfPixel: return (x + 0.5) / axis.scale - 0.5;
    case ResizeCoordinateMode::kPytorchHalfPixel: return out_width > 1.0 ? (x + 0.5) / axis.scale - 0.5 : -0.5;
    case ResizeCoordinateMode::kAlignCorners: return out_width == 1.0 ? 0.0 : x * (in - 1.0) / (out_width - 1.0);
    case ResizeCoordinateMode::kAsymmetric: return x / axis.scale;
    case ResizeCoordinateMode::kTfHalfPixelForNn: return (x + 0.5) / axis.scale;
    case ResizeCoordinateMode::kTfCropAndResize: {
      const double out_len = static_cast<double>(axis.out_len);
      const double span = (axis.roi_end - axis.roi_start) * (in - 1.0);
      if (axis.out_len == 1) return axis.roi_start * (in - 1.0) + span / 2.0;
      return axis.roi_start * (in - 1.0) + x * span / (out_len - 1.0);
    }
  }
  return x;
}

namespace {

// Coordinates are clamped to a little beyond the input before converting to integers so that
// extreme scales or ROIs cannot overflow; taps there are clamped to the edge anyway.
double ClampCoordinate(double x, int64_t in_len) {
  if (!std::isfinite(x)) return 0.0;
  return std::clamp(x, -4.0, static_cast<double>(in_len) + 4.0);
}

bool OutsideCrop(double x, const ResizeAxis& axis, const ResizeOptions& options) {
  if (options.coordinate_mode != ResizeCoordinateMode::kTfCropAndResize) return false;
  return !(x >= 0.0 && x <= static_cast<double>(axis.in_len - 1));
}

int64_t ClampIndex(int64_t i, int64_t in_len) { return std::clamp<int64_t>(i, 0, in_len - 1); }

// Cubic convolution weights for the taps at floor-1, floor, floor+1, floor+2, t = x - floor(x).
void CubicCoefficients(double t, double a, double c[4]) {
  const double s0 = t + 1.0, s3 = 2.0 - t, u = 1.0 - t;
  c[0] = ((a * s0 - 5.0 * a) * s0 + 8.0 * a) * s0 - 4.0 * a;
  c[1] = ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0;
  c[2] = ((a + 2.0) * u - (a + 3.0)) * u * u + 1.0;
  c[3] = ((a * s3 - 5.0 * a) * s3 + 8.0 * a) * s3 - 4.0 * a;
}

}  // namespace

std::vector<int64_t> ResizeNearestIndices(const ResizeAxis& axis, const ResizeOptions& options) {
  std::vector<int64_t> out(static_cast<size_t>(axis.out_len));
  for (int64_t j = 0; j < axis.out_len; ++j) {
    const double raw = ResizeOriginalCoordinate(j, axis, options.coordinate_mode);
    if (OutsideCrop(raw, axis, options)) {
      out[j] = -1;
      continue;
    }
    const double x = ClampCoordinate(raw, axis.in_len);
    const double fl = std::floor(x);
    const double frac = x - fl;
    int64_t idx = static_cast<int64_t>(fl);
    if (frac != 0.0) {
      switch (options.nearest_mode) {
        case ResizeNearestMode::kRoundPreferFloor: idx += frac > 0.5 ? 1 : 0; break;
        case ResizeNearestMode::kRoundPreferCeil: idx += frac >= 0.5 ? 1 : 0; break;
        case ResizeNearestMode::kFloor: break;
        case ResizeNearestMode::kCeil: idx += 1; break;
        case ResizeNearestMode::kSimple:
          idx = axis.scale < 1.0 ? static_cast<int64_t>(std::ceil(x)) : static_cast<int64_t>(x);
          break;
      }
    }
    out[j] = ClampIndex(idx, axis.in_len);
  }
  return out;
}

bool ResizeTaps::IsIdentity() const {
  const int64_t out_len = static_cast<int64_t>(outside.size());
  for (int64_t j = 0; j < out_len; ++j) {
    if (outside[j]) return false;
    for (int64_t t = 0; t < taps; ++t) {
      const double w = weight[j * taps + t];
      if (w != 0.0 && !(w == 1.0 && index[j * taps + t] == j)) return false;
    }
  }
  return true;
}

ResizeTaps ResizeInterpolationTaps(const ResizeAxis& axis, const ResizeOptions& options) {
  ResizeTaps r;
  const bool cubic = options.mode == ResizeInterpolation::kCubic;
  r.taps = cubic ? 4 : 2;
  const size_t n = static_cast<size_t>(axis.out_len);
  r.index.assign(n * r.taps, 0);
  r.weight.assign(n * r.taps, 0.0);
  r.outside.assign(n, 0);
  for (int64_t j = 0; j < axis.out_len; ++j) {
    const double raw = ResizeOriginalCoordinate(j, axis, options.coordinate_mode);
    if (OutsideCrop(raw, axis, options)) {
      r.outside[j] = 1;
      continue;
    }
    const double x = ClampCoordinate(raw, axis.in_len);
    const double fl = std::floor(x);
    const double t = x - fl;
    const int64_t i0 = static_cast<int64_t>(fl);
    int64_t* idx = &r.index[j * r.taps];
    double* w = &r.weight[j * r.taps];
    if (!cubic) {
      idx[0] = i0;
      idx[1] = i0 + 1;
      w[0] = 1.0 - t;
      w[1] = t;
    } else {
      CubicCoefficients(t, options.cubic_coeff_a, w);
      for (int k = 0; k < 4; ++k) idx[k] = i0 - 1 + k;
      if (options.exclude_outside) {
        double sum = 0.0;
        for (int k = 0; k < 4; ++k) {
          if (idx[k] < 0 || idx[k] >= axis.in_len) w[k] = 0.0;
          sum += w[k];
        }
        // All taps outside only happens for coordinates far from the input; keep edge weights then.
        if (sum != 0.0) {
          for (int k = 0; k < 4; ++k) w[k] /= sum;
        } else {
          CubicCoefficients(t, options.cubic_coeff_a, w);
        }
      }
    }
    // Out-of-range taps read the edge element (the reference pads in edge mode).
    for (int64_t k = 0; k < r.taps; ++k) idx[k] = ClampIndex(idx[k], axis.in_len);
  }
  return r;
}

}  // namespace minnow::kernels
