// Reference normalization kernels. Statistics accumulate in double for stability.
#include "kernels/norm.h"

#include <cmath>

namespace minnow::kernels {
namespace {

// Mean and biased variance of n values spaced `stride` apart in `count` runs of `run` contiguous values.
template <typename T>
void Moments(const T* x, int64_t runs, int64_t run, int64_t stride, double* mean, double* var) {
  double sum = 0;
  for (int64_t r = 0; r < runs; ++r) {
    for (int64_t i = 0; i < run; ++i) sum += static_cast<double>(x[r * stride + i]);
  }
  const double n = static_cast<double>(runs * run);
  const double m = n > 0 ? sum / n : 0.0;
  double sq = 0;
  for (int64_t r = 0; r < runs; ++r) {
    for (int64_t i = 0; i < run; ++i) {
      const double d = static_cast<double>(x[r * stride + i]) - m;
      sq += d * d;
    }
  }
  *mean = m;
  *var = n > 0 ? sq / n : 0.0;
}

}  // namespace

template <typename T>
void BatchNormInferenceRef(int64_t batch, int64_t channels, int64_t inner, const T* x, const T* scale, const T* bias,
                           const T* mean, const T* var, float epsilon, T* y) {
  for (int64_t c = 0; c < channels; ++c) {
    const double a = static_cast<double>(scale[c]) / std::sqrt(static_cast<double>(var[c]) + epsilon);
    const double b = static_cast<double>(bias[c]) - static_cast<double>(mean[c]) * a;
    for (int64_t n = 0; n < batch; ++n) {
      const T* xp = x + (n * channels + c) * inner;
      T* yp = y + (n * channels + c) * inner;
      for (int64_t i = 0; i < inner; ++i) yp[i] = static_cast<T>(static_cast<double>(xp[i]) * a + b);
    }
  }
}

template <typename T>
void BatchNormTrainingRef(int64_t batch, int64_t channels, int64_t inner, const T* x, const T* scale, const T* bias,
                          float epsilon, T* y, T* batch_mean, T* batch_var) {
  for (int64_t c = 0; c < channels; ++c) {
    double m, v;
    Moments(x + c * inner, batch, inner, channels * inner, &m, &v);
    batch_mean[c] = static_cast<T>(m);
    batch_var[c] = static_cast<T>(v);
    const double a = static_cast<double>(scale[c]) / std::sqrt(v + epsilon);
    const double b = static_cast<double>(bias[c]) - m * a;
    for (int64_t n = 0; n < batch; ++n) {
      const T* xp = x + (n * channels + c) * inner;
      T* yp = y + (n * channels + c) * inner;
      for (int64_t i = 0; i < inner; ++i) yp[i] = static_cast<T>(static_cast<double>(xp[i]) * a + b);
    }
  }
}

template <typename T>
void InstanceNormRef(int64_t batch, int64_t channels, int64_t inner, const T* x, const T* scale, const T* bias,
                     float epsilon, T* y) {
#pragma omp parallel for if (batch * channels * inner > (1 << 16))
  for (int64_t p = 0; p < batch * channels; ++p) {
    const int64_t c = p % channels;
    const T* xp = x + p * inner;
    T* yp = y + p * inner;
    double m, v;
    Moments(xp, 1, inner, inner, &m, &v);
    const double a = static_cast<double>(scale[c]) / std::sqrt(v + epsilon);
    const double b = static_cast<double>(bias[c]) - m * a;
    for (int64_t i = 0; i < inner; ++i) yp[i] = static_cast<T>(static_cast<double>(xp[i]) * a + b);
  }
}

template <typename T>
void LayerNormRef(int64_t outer, int64_t inner, const T* x, const T* scale, const T* bias, float epsilon, T* y,
                  T* mean, T* inv_std) {
#pragma omp parallel for if (outer * inner > (1 << 16))
  for (int64_t o = 0; o < outer; ++o) {
    const T* xp = x + o * inner;
    T* yp = y + o * inner;
    double m, v;
    Moments(xp, 1, inner, inner, &m, &v);
    const double r = 1.0 / std::sqrt(v + epsilon);
    for (int64_t i = 0; i < inner; ++i) {
      double val = (static_cast<double>(xp[i]) - m) * r * static_cast<double>(scale[i]);
      if (bias) val += static_cast<double>(bias[i]);
      yp[i] = static_cast<T>(val);
    }
    if (mean) mean[o] = static_cast<T>(m);
    if (inv_std) inv_std[o] = static_cast<T>(r);
  }
}

#define MINNOW_INSTANTIATE_NORM(T)                                                                                 \
  template void BatchNormInferenceRef<T>(int64_t, int64_t, int64_t, const T*, const T*, const T*, const T*,        \
                                         const T*, float, T*);                                                    \
  template void BatchNormTrainingRef<T>(int64_t, int64_t, int64_t, const T*, const T*, const T*, float, T*, T*,    \
                                        T*);                                                                      \
  template void InstanceNormRef<T>(int64_t, int64_t, int64_t, const T*, const T*, const T*, float, T*);          \
  template void LayerNormRef<T>(int64_t, int64_t, const T*, const T*, const T*, float, T*, T*, T*);
MINNOW_INSTANTIATE_NORM(float)
MINNOW_INSTANTIATE_NORM(double)
#undef MINNOW_INSTANTIATE_NORM

}  // namespace minnow::kernels
