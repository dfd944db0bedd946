// Reference convolution: im2col + GEMM per (image, group); transposed convolution: GEMM + col2im.
#include "kernels/conv.h"

#include <algorithm>

#include <omp.h>

#include "kernels/gemm.h"

namespace minnow::kernels {
namespace {

int64_t Product(const std::vector<int64_t>& v) {
  int64_t p = 1;
  for (int64_t d : v) p *= d;
  return p;
}

// Walks every (channel, kernel tap, column row) of the im2col matrix, where a column row is a run of
// positions along the last spatial dim. For each run, calls fn(col_row, image_row, valid, tap_last),
// with image_row pointing at the start of the image row (last dim index 0) when valid.
template <typename T, typename ImagePtr, typename ColPtr, typename Fn>
void ForEachColRow(const ColGeometry& g, int64_t channels, ImagePtr image, ColPtr col, Fn&& fn) {
  const size_t nd = g.image.size();
  const int64_t image_size = g.ImageSize();
  const int64_t col_size = g.ColSize();
  const int64_t taps = g.KernelSize();
  const int64_t col_last = g.cols[nd - 1];
  const int64_t image_last = g.image[nd - 1];
  const int64_t rows = col_size / col_last;
  std::vector<int64_t> tap(nd), pos(nd);
  for (int64_t c = 0; c < channels; ++c) {
    std::fill(tap.begin(), tap.end(), 0);
    for (int64_t t = 0; t < taps; ++t) {
      ColPtr col_tap = col + (c * taps + t) * col_size;
      std::fill(pos.begin(), pos.end(), 0);
      for (int64_t r = 0; r < rows; ++r) {
        // Image offset of the row over the leading dims; invalid when any lands in padding.
        bool valid = true;
        int64_t offset = 0;
        for (size_t d = 0; d + 1 < nd; ++d) {
          const int64_t ix = pos[d] * g.strides[d] + tap[d] * g.dilations[d] - g.pads_begin[d];
          valid &= ix >= 0 && ix < g.image[d];
          offset = offset * g.image[d] + ix;
        }
        fn(col_tap + r * col_last, valid ? image + c * image_size + offset * image_last : nullptr, tap[nd - 1]);
        for (int64_t d = static_cast<int64_t>(nd) - 2; d >= 0; --d) {
          if (++pos[d] < g.cols[d]) break;
          pos[d] = 0;
        }
      }
      for (int64_t d = static_cast<int64_t>(nd) - 1; d >= 0; --d) {
        if (++tap[d] < g.kernel[d]) break;
        tap[d] = 0;
      }
    }
  }
}

// Range [lo, hi) of last-dim column positions whose image position lies inside [0, image_last).
inline void ValidRange(const ColGeometry& g, int64_t tap_last, int64_t* lo, int64_t* hi) {
  const size_t l = g.image.size() - 1;
  const int64_t s = g.strides[l];
  const int64_t start = tap_last * g.dilations[l] - g.pads_begin[l];  // image position of column 0
  // o * s + start >= 0  <=>  o >= ceil(-start / s)
  *lo = start >= 0 ? 0 : (-start + s - 1) / s;
  // o * s + start < image  <=>  o < ceil((image - start) / s)
  const int64_t room = g.image[l] - start;
  *hi = room <= 0 ? 0 : (room + s - 1) / s;
  *lo = std::min(*lo, g.cols[l]);
  *hi = std::clamp(*hi, *lo, g.cols[l]);
}

}  // namespace

int64_t ColGeometry::ImageSize() const { return Product(image); }
int64_t ColGeometry::ColSize() const { return Product(cols); }
int64_t ColGeometry::KernelSize() const { return Product(kernel); }

template <typename T>
void Im2Col(const ColGeometry& g, int64_t channels, const T* image, T* col) {
  const size_t l = g.image.size() - 1;
  const int64_t n = g.cols[l];
  const int64_t s = g.strides[l];
  ForEachColRow<T>(g, channels, image, col, [&](T* dst, const T* src, int64_t tap_last) {
    if (!src) {
      std::fill(dst, dst + n, T(0));
      return;
    }
    int64_t lo, hi;
    ValidRange(g, tap_last, &lo, &hi);
    const int64_t start = tap_last * g.dilations[l] - g.pads_begin[l];
    std::fill(dst, dst + lo, T(0));
    if (s == 1) {
      std::copy(src + lo + start, src + hi + start, dst + lo);
    } else {
      for (int64_t o = lo; o < hi; ++o) dst[o] = src[o * s + start];
    }
    std::fill(dst + hi, dst + n, T(0));
  });
}

template <typename T>
void Col2ImAdd(const ColGeometry& g, int64_t channels, const T* col, T* image) {
  const size_t l = g.image.size() - 1;
  const int64_t s = g.strides[l];
  ForEachColRow<T>(g, channels, image, col, [&](const T* src, T* dst, int64_t tap_last) {
    if (!dst) return;
    int64_t lo, hi;
    ValidRange(g, tap_last, &lo, &hi);
    const int64_t start = tap_last * g.dilations[l] - g.pads_begin[l];
    for (int64_t o = lo; o < hi; ++o) dst[o * s + start] += src[o];
  });
}

template <typename T>
void ConvRef(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels, int64_t groups,
             const T* x, const T* w, const T* bias, T* y) {
  const int64_t cin_g = in_channels / groups;
  const int64_t cout_g = out_channels / groups;
  const int64_t image_size = g.ImageSize();
  const int64_t col_size = g.ColSize();
  const int64_t k = cin_g * g.KernelSize();
  // A 1x1 kernel with unit strides and no padding reads the image itself as the column matrix.
  bool pointwise = true;
  for (size_t d = 0; d < g.image.size(); ++d) {
    pointwise &= g.kernel[d] == 1 && g.strides[d] == 1 && g.pads_begin[d] == 0 && g.cols[d] == g.image[d];
  }
  const int64_t jobs = batch * groups;
  // Many small per-group products (depthwise) parallelise over groups; large ones inside the GEMM.
  const bool parallel_jobs = jobs >= 4 && static_cast<double>(cout_g) * col_size * k < 4e6;
  // One column buffer per thread, allocated before the parallel region so a failed allocation
  // surfaces as std::bad_alloc to the caller instead of terminating inside OpenMP.
  const int64_t threads = parallel_jobs ? omp_get_max_threads() : 1;
  const int64_t col_elems = pointwise ? 0 : k * col_size;
  std::vector<T> cols(static_cast<size_t>(threads * col_elems));
#pragma omp parallel if (parallel_jobs)
  {
    T* col = cols.data() + omp_get_thread_num() * col_elems;
#pragma omp for schedule(dynamic)
    for (int64_t job = 0; job < jobs; ++job) {
      const int64_t n = job / groups;
      const int64_t grp = job % groups;
      const T* xg = x + (n * in_channels + grp * cin_g) * image_size;
      T* yg = y + (n * out_channels + grp * cout_g) * col_size;
      const T* colp = xg;
      if (!pointwise) {
        Im2Col(g, cin_g, xg, col);
        colp = col;
      }
      GemmRef<T>(false, false, cout_g, col_size, k, T(1), w + grp * cout_g * k, k, colp, col_size, T(0), yg,
                 col_size);
      if (bias) {
        for (int64_t m = 0; m < cout_g; ++m) {
          const T b = bias[grp * cout_g + m];
          T* row = yg + m * col_size;
          for (int64_t i = 0; i < col_size; ++i) row[i] += b;
        }
      }
    }
  }
}

template <typename T>
void ConvTransposeRef(const ColGeometry& g, int64_t batch, int64_t in_channels, int64_t out_channels, int64_t groups,
                      const T* x, const T* w, const T* bias, T* y) {
  const int64_t cin_g = in_channels / groups;
  const int64_t cout_g = out_channels / groups;
  const int64_t image_size = g.ImageSize();
  const int64_t col_size = g.ColSize();
  const int64_t rows = cout_g * g.KernelSize();  // rows of the column matrix per group
  std::vector<T> col(static_cast<size_t>(rows * col_size));
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t grp = 0; grp < groups; ++grp) {
      const T* xg = x + (n * in_channels + grp * cin_g) * col_size;
      T* yg = y + (n * out_channels + grp * cout_g) * image_size;
      // col = W_g^T * x_g, with W_g stored [cin_g, cout_g * taps].
      GemmRef<T>(true, false, rows, col_size, cin_g, T(1), w + grp * cin_g * rows, rows, xg, col_size, T(0),
                 col.data(), col_size);
      std::fill(yg, yg + cout_g * image_size, T(0));
      Col2ImAdd(g, cout_g, col.data(), yg);
      if (bias) {
        for (int64_t m = 0; m < cout_g; ++m) {
          const T b = bias[grp * cout_g + m];
          T* plane = yg + m * image_size;
          for (int64_t i = 0; i < image_size; ++i) plane[i] += b;
        }
      }
    }
  }
}

#define MINNOW_INSTANTIATE_CONV(T)                                                                             \
  template void Im2Col<T>(const ColGeometry&, int64_t, const T*, T*);                                         \
  template void Col2ImAdd<T>(const ColGeometry&, int64_t, const T*, T*);                                      \
  template void ConvRef<T>(const ColGeometry&, int64_t, int64_t, int64_t, int64_t, const T*, const T*, const T*, \
                           T*);                                                                               \
  template void ConvTransposeRef<T>(const ColGeometry&, int64_t, int64_t, int64_t, int64_t, const T*, const T*, \
                                    const T*, T*);
MINNOW_INSTANTIATE_CONV(float)
MINNOW_INSTANTIATE_CONV(double)
#undef MINNOW_INSTANTIATE_CONV

}  // namespace minnow::kernels
