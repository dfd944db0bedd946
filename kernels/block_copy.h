// Byte-level copies of row blocks between buffers with different row pitches (Concat, Split)
// and of gathered slices (Gather): type-generic because they only move whole elements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace minnow::kernels {

// Copies `rows` rows of `row_bytes` bytes; row r starts at src + r*src_pitch and dst + r*dst_pitch.
inline void CopyRows(const std::byte* src, int64_t src_pitch, std::byte* dst, int64_t dst_pitch, int64_t rows,
                     int64_t row_bytes) {
  if (row_bytes <= 0) return;
  for (int64_t r = 0; r < rows; ++r) std::memcpy(dst + r * dst_pitch, src + r * src_pitch, static_cast<size_t>(row_bytes));
}

// Gather along one axis of data viewed as [outer, axis_len, inner] (inner counted in bytes):
//   dst[o, k, :] = src[o, indices[k], :]   for k in [0, num_indices).
// Indices must already be normalised into [0, axis_len).
inline void GatherBlocks(const std::byte* src, std::byte* dst, int64_t outer, int64_t axis_len, int64_t inner_bytes,
                         const int64_t* indices, int64_t num_indices) {
  if (inner_bytes <= 0) return;
  for (int64_t o = 0; o < outer; ++o) {
    const std::byte* block = src + o * axis_len * inner_bytes;
    for (int64_t k = 0; k < num_indices; ++k) {
      std::memcpy(dst, block + indices[k] * inner_bytes, static_cast<size_t>(inner_bytes));
      dst += inner_bytes;
    }
  }
}

}  // namespace minnow::kernels
