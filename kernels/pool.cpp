// Reference pooling kernels: windows are walked as per-dim tap ranges clipped to the input.
#include "kernels/pool.h"

#include <algorithm>
#include <limits>

namespace minnow::kernels {
namespace {

int64_t Product(const std::vector<int64_t>& v) {
  int64_t p = 1;
  for (int64_t d : v) p *= d;
  return p;
}

// Taps t in [lo, hi) of dim d whose input position start + t * dil lies in [begin, end).
void TapRange(int64_t start, int64_t dil, int64_t kernel, int64_t begin, int64_t end, int64_t* lo, int64_t* hi) {
  // start + t * dil >= begin  <=>  t >= ceil((begin - start) / dil)
  *lo = start >= begin ? 0 : (begin - start + dil - 1) / dil;
  // start + t * dil < end  <=>  t < ceil((end - start) / dil)
  *hi = end <= start ? 0 : (end - start + dil - 1) / dil;
  *lo = std::min(*lo, kernel);
  *hi = std::clamp(*hi, *lo, kernel);
}

// Calls fn(out_index, first[], lo[], hi[]) for every output position of one plane, where first[d] is
// the input position of tap 0 and [lo, hi) the taps inside [0, input) in dim d.
template <typename Fn>
void ForEachWindow(const PoolGeometry& g, Fn&& fn) {
  const size_t nd = g.input.size();
  const int64_t out_size = Product(g.output);
  std::vector<int64_t> pos(nd, 0), first(nd), lo(nd), hi(nd);
  for (int64_t o = 0; o < out_size; ++o) {
    for (size_t d = 0; d < nd; ++d) {
      first[d] = pos[d] * g.strides[d] - g.pads_begin[d];
      TapRange(first[d], g.dilations[d], g.kernel[d], 0, g.input[d], &lo[d], &hi[d]);
    }
    fn(o, first, lo, hi);
    for (int64_t d = static_cast<int64_t>(nd) - 1; d >= 0; --d) {
      if (++pos[d] < g.output[d]) break;
      pos[d] = 0;
    }
  }
}

}  // namespace

template <typename T>
void MaxPoolRef(const PoolGeometry& g, int64_t planes, const T* x, T* y, int64_t* indices, bool column_major) {
  const size_t nd = g.input.size();
  const int64_t in_size = Product(g.input);
  const int64_t out_size = Product(g.output);
  // Flat-offset multipliers for the input (row-major) and for the reported index (either order).
  std::vector<int64_t> stride(nd), index_stride(nd);
  for (int64_t d = static_cast<int64_t>(nd) - 1, s = 1; d >= 0; --d) {
    stride[d] = s;
    s *= g.input[d];
  }
  for (size_t d = 0, s = 1; d < nd; ++d) {
    index_stride[d] = column_major ? static_cast<int64_t>(s) : stride[d];
    s *= static_cast<size_t>(g.input[d]);
  }
#pragma omp parallel for if (planes * out_size > (1 << 16))
  for (int64_t p = 0; p < planes; ++p) {
    const T* xp = x + p * in_size;
    std::vector<int64_t> tap(nd);
    ForEachWindow(g, [&](int64_t o, const std::vector<int64_t>& first, const std::vector<int64_t>& lo,
                         const std::vector<int64_t>& hi) {
      T best = std::numeric_limits<T>::lowest();
      if constexpr (std::numeric_limits<T>::has_infinity) best = -std::numeric_limits<T>::infinity();
      int64_t best_index = -1;
      bool empty = false;
      for (size_t d = 0; d < nd; ++d) empty |= lo[d] >= hi[d];
      if (!empty) {
        for (size_t d = 0; d < nd; ++d) tap[d] = lo[d];
        while (true) {
          int64_t off = 0, idx = 0;
          for (size_t d = 0; d < nd; ++d) {
            const int64_t ix = first[d] + tap[d] * g.dilations[d];
            off += ix * stride[d];
            idx += ix * index_stride[d];
          }
          if (best_index < 0 || xp[off] > best) {
            best = xp[off];
            best_index = idx;
          }
          int64_t d = static_cast<int64_t>(nd) - 1;
          for (; d >= 0; --d) {
            if (++tap[d] < hi[d]) break;
            tap[d] = lo[d];
          }
          if (d < 0) break;
        }
      }
      y[p * out_size + o] = best;
      if (indices) indices[p * out_size + o] = best_index < 0 ? -1 : p * in_size + best_index;
    });
  }
}

template <typename T>
void AveragePoolRef(const PoolGeometry& g, int64_t planes, const T* x, T* y, bool count_include_pad) {
  const size_t nd = g.input.size();
  const int64_t in_size = Product(g.input);
  const int64_t out_size = Product(g.output);
  std::vector<int64_t> stride(nd);
  for (int64_t d = static_cast<int64_t>(nd) - 1, s = 1; d >= 0; --d) {
    stride[d] = s;
    s *= g.input[d];
  }
#pragma omp parallel for if (planes * out_size > (1 << 16))
  for (int64_t p = 0; p < planes; ++p) {
    const T* xp = x + p * in_size;
    std::vector<int64_t> tap(nd);
    ForEachWindow(g, [&](int64_t o, const std::vector<int64_t>& first, const std::vector<int64_t>& lo,
                         const std::vector<int64_t>& hi) {
      int64_t count = 1;
      bool empty = false;
      for (size_t d = 0; d < nd; ++d) {
        if (count_include_pad) {
          int64_t plo, phi;
          TapRange(first[d], g.dilations[d], g.kernel[d], -g.pads_begin[d], g.input[d] + g.pads_end[d], &plo, &phi);
          count *= phi - plo;
        } else {
          count *= hi[d] - lo[d];
        }
        empty |= lo[d] >= hi[d];
      }
      double sum = 0;
      if (!empty) {
        for (size_t d = 0; d < nd; ++d) tap[d] = lo[d];
        while (true) {
          int64_t off = 0;
          for (size_t d = 0; d < nd; ++d) off += (first[d] + tap[d] * g.dilations[d]) * stride[d];
          sum += static_cast<double>(xp[off]);
          int64_t d = static_cast<int64_t>(nd) - 1;
          for (; d >= 0; --d) {
            if (++tap[d] < hi[d]) break;
            tap[d] = lo[d];
          }
          if (d < 0) break;
        }
      }
      y[p * out_size + o] = count > 0 ? static_cast<T>(sum / static_cast<double>(count)) : T(0);
    });
  }
}

template <typename T>
void GlobalMaxPoolRef(int64_t planes, int64_t size, const T* x, T* y) {
  for (int64_t p = 0; p < planes; ++p) {
    const T* xp = x + p * size;
    T best = xp[0];
    for (int64_t i = 1; i < size; ++i) best = std::max(best, xp[i]);
    y[p] = best;
  }
}

template <typename T>
void GlobalAveragePoolRef(int64_t planes, int64_t size, const T* x, T* y) {
  for (int64_t p = 0; p < planes; ++p) {
    const T* xp = x + p * size;
    double sum = 0;
    for (int64_t i = 0; i < size; ++i) sum += static_cast<double>(xp[i]);
    y[p] = static_cast<T>(sum / static_cast<double>(size));
  }
}

template void MaxPoolRef<float>(const PoolGeometry&, int64_t, const float*, float*, int64_t*, bool);
template void MaxPoolRef<double>(const PoolGeometry&, int64_t, const double*, double*, int64_t*, bool);
template void MaxPoolRef<int8_t>(const PoolGeometry&, int64_t, const int8_t*, int8_t*, int64_t*, bool);
template void MaxPoolRef<uint8_t>(const PoolGeometry&, int64_t, const uint8_t*, uint8_t*, int64_t*, bool);
template void AveragePoolRef<float>(const PoolGeometry&, int64_t, const float*, float*, bool);
template void AveragePoolRef<double>(const PoolGeometry&, int64_t, const double*, double*, bool);
template void GlobalMaxPoolRef<float>(int64_t, int64_t, const float*, float*);
template void GlobalMaxPoolRef<double>(int64_t, int64_t, const double*, double*);
template void GlobalAveragePoolRef<float>(int64_t, int64_t, const float*, float*);
template void GlobalAveragePoolRef<double>(int64_t, int64_t, const double*, double*);

}  // namespace minnow::kernels
