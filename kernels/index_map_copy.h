// Type-generic gather through per-dimension offset tables: the one data-movement kernel behind
// Transpose, Slice, Tile, Pad, DepthToSpace/SpaceToDepth and nearest-neighbour Resize.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace minnow::kernels {

// Offsets marking "no source element": the output element gets the fill value (Pad constant mode,
// Resize extrapolation).
inline constexpr int64_t kFillOffset = -1;

// For an output of shape (maps[0].size(), ..., maps[r-1].size()) in row-major order:
//   out[i0, ..., ir-1] = in[maps[0][i0] + ... + maps[r-1][ir-1]]
// or `fill` when any maps[d][id] is kFillOffset. Every other offset sum must lie inside `in`
// (callers build the maps from validated shapes). A rank-0 output copies in[0].
template <typename T>
void IndexMapCopy(const T* in, T* out, const std::vector<std::vector<int64_t>>& maps, T fill) {
  const size_t rank = maps.size();
  for (const auto& m : maps) {
    if (m.empty()) return;  // empty output
  }
  if (rank == 0) {
    out[0] = in[0];
    return;
  }
  const std::vector<int64_t>& last = maps[rank - 1];
  const size_t inner = last.size();
  std::vector<size_t> pos(rank, 0);
  // base[d]: offset accumulated from dims < d; kFillOffset once any of them is a fill.
  std::vector<int64_t> base(rank, 0);
  for (size_t d = 1; d < rank; ++d) {
    const int64_t m = maps[d - 1][0];
    base[d] = (base[d - 1] == kFillOffset || m == kFillOffset) ? kFillOffset : base[d - 1] + m;
  }
  while (true) {
    const int64_t b = base[rank - 1];
    if (b == kFillOffset) {
      for (size_t i = 0; i < inner; ++i) out[i] = fill;
    } else {
      for (size_t i = 0; i < inner; ++i) out[i] = last[i] == kFillOffset ? fill : in[b + last[i]];
    }
    out += inner;
    // Advance the outer dims like an odometer and recompute the bases below the one that moved.
    size_t d = rank - 1;
    while (d > 0) {
      if (++pos[d - 1] < maps[d - 1].size()) break;
      pos[d - 1] = 0;
      --d;
    }
    if (d == 0) return;
    for (size_t k = d; k < rank; ++k) {
      const int64_t m = maps[k - 1][pos[k - 1]];
      base[k] = (base[k - 1] == kFillOffset || m == kFillOffset) ? kFillOffset : base[k - 1] + m;
    }
  }
}

}  // namespace minnow::kernels
