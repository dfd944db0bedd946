// Direct depthwise 2-D convolution (mobilenet / PaddleOCR hot spot): each channel is copied into a
// zero-padded plane so the inner loops need no bounds checks and vectorise over output columns.
#include <omp.h>

#include <algorithm>
#include <vector>

#include "kernels/conv_f32.h"

namespace minnow::kernels {
namespace {

struct PlaneGeom {
  int64_t kh, kw, sh, sw, dh, dw, oh, ow, pw;  // pw: padded plane row length
};

// Accumulates one kernel row into an output row: yr[o] += sum_kw w[kw] * pr[o * SW + kw * dw].
// Generic fallback for kernel sizes and strides without a specialisation.
inline void KernelRow(const PlaneGeom& p, const float* w, const float* pr, float* yr) {
  for (int64_t o = 0; o < p.ow; ++o) {
    float acc = yr[o];
    for (int64_t kw = 0; kw < p.kw; ++kw) acc += w[kw] * pr[o * p.sw + kw * p.dw];
    yr[o] = acc;
  }
}

// All KH x KW taps of an output row accumulate in registers (one store per output); kernel size and
// stride are compile-time and the column dilation is 1, so the compiler unrolls the taps and
// vectorises over o.
template <int KH, int KW, int SW>
[[gnu::always_inline]] inline void PlaneFixed(const PlaneGeom& p, const float* plane, const float* w, float bias,
                                              float* y) {
  float wk[KH * KW];
  for (int t = 0; t < KH * KW; ++t) wk[t] = w[t];
  for (int64_t oh = 0; oh < p.oh; ++oh) {
    const float* rows[KH];
    for (int kh = 0; kh < KH; ++kh) rows[kh] = plane + (oh * p.sh + kh * p.dh) * p.pw;
    float* yr = y + oh * p.ow;
    for (int64_t o = 0; o < p.ow; ++o) {
      float acc = bias;
      for (int kh = 0; kh < KH; ++kh) {
        for (int kw = 0; kw < KW; ++kw) acc += wk[kh * KW + kw] * rows[kh][o * SW + kw];
      }
      yr[o] = acc;
    }
  }
}

[[gnu::always_inline]] inline void PlaneGeneric(const PlaneGeom& p, const float* plane, const float* w, float bias,
                                                float* y) {
  for (int64_t oh = 0; oh < p.oh; ++oh) {
    float* yr = y + oh * p.ow;
    std::fill(yr, yr + p.ow, bias);
    for (int64_t kh = 0; kh < p.kh; ++kh) KernelRow(p, w + kh * p.kw, plane + (oh * p.sh + kh * p.dh) * p.pw, yr);
  }
}

[[gnu::always_inline]] inline void PlaneDispatch(const PlaneGeom& p, const float* plane, const float* w, float bias,
                                                 float* y) {
  if (p.dw == 1) {
    if (p.kh == 3 && p.kw == 3 && p.sw == 1) return PlaneFixed<3, 3, 1>(p, plane, w, bias, y);
    if (p.kh == 3 && p.kw == 3 && p.sw == 2) return PlaneFixed<3, 3, 2>(p, plane, w, bias, y);
    if (p.kh == 5 && p.kw == 5 && p.sw == 1) return PlaneFixed<5, 5, 1>(p, plane, w, bias, y);
    if (p.kh == 5 && p.kw == 5 && p.sw == 2) return PlaneFixed<5, 5, 2>(p, plane, w, bias, y);
  }
  PlaneGeneric(p, plane, w, bias, y);
}

__attribute__((target("avx2,fma"))) void PlaneAvx2(const PlaneGeom& p, const float* plane, const float* w,
                                                    float bias, float* y) {
  PlaneDispatch(p, plane, w, bias, y);
}

void PlaneScalar(const PlaneGeom& p, const float* plane, const float* w, float bias, float* y) {
  PlaneDispatch(p, plane, w, bias, y);
}

__attribute__((target("avx2,fma"))) void FinishAvx2(const ConvEpilogue& ep, const float* res, float* y, int64_t n) {
  if (res) {
    for (int64_t i = 0; i < n; ++i) y[i] += res[i];
  }
  ApplyActivation(ep.act, ep.alpha, ep.beta, y, n);
}

void FinishScalar(const ConvEpilogue& ep, const float* res, float* y, int64_t n) {
  if (res) {
    for (int64_t i = 0; i < n; ++i) y[i] += res[i];
  }
  ApplyActivation(ep.act, ep.alpha, ep.beta, y, n);
}

}  // namespace

bool IsDepthwise2d(const ColGeometry& g, int64_t in_channels, int64_t out_channels, int64_t groups) {
  return g.image.size() == 2 && groups == in_channels && out_channels == in_channels && groups > 1;
}

void DepthwiseConv2dF32(const ColGeometry& g, int64_t batch, int64_t channels, const float* x, const float* w,
                        const ConvEpilogue& ep, float* y, Isa isa) {
  PlaneGeom p{g.kernel[0], g.kernel[1], g.strides[0], g.strides[1], g.dilations[0], g.dilations[1],
              g.cols[0],   g.cols[1],   0};
  const int64_t ih = g.image[0], iw = g.image[1];
  const int64_t ph = g.pads_begin[0], pwb = g.pads_begin[1];
  // Rows/columns of the padded plane that the output positions read.
  const int64_t rows = (p.oh - 1) * p.sh + (p.kh - 1) * p.dh + 1;
  p.pw = (p.ow - 1) * p.sw + (p.kw - 1) * p.dw + 1;
  const int64_t plane_size = rows * p.pw;
  const int64_t out_size = p.oh * p.ow;
  const int64_t jobs = batch * channels;
  const bool avx2 = isa >= Isa::kAvx2;
  const bool parallel = jobs > 1 && static_cast<double>(out_size) * jobs * p.kh * p.kw > 1e5;
  const int threads = parallel ? omp_get_max_threads() : 1;
  std::vector<float> planes(static_cast<size_t>(plane_size * threads));
#pragma omp parallel for schedule(static) num_threads(threads) if (parallel)
  for (int64_t job = 0; job < jobs; ++job) {
    float* plane = planes.data() + omp_get_thread_num() * plane_size;
    const float* xc = x + job * ih * iw;
    // Plane row r holds image row r - ph; plane column q holds image column q - pwb (zero outside).
    for (int64_t r = 0; r < rows; ++r) {
      float* dst = plane + r * p.pw;
      const int64_t src_row = r - ph;
      if (src_row < 0 || src_row >= ih) {
        std::fill(dst, dst + p.pw, 0.0f);
        continue;
      }
      const int64_t lo = std::clamp<int64_t>(pwb, 0, p.pw);             // first plane column inside
      const int64_t hi = std::clamp<int64_t>(pwb + iw, lo, p.pw);       // one past the last
      std::fill(dst, dst + lo, 0.0f);
      std::copy(xc + src_row * iw + (lo - pwb), xc + src_row * iw + (hi - pwb), dst + lo);
      std::fill(dst + hi, dst + p.pw, 0.0f);
    }
    const int64_t c = job % channels;
    const float bias = ep.bias ? ep.bias[c] : 0.0f;
    float* yc = y + job * out_size;
    const float* res = ep.residual ? ep.residual + job * out_size : nullptr;
    if (avx2) {
      PlaneAvx2(p, plane, w + c * p.kh * p.kw, bias, yc);
      FinishAvx2(ep, res, yc, out_size);
    } else {
      PlaneScalar(p, plane, w + c * p.kh * p.kw, bias, yc);
      FinishScalar(ep, res, yc, out_size);
    }
  }
}

}  // namespace minnow::kernels
