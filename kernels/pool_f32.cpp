// Fast f32 2-D max pooling: each plane is copied into a -inf padded plane so the window loops need
// no bounds checks and vectorise over output columns.
#include "kernels/pool_f32.h"

#include <omp.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace minnow::kernels {
namespace {

struct Geom {
  int64_t kh, kw, sh, sw, dh, dw, oh, ow, pw;
};

template <int KW, int SW>
[[gnu::always_inline]] inline void PoolPlane(const Geom& p, const float* plane, float* y) {
  const int64_t kw_n = KW ? KW : p.kw;
  const int64_t sw = SW ? SW : p.sw;
  for (int64_t oh = 0; oh < p.oh; ++oh) {
    float* yr = y + oh * p.ow;
    std::fill(yr, yr + p.ow, -std::numeric_limits<float>::infinity());
    for (int64_t kh = 0; kh < p.kh; ++kh) {
      const float* pr = plane + (oh * p.sh + kh * p.dh) * p.pw;
      for (int64_t o = 0; o < p.ow; ++o) {
        float best = yr[o];
        for (int64_t kw = 0; kw < kw_n; ++kw) {
          const float v = pr[o * sw + kw * p.dw];
          best = v > best ? v : best;
        }
        yr[o] = best;
      }
    }
  }
}

[[gnu::always_inline]] inline void PoolDispatch(const Geom& p, const float* plane, float* y) {
  if (p.kw == 3 && p.sw == 2) return PoolPlane<3, 2>(p, plane, y);
  if (p.kw == 3 && p.sw == 1) return PoolPlane<3, 1>(p, plane, y);
  if (p.kw == 2 && p.sw == 2) return PoolPlane<2, 2>(p, plane, y);
  PoolPlane<0, 0>(p, plane, y);
}

__attribute__((target("avx2,fma"))) void PoolAvx2(const Geom& p, const float* plane, float* y) {
  PoolDispatch(p, plane, y);
}
void PoolScalar(const Geom& p, const float* plane, float* y) { PoolDispatch(p, plane, y); }

}  // namespace

bool MaxPool2dF32(const PoolGeometry& g, int64_t planes, const float* x, float* y, Isa isa) {
  if (g.input.size() != 2) return false;
  Geom p{g.kernel[0], g.kernel[1], g.strides[0], g.strides[1], g.dilations[0], g.dilations[1],
         g.output[0], g.output[1], 0};
  const int64_t ih = g.input[0], iw = g.input[1], ph = g.pads_begin[0], pwb = g.pads_begin[1];
  const int64_t rows = (p.oh - 1) * p.sh + (p.kh - 1) * p.dh + 1;
  p.pw = (p.ow - 1) * p.sw + (p.kw - 1) * p.dw + 1;
  const int64_t plane_size = rows * p.pw, in_size = ih * iw, out_size = p.oh * p.ow;
  const bool parallel = planes > 1 && planes * out_size > (1 << 16);
  const int threads = parallel ? omp_get_max_threads() : 1;
  std::vector<float> buffers(static_cast<size_t>(plane_size * threads));
  const float lowest = -std::numeric_limits<float>::infinity();
#pragma omp parallel for num_threads(threads) if (parallel)
  for (int64_t c = 0; c < planes; ++c) {
    float* plane = buffers.data() + omp_get_thread_num() * plane_size;
    const float* xc = x + c * in_size;
    for (int64_t r = 0; r < rows; ++r) {
      float* dst = plane + r * p.pw;
      const int64_t src_row = r - ph;
      if (src_row < 0 || src_row >= ih) {
        std::fill(dst, dst + p.pw, lowest);
        continue;
      }
      const int64_t lo = std::clamp<int64_t>(pwb, 0, p.pw);
      const int64_t hi = std::clamp<int64_t>(pwb + iw, lo, p.pw);
      std::fill(dst, dst + lo, lowest);
      std::copy(xc + src_row * iw + (lo - pwb), xc + src_row * iw + (hi - pwb), dst + lo);
      std::fill(dst + hi, dst + p.pw, lowest);
    }
    if (isa >= Isa::kAvx2) PoolAvx2(p, plane, y + c * out_size);
    else PoolScalar(p, plane, y + c * out_size);
  }
  return true;
}

}  // namespace minnow::kernels
