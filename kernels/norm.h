// Reference normalization kernels (batch, instance, layer) on raw buffers.
#pragma once

#include <cstdint>

namespace minnow::kernels {

// Inference batch norm over x [batch, channels, inner]:
// y = (x - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + bias[c].
template <typename T>
void BatchNormInferenceRef(int64_t batch, int64_t channels, int64_t inner, const T* x, const T* scale, const T* bias,
                           const T* mean, const T* var, float epsilon, T* y);

// Training-mode batch norm: normalises with the batch's own per-channel mean and (biased) variance,
// written to batch_mean / batch_var, each [channels].
template <typename T>
void BatchNormTrainingRef(int64_t batch, int64_t channels, int64_t inner, const T* x, const T* scale, const T* bias,
                          float epsilon, T* y, T* batch_mean, T* batch_var);

// Instance norm over x [batch, channels, inner]: each (n, c) plane normalised by its own statistics.
template <typename T>
void InstanceNormRef(int64_t batch, int64_t channels, int64_t inner, const T* x, const T* scale, const T* bias,
                     float epsilon, T* y);

// Layer norm of x [outer, inner] over inner: y = (x - mean) * inv_std * scale[i] + bias[i] (bias may
// be nullptr). mean / inv_std ([outer] each) are written when non-null.
template <typename T>
void LayerNormRef(int64_t outer, int64_t inner, const T* x, const T* scale, const T* bias, float epsilon, T* y,
                  T* mean, T* inv_std);

}  // namespace minnow::kernels
