// Fast f32 2-D max pooling (the stem pooling of resnet-style models), used when no indices are wanted.
#pragma once

#include <cstdint>

#include "kernels/cpu_features.h"
#include "kernels/pool.h"

namespace minnow::kernels {

// Returns false (and writes nothing) unless g is 2-D; then the caller uses MaxPoolRef. Padding
// counts as -inf, so a NaN is propagated only where MaxPoolRef propagates it too, except a NaN in the
// first in-image tap of a window (MaxPoolRef keeps it, this kernel skips it). May throw std::bad_alloc.
bool MaxPool2dF32(const PoolGeometry& g, int64_t planes, const float* x, float* y, Isa isa = SelectedIsa());

}  // namespace minnow::kernels
