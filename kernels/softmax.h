// Reference softmax / log-softmax along one axis of a buffer viewed as [outer, axis, inner].
#pragma once

#include <cstdint>

namespace minnow::kernels {

// y[o, a, i] = exp(x[o, a, i] - max_a) / sum_a exp(...) (or its log when log_softmax), computed
// with the max subtracted so large inputs do not overflow.
template <typename T>
void SoftmaxRef(int64_t outer, int64_t axis, int64_t inner, const T* x, T* y, bool log_softmax);

}  // namespace minnow::kernels
