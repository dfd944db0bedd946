// Greedy-by-size arena planner.
#include "runtime/memory_plan.h"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

namespace minnow::runtime {

namespace {
size_t AlignUp(size_t n) { return (n + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment; }
bool Overlaps(const BufferLifetime& a, const BufferLifetime& b) { return a.first <= b.last && b.first <= a.last; }
}  // namespace

MemoryPlan PlanMemory(const std::vector<BufferLifetime>& buffers) {
  MemoryPlan plan;
  plan.offsets.assign(buffers.size(), 0);
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Ties broken by first use then index, so the plan does not depend on the sort's whims.
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const size_t sa = AlignUp(buffers[a].bytes), sb = AlignUp(buffers[b].bytes);
    if (sa != sb) return sa > sb;
    if (buffers[a].first != buffers[b].first) return buffers[a].first < buffers[b].first;
    return a < b;
  });

  std::vector<size_t> placed;  // indices already given an offset
  for (size_t idx : order) {
    const BufferLifetime& buf = buffers[idx];
    const size_t size = AlignUp(buf.bytes);
    plan.total_bytes += size;
    // Memory ranges taken by placed buffers alive at the same time, sorted by offset.
    std::vector<std::pair<size_t, size_t>> busy;
    for (size_t p : placed) {
      if (Overlaps(buf, buffers[p])) busy.push_back({plan.offsets[p], plan.offsets[p] + AlignUp(buffers[p].bytes)});
    }
    std::sort(busy.begin(), busy.end());
    size_t best = std::numeric_limits<size_t>::max(), best_gap = std::numeric_limits<size_t>::max();
    size_t cursor = 0;
    for (const auto& [begin, end] : busy) {
      if (begin > cursor && begin - cursor >= size && begin - cursor < best_gap) {
        best = cursor;
        best_gap = begin - cursor;
      }
      cursor = std::max(cursor, end);
    }
    if (best == std::numeric_limits<size_t>::max()) best = cursor;  // after everything alive
    plan.offsets[idx] = best;
    plan.arena_bytes = std::max(plan.arena_bytes, best + size);
    placed.push_back(idx);
  }

  // Live bytes per step, via +size at `first` and -size after `last`.
  std::map<int, int64_t> delta;
  for (const auto& b : buffers) {
    delta[b.first] += static_cast<int64_t>(AlignUp(b.bytes));
    delta[b.last + 1] -= static_cast<int64_t>(AlignUp(b.bytes));
  }
  int64_t live = 0;
  for (const auto& [step, d] : delta) {
    live += d;
    plan.lower_bound_bytes = std::max(plan.lower_bound_bytes, static_cast<size_t>(std::max<int64_t>(live, 0)));
  }
  return plan;
}

}  // namespace minnow::runtime
