// Reference softmax / log-softmax.
#include "kernels/softmax.h"

#include <algorithm>
#include <cmath>

namespace minnow::kernels {

template <typename T>
void SoftmaxRef(int64_t outer, int64_t axis, int64_t inner, const T* x, T* y, bool log_softmax) {
  if (axis <= 0) return;
#pragma omp parallel for if (outer * axis * inner > (1 << 16))
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const T* xp = x + o * axis * inner + i;
      T* yp = y + o * axis * inner + i;
      T mx = xp[0];
      for (int64_t a = 1; a < axis; ++a) mx = std::max(mx, xp[a * inner]);
      double sum = 0;
      for (int64_t a = 0; a < axis; ++a) {
        const T e = std::exp(xp[a * inner] - mx);
        sum += static_cast<double>(e);
        if (!log_softmax) yp[a * inner] = e;
      }
      if (log_softmax) {
        const T log_sum = static_cast<T>(std::log(sum));
        for (int64_t a = 0; a < axis; ++a) yp[a * inner] = xp[a * inner] - mx - log_sum;
      } else {
        const T inv = static_cast<T>(1.0 / sum);
        for (int64_t a = 0; a < axis; ++a) yp[a * inner] *= inv;
      }
    }
  }
}

template void SoftmaxRef<float>(int64_t, int64_t, int64_t, const float*, float*, bool);
template void SoftmaxRef<double>(int64_t, int64_t, int64_t, const double*, double*, bool);

}  // namespace minnow::kernels
