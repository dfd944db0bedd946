// Static memory planning: given each intermediate buffer's size and lifetime (the range of node
// steps during which it must hold its data), assigns offsets in one arena so that buffers whose
// lifetimes overlap never overlap in memory ("greedy by size", as TFLite and ONNX Runtime do).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace minnow::runtime {

// Offsets and arena sizes are multiples of this (cache lines, and SIMD loads stay aligned).
constexpr size_t kArenaAlignment = 64;

struct BufferLifetime {
  size_t bytes = 0;
  int first = 0;  // step that writes the buffer
  int last = 0;   // last step that reads it (inclusive; >= first)
};

struct MemoryPlan {
  std::vector<size_t> offsets;  // parallel to the requests
  size_t arena_bytes = 0;
  // Most bytes alive at any one step: no plan can use a smaller arena.
  size_t lower_bound_bytes = 0;
  // Sum of all buffers: what allocating each one separately and never freeing would cost.
  size_t total_bytes = 0;
};

// Largest buffers first; each goes into the smallest gap between the buffers already placed that
// are alive at the same time (best fit), or after the last of them.
MemoryPlan PlanMemory(const std::vector<BufferLifetime>& buffers);

}  // namespace minnow::runtime
