// Builders of the per-dimension offset tables consumed by IndexMapCopy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace minnow::kernels {

// Row-major element strides of `shape`.
std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& shape);

// Offsets start*stride, (start+step)*stride, ... (`count` entries); step may be negative.
std::vector<int64_t> StepMap(int64_t start, int64_t step, int64_t count, int64_t stride);

// Tile: output index i reads input index i % in_len.
std::vector<int64_t> TileMap(int64_t in_len, int64_t repeats, int64_t stride);

enum class PadMode { kConstant, kReflect, kEdge, kWrap };

// Pad one dimension of length in_len by `before` and `after` elements (negative values crop).
// Constant mode marks padded positions with kFillOffset. Reflect needs in_len >= 2 unless nothing
// is added (callers check); edge and wrap need in_len >= 1 when padding is added.
std::vector<int64_t> PadMap(int64_t in_len, int64_t before, int64_t after, PadMode mode, int64_t stride);

// Maps for reading an input of shape `in_shape` permuted by `perm` (output dim d = input dim perm[d]).
std::vector<std::vector<int64_t>> TransposeMaps(const std::vector<int64_t>& in_shape, const std::vector<int64_t>& perm);

}  // namespace minnow::kernels
